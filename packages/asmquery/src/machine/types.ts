/**
 * The shape of a machine definition: what someone bringing up an ISA writes
 * (under machine-defs/<isa>/), as plain data plus the encoders of its
 * instruction formats. AsmQuery validates a definition against these types
 * with zod when it is loaded (see schema.ts and validate.ts) and compiles it
 * into matcher tables (see ../query/tables.ts).
 *
 * Nothing here is specific to one ISA: registers, classes, flags, the ABI,
 * formats and forms are all named by the definition.
 */
import type { ActionSpec } from '@lirc/low-ir';

/** A register. Flags are 1-bit registers too (x86 condition views, in a group). */
export interface RegisterDef {
  readonly name: string;
  /** The number encodings use for it (x86: 0–15 with the REX bit; RISC-V: 0–31). */
  readonly encoding: number;
  /** Width of the whole register in bits (1 for a flag). */
  readonly width: number;
  /** Names of narrower views by width, for printing (x86 rax: {32: 'eax', 16: 'ax', 8: 'al'}). */
  readonly views?: Readonly<Record<number, string>>;
  /**
   * A group of registers that instructions write as a whole: writing any
   * member clobbers the others (x86: every condition view of RFLAGS).
   */
  readonly group?: string;
}

/** A register class: the registers a parameter may be given, and what they can hold. */
export interface RegisterClass {
  readonly name: string;
  /** Members, in the order the allocator should prefer them. */
  readonly registers: readonly string[];
  /** Value widths a register of the class can hold (RISC-V f64 class: [32, 64]). */
  readonly widths: readonly number[];
}

/** Registers with a special role. */
export interface SpecialRegisters {
  readonly stackPointer: string;
  readonly framePointer?: string;
  /** A register that reads as zero and ignores writes (RISC-V x0). */
  readonly zero?: string;
  /** A register pinned to the runtime context (never allocated). */
  readonly context?: string;
  /** Where a call leaves its return address, if a register (RISC-V ra). */
  readonly returnAddress?: string;
  /** Registers the allocator must never use (besides the ones above). */
  readonly reserved?: readonly string[];
  /**
   * A register the allocator never assigns; LIRC uses it for addresses no
   * form's immediate reaches, e.g. far stack slots (`scratch ← fp + offset`,
   * then the access through it). A machine whose memory forms take offsets
   * as large as any frame (x86: 32-bit displacements) needs none.
   */
  readonly scratch?: string;
}

/** The calling convention (ABI) of the target. */
export interface AbiDef {
  readonly name: string;
  /** Argument registers per register class, in order. */
  readonly args: Readonly<Record<string, readonly string[]>>;
  /** Result registers per register class, in order. */
  readonly results: Readonly<Record<string, readonly string[]>>;
  /** Registers a callee must preserve. Every other allocatable register is caller-saved. */
  readonly calleeSaved: readonly string[];
  /** Stack alignment in bytes at a call. */
  readonly stackAlignment: number;
  /** Bytes below the stack pointer a leaf may use without moving it. */
  readonly redZone: number;
  /** Size in bytes of one stack argument slot. */
  readonly stackSlotSize: number;
  /**
   * Results beyond the result registers go through a return area whose
   * address the caller passes in this register (SysV: rdi; RISC-V: a0).
   */
  readonly returnAreaPointer: string;
  /** The Linux user-space interface on this machine, for glue code; absent when not known. */
  readonly linux?: LinuxAbi;
}

/**
 * Facts of the Linux user-space interface of one machine that glue code
 * written in Low IR needs (a start routine, a signal handler that turns a
 * fault into a reported trap): system call numbers, signal numbers, and the
 * layouts of the kernel structures it reads and writes. Byte offsets and
 * sizes are the kernel's (not a C library's).
 */
export interface LinuxAbi {
  /** System call numbers. */
  readonly syscalls: {
    readonly write: number;
    readonly exit: number;
    readonly rt_sigaction: number;
    readonly rt_sigreturn: number;
    readonly sigaltstack: number;
  };
  /** The signals a fault in generated code raises. */
  readonly signals: {
    readonly SIGILL: number;
    readonly SIGTRAP: number;
    readonly SIGBUS: number;
    readonly SIGFPE: number;
    readonly SIGSEGV: number;
  };
  /** The kernel's struct sigaction (rt_sigaction's argument): size and field offsets. */
  readonly sigaction: {
    readonly size: number;
    readonly handler: number;
    readonly flags: number;
    readonly mask: number;
    /** The field for SA_RESTORER's return trampoline, on machines that need one. */
    readonly restorer?: number;
  };
  /** sa_flags bits. */
  readonly saFlags: {
    readonly SA_SIGINFO: number;
    readonly SA_ONSTACK: number;
    /** Set when the kernel needs a restorer (a function calling rt_sigreturn) from user space. */
    readonly SA_RESTORER?: number;
  };
  /** Bytes of the signal mask rt_sigaction takes (its sigsetsize argument). */
  readonly sigsetSize: number;
  /** stack_t (sigaltstack's argument): size and field offsets. */
  readonly stack: {
    readonly size: number;
    readonly sp: number;
    readonly flags: number;
    readonly bytes: number;
  };
  /** Byte offsets, in the ucontext a SA_SIGINFO handler gets, of the interrupted pc and stack pointer. */
  readonly ucontext: { readonly pc: number; readonly sp: number };
  /** The ELF header fields of executables for this machine (e_machine, e_flags). */
  readonly elf: { readonly machine: number; readonly flags: number };
  /** The qemu user-mode emulator that runs this machine's executables on another host. */
  readonly emulator: string;
}

/** An operand of an instruction form. */
export type ParamDef =
  /** A register of a class, seen at `width` bits (x86 eax is rax at 32). */
  | { readonly kind: 'reg'; readonly class: string; readonly width: number }
  /** One fixed register (x86 div's rax, a shift count in cl, a flag view). */
  | { readonly kind: 'fixed'; readonly reg: string; readonly width: number }
  /**
   * An immediate that stands for a `width`-bit operand of the semantics. It
   * must fit `bits` bits (signed or unsigned) and be a multiple of `align`;
   * `oneOf` restricts it to a list (x86 scale: 1, 2, 4, 8).
   */
  | {
      readonly kind: 'imm';
      readonly width: number;
      readonly bits: number;
      readonly signed: boolean;
      readonly align?: number;
      readonly oneOf?: readonly number[];
    }
  /**
   * A label, encoded as a signed pc-relative offset of `bits` bits, a
   * multiple of `align`, relative to the start of the instruction or to its
   * end (x86).
   */
  | {
      readonly kind: 'label';
      readonly bits: number;
      readonly align?: number;
      readonly relativeTo: 'start' | 'end';
    }
  /** A function of the module (a call target, resolved by a relocation). */
  | { readonly kind: 'func' }
  /** A symbol (a trap kind): any symbol matches; it is not encoded. */
  | { readonly kind: 'sym' };

/** A value of a field in an encoding spec: a constant, a parameter name, or format-specific data. */
export type FieldValue = number | string | boolean | readonly number[];

/** How a form encodes: a format of the definition and the values of its fields. */
export interface EncodingSpec {
  readonly format: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

/** One instruction form: an operand shape of one instruction. */
export interface FormDef {
  /** Unique name, usually the assembly shape: 'add r32, r/m32', 'addi'. */
  readonly name: string;
  /** The group it is listed under (ISA extension or family: 'base', 'M', 'sse2'). */
  readonly extension: string;
  readonly params: Readonly<Record<string, ParamDef>>;
  /**
   * What the instruction does, in Low IR text over the parameters
   * (`%dst`, `^target`, `@callee`, a trap kind by its parameter name):
   *   %out = add.32 %dst, %src
   * Values the snippet defines without an output location are intermediates:
   * they exist only inside the instruction.
   */
  readonly semantics: string;
  /**
   * Where defined values land: a parameter name (the register bound to it;
   * tied when the parameter is also read) or a register name.
   */
  readonly outputs?: Readonly<Record<string, string>>;
  /** Registers or register groups left undefined. */
  readonly clobbers?: readonly string[];
  /** One spec, or several for a sequence (a far branch). */
  readonly encoding: EncodingSpec | readonly EncodingSpec[];
  /**
   * Assembly text: `{param}` prints a parameter (a register at the
   * parameter's width, an immediate in decimal, a label); `{+param}` prints an
   * immediate as ` + n`, ` - n` or nothing for 0 (a function as ` + name`);
   * `{1<<param}` prints 2 to the power of an immediate (x86 scale);
   * `{param>>n}` prints an immediate shifted right by n, unsigned;
   * `{%op(param)}` prints a function under a relocation operator, `%op(name)`
   * (RISC-V `%pcrel_hi(f)`); `{+label}` prints a label's offset as ` + n`
   * (x86 `[rip + n]`); `{label:hiN}` and `{label:loN}` print a label's offset
   * from the start of the form split into a high part and a sign-extended
   * N-bit low part (RISC-V auipc + addi). Several lines for a sequence.
   */
  readonly asm: string;
  /**
   * The form's text for a real assembler (`lirc compile --emit asm`), when
   * `asm` (what the llvm-mc oracle and listings use) would let the assembler
   * pick another encoding or write a relocation operator it does not take:
   * x86 `{{disp32}} jmp {target}` (`{{word}}` is the text `{word}`) pins the
   * rel32 form the assembler would otherwise relax; RISC-V `{@}: auipc …, %pcrel_lo({@})` labels the auipc
   * that the addi's `%pcrel_lo` names. `{@}` is a label on the form's first
   * instruction, made up by the writer. Same placeholders as `asm` otherwise.
   */
  readonly assembler?: string;
  /** Relative cost (default 1); ties between equally long matches go to the cheapest. */
  readonly cost?: number;
  /**
   * Where the semantics hold only under a condition the hardware does not
   * check the same way (x86 idiv faults on INT_MIN / -1; RISC-V div by zero
   * gives -1 instead of trapping), say so: producers must guard those inputs.
   */
  readonly note?: string;
  /** The file that defines it (filled in by `group`), for error messages. */
  readonly source?: string;
}

/** A resolved operand value handed to a format's encoder. */
export type OperandValue =
  /** A register, at the width the parameter sees it (x86 needs REX for sil at 8 bits). */
  | { readonly kind: 'reg'; readonly reg: RegisterDef; readonly width: number }
  | { readonly kind: 'imm'; readonly value: bigint }
  /** A pc-relative label: `offset` is target − (start or end of the instruction), 0 while unknown. */
  | { readonly kind: 'label'; readonly offset: number; readonly known: boolean }
  /**
   * A function; `offset`, when the caller knows it, is the function's byte
   * offset from the start of this encoding (encode it pc-relative; without
   * it, ask for a relocation).
   */
  | { readonly kind: 'func'; readonly name: string; readonly offset?: number }
  | { readonly kind: 'const'; readonly value: FieldValue };

/** What a format's encoder is given besides the fields. */
export interface EncodeContext {
  /** Name of the form (for error messages). */
  readonly form: string;
}

/** A relocation a format asks for (a call to a function, an address of data). */
export interface RelocationRequest {
  /** Byte offset within the instruction. */
  readonly at: number;
  readonly kind: string;
  readonly symbol: string;
  readonly addend: number;
  /**
   * For the low half of a pc-relative pair (RISC-V `%pcrel_lo`): the byte
   * distance from `at` back to the instruction holding the high half. An
   * object writer points such a relocation at a local symbol there (where
   * the linker finds the high half's relocation), not at `symbol`.
   */
  readonly pairedBack?: number;
}

/** The bytes of one encoded instruction and the relocations it needs. */
export interface Encoded {
  readonly bytes: readonly number[];
  readonly relocations?: readonly RelocationRequest[];
}

/** A field of a format, for validation of encoding specs. */
export interface FormatField {
  /** Bits the field holds (for constants and immediates); 0 when not a bit field. */
  readonly bits: number;
  /** Must every form set it? */
  readonly required: boolean;
  /** What it accepts: a register, an immediate or label, or a constant. */
  readonly accepts: readonly ('reg' | 'imm' | 'label' | 'func' | 'const')[];
}

/** What a format's `check` can look up: the machine's registers and classes. */
export interface FormatCheckContext {
  readonly registers: ReadonlyMap<string, RegisterDef>;
  readonly classes: ReadonlyMap<string, RegisterClass>;
}

/** An instruction format: its fields and the encoder that lays them out. */
export interface FormatDef {
  readonly name: string;
  readonly fields: Readonly<Record<string, FormatField>>;
  /** Encodes one instruction from its resolved fields. */
  encode(fields: Readonly<Record<string, OperandValue>>, ctx: EncodeContext): Encoded;
  /**
   * Checks a form's spec beyond field kinds and sizes (format-specific rules,
   * such as x86's "rsp cannot be an index"); returns the problems.
   */
  check?(spec: EncodingSpec, form: FormDef, machine: FormatCheckContext): readonly string[];
  /** Problems with the format itself (a bad bit layout), reported when the definition loads. */
  readonly problems?: readonly string[];
}

/** How to run llvm-mc for this target (the encoding oracle). */
export interface OracleConfig {
  readonly triple: string;
  /** Extra llvm-mc arguments for assembling (syntax, features). */
  readonly assembleArgs: readonly string[];
  /** Extra llvm-mc arguments for disassembling. */
  readonly disassembleArgs: readonly string[];
  /**
   * Whether llvm-mc can assemble label forms written with a numeric offset
   * (RISC-V `blt a0, a1, 16`); if not, label forms are checked by disassembly
   * only.
   */
  readonly assemblesNumericLabels: boolean;
}

/**
 * How relocatable objects for this machine are written: the ELF header's
 * class, machine number and flags, and the ELF relocation type of each
 * relocation kind the formats can ask for (`RelocationRequest.kind`).
 */
export interface ObjectFormatDef {
  /** `EI_CLASS`: ELF32 or ELF64. */
  readonly elfClass: 32 | 64;
  /** `e_machine` (EM_X86_64 is 62, EM_RISCV 243). */
  readonly machine: number;
  /** `e_flags` (RISC-V: the float ABI). */
  readonly flags: number;
  /** Relocation kind (as the formats name it) to its ELF `r_type` number (every one is RELA). */
  readonly relocations: Readonly<Record<string, number>>;
}

/**
 * What an assembly file for this machine needs besides the forms'
 * templates (`lirc compile --emit asm`).
 */
export interface AssemblySyntaxDef {
  /** Directives at the top of the file (syntax, options that keep the assembler from relaxing or compressing). */
  readonly header: readonly string[];
  /** What starts a comment to the end of the line. */
  readonly comment: string;
}

/** A whole machine definition. */
export interface MachineDefinition {
  readonly name: string;
  /** Where it lives, for error messages (e.g. 'machine-defs/x86_64'). */
  readonly source: string;
  readonly pointerWidth: 32 | 64;
  readonly registers: readonly RegisterDef[];
  readonly classes: readonly RegisterClass[];
  readonly special: SpecialRegisters;
  readonly abi: AbiDef;
  readonly formats: readonly FormatDef[];
  readonly forms: readonly FormDef[];
  /** Actions the target adds to the standard Low IR registry. */
  readonly actions?: readonly ActionSpec[];
  readonly oracle?: OracleConfig;
  /** How to write ELF relocatable objects (`lirc compile --emit obj`). */
  readonly object?: ObjectFormatDef;
  /** How to write assembly files (`lirc compile --emit asm`). */
  readonly assembly?: AssemblySyntaxDef;
}
