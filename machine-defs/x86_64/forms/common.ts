/**
 * Iterators and helpers shared by the x86-64 form tables, so that operand
 * sizes (8/16/32/64), the addressing modes of a memory operand, the flags an
 * instruction defines and the register/memory/immediate shapes of two-operand
 * instructions are each written once:
 *
 * - SIZES: per operand size, its encoding (66 prefix, REX.W), its register
 *   parameter and its memory size keyword (`dword ptr`).
 * - memoryOperands(): the addressing modes [base], [base + disp],
 *   [base + index], [base + index + disp], [base + index*scale],
 *   [base + index*scale + disp], each with its parameters, Low IR address
 *   computation, encoding fields and Intel syntax.
 * - resultFlags / signedZeroFlags / compareFlags / addFlags: what ZF, SF, CF,
 *   OF (as the conditions cc.e, cc.s, cc.l, …) say after an instruction.
 * - twoOperandForms(): `op r, r`, `op r, m`, `op m, r`, `op r, imm8`,
 *   `op r, imm`, `op m, imm8`, `op m, imm` from one description.
 *
 * Immediates and llvm-mc's printing: llvm-mc prints a sign-extended imm8
 * (83 /0, 6B) as a signed number but a full imm16/imm32 of a 16/32-bit
 * operation as an unsigned one (`add ecx, 4294967167` for 81 C1 7F FF FF FF),
 * while its assembler picks the imm8 encoding whenever the value fits. One
 * printing template cannot follow that, so `op r32, imm8` takes -128…127
 * (printed signed) and `op r32, imm32` takes 0…2^31-1 (printed either way);
 * immediates 2^31…2^32-129 of 32-bit operations (-2^31…-129 read as signed;
 * 2^15…2^16-129 at 16 bits), e.g. `and eax, 0xffff0000`, have no immediate
 * form yet: the constant goes to a register (an add can use lea r32). 64-bit
 * operations sign-extend their imm32 and llvm-mc prints it signed, so they
 * take any signed 32-bit value. mov and test have no imm8 form and take
 * every value.
 */
import { type FieldValue, type FormDef, fixed, imm, type ParamDef, reg } from '@lirc/asmquery';
import { GPR, GPR_INDEX, XMM } from '../registers.js';

// ---------------------------------------------------------------------------
// Semantics snippets

/** Low IR lines and the output locations of the values they define. */
export interface Snippet {
  readonly lines: readonly string[];
  readonly outputs: Readonly<Record<string, string>>;
}

/** A snippet from lines (or one line) and outputs. */
export function snip(
  lines: string | readonly string[],
  outputs: Record<string, string> = {},
): Snippet {
  return { lines: typeof lines === 'string' ? [lines] : lines, outputs };
}

/** The snippets one after the other. */
export function join(...parts: readonly Snippet[]): Snippet {
  return {
    lines: parts.flatMap((p) => p.lines),
    outputs: Object.assign({}, ...parts.map((p) => p.outputs)),
  };
}

/** The `semantics` and `outputs` of a form. */
export function sem(s: Snippet): Pick<FormDef, 'semantics' | 'outputs'> {
  return {
    semantics: s.lines.join('\n'),
    ...(Object.keys(s.outputs).length > 0 ? { outputs: s.outputs } : {}),
  };
}

// ---------------------------------------------------------------------------
// Flags (each an output in the flag register of the condition it decides)

/** ZF and SF of a result `v`: je/jne/js after any flag-setting arithmetic. */
export function resultFlags(w: number, v: string): Snippet {
  return snip([`%zf = eqz.${w} ${v}`, `%nzf = ne.${w} ${v}, 0`, `%sf = sign.${w} ${v}`], {
    zf: 'cc.e',
    nzf: 'cc.ne',
    sf: 'cc.s',
  });
}

/**
 * Signed comparisons of `v` with 0, valid when OF is cleared (logic
 * instructions, test): jl is SF ≠ OF = SF, jle is ZF or SF, and so on.
 */
export function signedZeroFlags(w: number, v: string): Snippet {
  return snip(
    [
      `%ltz = lt_s.${w} ${v}, 0`,
      `%gez = ge_s.${w} ${v}, 0`,
      `%lez = le_s.${w} ${v}, 0`,
      `%gtz = gt_s.${w} ${v}, 0`,
    ],
    { ltz: 'cc.l', gez: 'cc.ge', lez: 'cc.le', gtz: 'cc.g' },
  );
}

/** Every condition `cmp a, b` (and `sub`) decides. */
export function compareFlags(w: number, a: string, b: string): Snippet {
  const rows: [string, string, string][] = [
    ['eq', 'eq', 'cc.e'],
    ['ne', 'ne', 'cc.ne'],
    ['lt', 'lt_s', 'cc.l'],
    ['ge', 'ge_s', 'cc.ge'],
    ['le', 'le_s', 'cc.le'],
    ['gt', 'gt_s', 'cc.g'],
    ['ltu', 'lt_u', 'cc.b'],
    ['geu', 'ge_u', 'cc.ae'],
    ['leu', 'le_u', 'cc.be'],
    ['gtu', 'gt_u', 'cc.a'],
    ['ovf', 'sub_overflow', 'cc.o'],
  ];
  return snip(
    rows.map(([v, action]) => `%${v} = ${action}.${w} ${a}, ${b}`),
    Object.fromEntries(rows.map(([v, , cc]) => [v, cc])),
  );
}

/** CF and OF of `add a, b`. */
export function addFlags(w: number, a: string, b: string): Snippet {
  return snip([`%cf = add_carry.${w} ${a}, ${b}`, `%of = add_overflow.${w} ${a}, ${b}`], {
    cf: 'cc.b',
    of: 'cc.o',
  });
}

// ---------------------------------------------------------------------------
// Operand sizes

export type IntWidth = 8 | 16 | 32 | 64;

/** One operand size of the integer instructions. */
export interface OperandSize {
  readonly bits: IntWidth;
  /** How Intel syntax names a memory operand of this size. */
  readonly ptr: string;
  /** A general-purpose register seen at this size. */
  readonly gpr: ParamDef;
  /** 66 selects 16 bits, REX.W 64 bits; 8-bit forms have their own opcodes. */
  readonly prefix: readonly number[];
  readonly w: 0 | 1;
}

const PTR: Record<number, string> = {
  8: 'byte ptr',
  16: 'word ptr',
  32: 'dword ptr',
  64: 'qword ptr',
};

export const SIZES: Record<IntWidth, OperandSize> = {
  8: { bits: 8, ptr: PTR[8]!, gpr: reg(GPR, 8), prefix: [], w: 0 },
  16: { bits: 16, ptr: PTR[16]!, gpr: reg(GPR, 16), prefix: [0x66], w: 0 },
  32: { bits: 32, ptr: PTR[32]!, gpr: reg(GPR, 32), prefix: [], w: 0 },
  64: { bits: 64, ptr: PTR[64]!, gpr: reg(GPR, 64), prefix: [], w: 1 },
};

/** The operand sizes with these widths. */
export function sizes(...bits: IntWidth[]): OperandSize[] {
  return bits.map((b) => SIZES[b]);
}

/**
 * Encoding fields of an operand size, with the form's own mandatory prefix
 * after 66 (`popcnt ax`: 66 F3 0F B8).
 */
export function sizeFields(s: OperandSize, mandatory: readonly number[] = []) {
  const prefix = [...s.prefix, ...mandatory];
  return { ...(prefix.length > 0 ? { prefix } : {}), ...(s.w ? { w: 1 } : {}) };
}

/**
 * The immediate of `op r/m, imm` forms that also have a sign-extended imm8
 * encoding (81/83, 69/6B); see the header for the ranges.
 */
export function immWithImm8Form(s: OperandSize): { param: ParamDef; bytes: number; name: string } {
  switch (s.bits) {
    case 8:
      return { param: imm(8, 8), bytes: 1, name: 'imm8' };
    case 16:
      return { param: imm(16, 15, { signed: false }), bytes: 2, name: 'imm16' };
    case 32:
      return { param: imm(32, 31, { signed: false }), bytes: 4, name: 'imm32' };
    case 64:
      return { param: imm(64, 32), bytes: 4, name: 'imm32' };
  }
}

/**
 * The immediate of forms without an imm8 alternative (mov, test): llvm-mc
 * prints 8-bit and sign-extended 64-bit immediates signed, 16- and 32-bit
 * ones unsigned.
 */
export function plainImm(s: OperandSize): { param: ParamDef; bytes: number; name: string } {
  switch (s.bits) {
    case 8:
      return { param: imm(8, 8), bytes: 1, name: 'imm8' };
    case 16:
      return { param: imm(16, 16, { signed: false }), bytes: 2, name: 'imm16' };
    case 32:
      return { param: imm(32, 32, { signed: false }), bytes: 4, name: 'imm32' };
    case 64:
      return { param: imm(64, 32), bytes: 4, name: 'imm32' };
  }
}

/** The sign-extended imm8 of `op r/m, imm8` (83, 6B) at operand size `s`. */
export function imm8(s: OperandSize): { param: ParamDef; bytes: number; name: string } {
  return { param: imm(s.bits, 8), bytes: 1, name: 'imm8' };
}

/** A fixed register seen at operand size `s` (rax for mul, rcx for shift counts). */
export function fixedAt(register: string, s: OperandSize): ParamDef {
  return fixed(register, s.bits);
}

// ---------------------------------------------------------------------------
// Memory operands

/** One addressing mode of a memory operand. */
export interface MemoryOperand {
  /** How form names show it: `[base + index*scale + disp]`. */
  readonly tag: string;
  readonly params: Readonly<Record<string, ParamDef>>;
  /** The `rm` format fields of the operand. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** The operand in Intel syntax without its size: `[{base} + {1<<shift}*{index}{+disp}]`. */
  readonly text: string;
  /** Low IR lines computing the address into `%name` (none for [base]) and the address value. */
  address(name: string): { readonly lines: readonly string[]; readonly ref: string };
  /** The address computed into `%ea`: lines and value. */
  readonly ea: { readonly lines: readonly string[]; readonly ref: string };
}

/**
 * The addressing modes [base], [base + disp], [base + index],
 * [base + index + disp], [base + index*scale], [base + index*scale + disp]
 * with `bits`-bit address registers (32 with the 67 prefix, for lea r32).
 * The scale is written as its shift (1, 2, 3: ×2, ×4, ×8); scale 1 is the
 * [base + index] modes, whose Low IR has no shift, as llvm-mc prints no `1*`.
 */
export function memoryOperands(bits: 64 | 32 = 64): MemoryOperand[] {
  const base = reg(GPR, bits);
  const index = reg(GPR_INDEX, bits);
  const disp = imm(bits, 32);
  const shift = imm(bits, 2, { signed: false, oneOf: [1, 2, 3] });
  const add = `add.${bits}`;
  const modes: [string, Record<string, ParamDef>, (n: string) => string[], string][] = [
    ['[base]', { base }, () => [], '[{base}]'],
    ['[base + disp]', { base, disp }, (n) => [`%${n} = ${add} %base, %disp`], '[{base}{+disp}]'],
    [
      '[base + index]',
      { base, index },
      (n) => [`%${n} = ${add} %base, %index`],
      '[{base} + {index}]',
    ],
    [
      '[base + index + disp]',
      { base, index, disp },
      (n) => [`%${n}_bi = ${add} %base, %index`, `%${n} = ${add} %${n}_bi, %disp`],
      '[{base} + {index}{+disp}]',
    ],
    [
      '[base + index*scale]',
      { base, index, shift },
      (n) => [`%${n}_si = shl.${bits} %index, %shift`, `%${n} = ${add} %base, %${n}_si`],
      '[{base} + {1<<shift}*{index}]',
    ],
    [
      '[base + index*scale + disp]',
      { base, index, shift, disp },
      (n) => [
        `%${n}_si = shl.${bits} %index, %shift`,
        `%${n}_bi = ${add} %base, %${n}_si`,
        `%${n} = ${add} %${n}_bi, %disp`,
      ],
      '[{base} + {1<<shift}*{index}{+disp}]',
    ],
  ];
  return modes.map(([tag, params, lines, text]) => {
    const address = (name: string) => {
      const ls = lines(name);
      return { lines: ls, ref: ls.length === 0 ? '%base' : `%${name}` };
    };
    return {
      tag,
      params,
      fields: {
        base: 'base',
        ...('index' in params ? { index: 'index', scale: 'shift' in params ? 'shift' : 0 } : {}),
        ...('disp' in params ? { disp: 'disp' } : {}),
      },
      text,
      address,
      ea: address('ea'),
    };
  });
}

/** The 64-bit addressing modes (most forms). */
export const MEMORY: readonly MemoryOperand[] = memoryOperands(64);

/** Loads `bits` from memory operand `m` into `%name`, after computing its address. */
export function load(m: MemoryOperand, bits: number, name: string): Snippet {
  return snip([...m.ea.lines, `%${name} = load.${bits} ${m.ea.ref}`]);
}

// ---------------------------------------------------------------------------
// Two-operand instructions: register, memory and immediate shapes

/** A register operand kind of a two-operand instruction (its parameter and how names show it). */
export interface RegOperand {
  readonly param: ParamDef;
  /** In form names: r32, xmm. */
  readonly name: string;
  /** Its width in the semantics, which is also the width of its memory form. */
  readonly bits: number;
}

export function gprOperand(s: OperandSize): RegOperand {
  return { param: s.gpr, name: `r${s.bits}`, bits: s.bits };
}

export function xmmOperand(bits: 32 | 64): RegOperand {
  return { param: reg(XMM, bits), name: 'xmm', bits };
}

/** The encoding of one shape, without its operand fields (the expander adds them). */
export interface ShapeEncoding {
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** For register–register shapes: which operand ModRM.reg holds (MR: the second; RM: the first). */
  readonly regHolds?: 'first' | 'second';
  /** For immediate shapes: the immediate parameter, its size in bytes and its name (imm8, imm32). */
  readonly imm?: { readonly param: ParamDef; readonly bytes: number; readonly name: string };
}

export type Shape = 'r, r' | 'r, m' | 'm, r' | 'r, imm8' | 'r, imm' | 'm, imm8' | 'm, imm';

/** A two-operand instruction: `mnemonic first, second`. */
export interface TwoOperandOp {
  readonly mnemonic: string;
  readonly extension: string;
  readonly first: RegOperand;
  /** The second operand when it is a register or memory (defaults to `first`). */
  readonly second?: RegOperand;
  /**
   * Semantics over the operands' values (`%dst`, `%src`, a loaded `%v` or
   * `%imm`); they define `%out` when the instruction writes its first
   * operand, and may define flags with their outputs.
   */
  readonly sem: (a: string, b: string) => Snippet;
  readonly writes: boolean;
  readonly clobbers?: readonly string[];
  readonly note?: string;
  readonly shapes: Partial<Record<Shape, ShapeEncoding>>;
}

/** Every form of a two-operand instruction, one per shape and addressing mode. */
export function twoOperandForms(op: TwoOperandOp): FormDef[] {
  const first = op.first;
  const second = op.second ?? op.first;
  const [a, b] = op.writes ? ['dst', 'src'] : ['a', 'b'];
  const mn = op.mnemonic;
  const common = {
    extension: op.extension,
    ...(op.clobbers ? { clobbers: op.clobbers } : {}),
    ...(op.note ? { note: op.note } : {}),
  };
  const toFirst: Record<string, string> = op.writes ? { out: a } : {};
  const toReg = (s: Snippet): Snippet => join(s, snip([], toFirst));
  /** The first operand is memory: write the result back. */
  const toMemory = (m: MemoryOperand, s: Snippet): Snippet =>
    op.writes ? join(s, snip(`store.${first.bits} ${m.ea.ref}, %out`)) : s;
  const mem = (bits: number, m: MemoryOperand) => `${PTR[bits]} ${m.text}`;
  const forms: FormDef[] = [];
  for (const [shape, e] of Object.entries(op.shapes) as [Shape, ShapeEncoding][]) {
    const f = e.fields;
    const immP = e.imm;
    switch (shape) {
      case 'r, r': {
        const [regOp, rmOp] = e.regHolds === 'first' ? [a, b] : [b, a];
        forms.push({
          name: `${mn} ${first.name}, ${second.name}`,
          ...common,
          params: { [a]: first.param, [b]: second.param },
          ...sem(toReg(op.sem(`%${a}`, `%${b}`))),
          encoding: { format: 'rm', fields: { ...f, reg: regOp, rm: rmOp } },
          asm: `${mn} {${a}}, {${b}}`,
        });
        break;
      }
      case 'r, imm8':
      case 'r, imm':
        forms.push({
          name: `${mn} ${first.name}, ${immP!.name}`,
          ...common,
          params: { [a]: first.param, imm: immP!.param },
          ...sem(toReg(op.sem(`%${a}`, '%imm'))),
          encoding: {
            format: 'rm',
            fields: { ...f, rm: a, imm: 'imm', immBytes: immP!.bytes },
          },
          asm: `${mn} {${a}}, {imm}`,
        });
        break;
      case 'r, m':
        for (const m of MEMORY) {
          forms.push({
            name: `${mn} ${first.name}, m${second.bits} ${m.tag}`,
            ...common,
            params: { [a]: first.param, ...m.params },
            ...sem(toReg(join(load(m, second.bits, 'v'), op.sem(`%${a}`, '%v')))),
            encoding: { format: 'rm', fields: { ...f, reg: a, ...m.fields } },
            asm: `${mn} {${a}}, ${mem(second.bits, m)}`,
          });
        }
        break;
      case 'm, r':
        for (const m of MEMORY) {
          forms.push({
            name: `${mn} m${first.bits} ${m.tag}, ${second.name}`,
            ...common,
            params: { ...m.params, [b]: second.param },
            ...sem(toMemory(m, join(load(m, first.bits, 'v'), op.sem('%v', `%${b}`)))),
            encoding: { format: 'rm', fields: { ...f, reg: b, ...m.fields } },
            asm: `${mn} ${mem(first.bits, m)}, {${b}}`,
          });
        }
        break;
      case 'm, imm8':
      case 'm, imm':
        for (const m of MEMORY) {
          forms.push({
            name: `${mn} m${first.bits} ${m.tag}, ${immP!.name}`,
            ...common,
            params: { ...m.params, imm: immP!.param },
            ...sem(toMemory(m, join(load(m, first.bits, 'v'), op.sem('%v', '%imm')))),
            encoding: {
              format: 'rm',
              fields: { ...f, ...m.fields, imm: 'imm', immBytes: immP!.bytes },
            },
            asm: `${mn} ${mem(first.bits, m)}, {imm}`,
          });
        }
        break;
    }
  }
  return forms;
}
