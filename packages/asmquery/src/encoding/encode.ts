/**
 * Encoding and printing one instruction form with concrete operands. The
 * encoder resolves the form's encoding fields to operand values, checks that
 * every operand fits its parameter (class, range, alignment), and hands the
 * fields to the format's encoder; labels are pc-relative offsets patched by
 * encoding again once known. The printer fills the form's assembly template.
 */
import type { CompiledForm, LoadedMachine } from '../machine/load.js';
import { PLACEHOLDER, paramRegisters } from '../machine/load.js';
import type {
  Encoded,
  EncodingSpec,
  OperandValue,
  ParamDef,
  RegisterDef,
  RelocationRequest,
} from '../machine/types.js';

/** A concrete operand for a parameter. */
export type OperandInput =
  | { readonly reg: string }
  | { readonly imm: bigint | number }
  /** A label: the target's byte offset from the start of the instruction (undefined while unknown). */
  | { readonly label: number | undefined }
  /**
   * A function: with `offset` (the function's byte offset from the start of
   * the instruction) the call is encoded pc-relative; without, it asks for a
   * relocation.
   */
  | { readonly func: string; readonly offset?: number }
  | { readonly sym: string };

/** Operands by parameter name. */
export type Operands = Readonly<Record<string, OperandInput>>;

/** An operand that does not fit its parameter, or a form that cannot be encoded. */
export class EncodeError extends Error {
  override name = 'EncodeError';
}

function specs(form: CompiledForm): readonly EncodingSpec[] {
  return form.encodings;
}

/** Checks one operand against its parameter and resolves it. `base` is the byte offset of this part. */
function resolve(
  machine: LoadedMachine,
  form: CompiledForm,
  name: string,
  p: ParamDef,
  input: OperandInput | undefined,
  labelBias: number,
  checkLabelRange = true,
): OperandValue {
  const fail = (message: string): never => {
    throw new EncodeError(`${form.name}: operand '${name}': ${message}`);
  };
  if (input === undefined) fail('missing');
  switch (p.kind) {
    case 'reg':
    case 'fixed': {
      if (!('reg' in input!)) return fail('expected a register');
      const allowed = paramRegisters(p, machine.registers, machine.classes);
      const reg = allowed.find((r) => r.name === (input as { reg: string }).reg);
      if (!reg) fail(`register '${(input as { reg: string }).reg}' is not allowed here`);
      return { kind: 'reg', reg: reg!, width: p.width };
    }
    case 'imm': {
      if (!('imm' in input!)) return fail('expected an immediate');
      const v = BigInt((input as { imm: bigint | number }).imm);
      checkImmediate(v, p, fail);
      return { kind: 'imm', value: v };
    }
    case 'label': {
      if (!('label' in input!)) return fail('expected a label');
      const target = (input as { label: number | undefined }).label;
      if (target === undefined) return { kind: 'label', offset: 0, known: false };
      const offset = target - labelBias;
      if (checkLabelRange) checkLabel(offset, p, fail);
      return { kind: 'label', offset, known: true };
    }
    case 'func':
      if (!('func' in input!)) return fail('expected a function');
      {
        const f = input as { func: string; offset?: number };
        return f.offset === undefined
          ? { kind: 'func', name: f.func }
          : { kind: 'func', name: f.func, offset: f.offset - labelBias };
      }
    case 'sym':
      if (!('sym' in input!)) return fail('expected a symbol');
      return { kind: 'const', value: (input as { sym: string }).sym };
  }
}

/** Whether `v` fits an immediate parameter. */
export function immediateFits(v: bigint, p: Extract<ParamDef, { kind: 'imm' }>): boolean {
  const bits = BigInt(p.bits);
  const lo = p.signed ? -(1n << (bits - 1n)) : 0n;
  const hi = p.signed ? 1n << (bits - 1n) : 1n << bits;
  if (v < lo || v >= hi) return false;
  if (p.align !== undefined && v % BigInt(p.align) !== 0n) return false;
  if (p.oneOf !== undefined && !p.oneOf.some((x) => BigInt(x) === v)) return false;
  return true;
}

function checkImmediate(
  v: bigint,
  p: Extract<ParamDef, { kind: 'imm' }>,
  fail: (m: string) => never,
) {
  if (!immediateFits(v, p)) {
    const range = p.oneOf
      ? `one of ${p.oneOf.join(', ')}`
      : `${p.signed ? 'a signed' : 'an unsigned'} ${p.bits}-bit value${p.align ? ` aligned to ${p.align}` : ''}`;
    fail(`${v} is not ${range}`);
  }
}

/** Whether a pc-relative offset fits a label parameter. */
export function labelFits(offset: number, p: Extract<ParamDef, { kind: 'label' }>): boolean {
  const half = 2 ** (p.bits - 1);
  return offset >= -half && offset < half && offset % (p.align ?? 1) === 0;
}

function checkLabel(
  offset: number,
  p: Extract<ParamDef, { kind: 'label' }>,
  fail: (m: string) => never,
) {
  if (!labelFits(offset, p)) {
    fail(
      `offset ${offset} does not fit a signed ${p.bits}-bit${p.align ? `, ${p.align}-aligned` : ''} displacement`,
    );
  }
}

function encodePart(
  machine: LoadedMachine,
  form: CompiledForm,
  spec: EncodingSpec,
  operands: Operands,
  labelBias: (size: number) => number,
  size: number,
  checkLabels: (param: string) => boolean = () => true,
): Encoded {
  const format = machine.formats.get(spec.format)!;
  const fields: Record<string, OperandValue> = {};
  for (const [field, value] of Object.entries(spec.fields)) {
    const p = typeof value === 'string' ? form.params[value] : undefined;
    fields[field] =
      p !== undefined
        ? resolve(
            machine,
            form,
            value as string,
            p,
            operands[value as string],
            labelBias(size),
            checkLabels(value as string),
          )
        : { kind: 'const', value };
  }
  return format.encode(fields, { form: form.name });
}

/** The result of encoding a form: bytes, relocations and whether all labels were known. */
export interface EncodedForm {
  readonly bytes: number[];
  readonly relocations: RelocationRequest[];
  /** False when some label was unknown (encoded as 0): patch by encoding again later. */
  readonly complete: boolean;
}

/**
 * Encodes `form` with `operands`. Label operands give the target's offset
 * from the start of the instruction (the whole form, for sequences). A label
 * several parts of a sequence hold (a pc-relative pair such as RISC-V auipc +
 * addi) must fit its parameter from the first of them, where the form's reach
 * is measured; the later parts get their own offsets, which their formats turn
 * into what they encode.
 */
export function encodeForm(
  machine: LoadedMachine,
  form: CompiledForm,
  operands: Operands,
): EncodedForm {
  for (const [name, p] of Object.entries(form.params)) {
    // Check every operand, even those the encoding does not mention (fixed
    // registers). Labels are checked by the part that encodes them, against
    // that part's own start or end.
    if (p.kind !== 'label') resolve(machine, form, name, p, operands[name], 0);
  }
  const complete = Object.entries(form.params).every(
    ([n, p]) => p.kind !== 'label' || (operands[n] as { label?: number }).label !== undefined,
  );
  const bytes: number[] = [];
  const relocations: RelocationRequest[] = [];
  const labelChecked = new Set<string>();
  for (const spec of specs(form)) {
    const partStart = bytes.length;
    const bias = (size: number) => partStart + (relativeToEnd(form, spec) ? size : 0);
    // Labels relative to the end need the size first; label fields have a fixed size.
    const trial = encodePart(machine, form, spec, withUnknownLabels(form, operands), () => 0, 0);
    const check = (param: string) => !labelChecked.has(param);
    const part = encodePart(machine, form, spec, operands, bias, trial.bytes.length, check);
    for (const v of Object.values(spec.fields)) {
      if (typeof v === 'string' && form.params[v]?.kind === 'label') labelChecked.add(v);
    }
    if (part.bytes.length !== trial.bytes.length) {
      throw new EncodeError(`${form.name}: the size depends on the label offset`);
    }
    for (const r of part.relocations ?? []) relocations.push({ ...r, at: r.at + partStart });
    bytes.push(...part.bytes);
  }
  return { bytes, relocations, complete };
}

function relativeToEnd(form: CompiledForm, spec: EncodingSpec): boolean {
  return Object.values(spec.fields).some((v) => {
    const p = typeof v === 'string' ? form.params[v] : undefined;
    return p?.kind === 'label' && p.relativeTo === 'end';
  });
}

function withUnknownLabels(form: CompiledForm, operands: Operands): Operands {
  const out: Record<string, OperandInput> = { ...operands };
  for (const [n, p] of Object.entries(form.params))
    if (p.kind === 'label') out[n] = { label: undefined };
  return out;
}

/** Options for printing. */
export interface PrintOptions {
  /** Text for a label operand; by default the encoded pc-relative offset, as llvm-mc prints it. */
  readonly labelText?: (param: string, targetFromStart: number | undefined) => string;
  /**
   * Text for a function operand; by default its name. A number (the oracle's
   * `0`) prints as an immediate would: no ` + 0`, no relocation operator.
   */
  readonly funcText?: (name: string) => string;
  /** Print the form's `assembler` template (when it has one) instead of `asm`. */
  readonly assembler?: boolean;
  /** Text of `{@}`, a label on the form's first instruction (assembler templates). */
  readonly anchorText?: () => string;
}

/** Name of a register seen at `width` bits. */
export function registerName(reg: RegisterDef, width: number): string {
  if (width === reg.width) return reg.name;
  return reg.views?.[width] ?? reg.name;
}

/**
 * Prints `form` with `operands` as assembly text (one line per encoding of a
 * sequence), filling the template's placeholders: `{param}`, `{+param}` (an
 * immediate or a label's encoded offset as ` + n` / ` - n` / nothing; a
 * function as ` + name`),
 * `{1<<param}` (2 to the power of an immediate: an x86 scale from its shift),
 * `{param>>n}` (an immediate shifted right by n, printed unsigned: RISC-V
 * `lui` prints bits 31:12) and `{%op(param)}` (a function under a relocation
 * operator: `%op(name)`, RISC-V `%pcrel_hi(f)`), and `{param:hiN}` /
 * `{param:loN}` (a label's offset from the start of the form, split for a pair
 * of instructions that add a high part and then a sign-extended N-bit low part:
 * lo is the low N bits of the offset read signed, hi is (offset - lo) >> N,
 * printed unsigned in the label's bits - N bits; RISC-V auipc + addi).
 *
 * With `assembler`, the form's `assembler` template is printed when it has
 * one; its `{@}` is `anchorText()`. `{{word}}` prints as `{word}`.
 *
 * When `funcText` prints a function as a number (the oracle's `0`: what a
 * disassembler reads in a field not yet relocated), the function prints as
 * that immediate would: `{+param}` gives nothing for 0, `{%op(param)}` the bare
 * number.
 */
export function formatForm(
  machine: LoadedMachine,
  form: CompiledForm,
  operands: Operands,
  options: PrintOptions = {},
): string {
  const template = (options.assembler ? form.def.assembler : undefined) ?? form.def.asm;
  const lines = template.split('\n');
  const parts = specs(form);
  // Offsets of each part's start, to print numeric label offsets per line.
  const sizes =
    parts.length > 1 ? parts.map((spec) => partSize(machine, form, spec, operands)) : [];
  let base = 0;
  return lines
    .map((line, k) => {
      const partBase = base;
      const size = sizes[k] ?? 0;
      base += size;
      return line.replace(
        PLACEHOLDER,
        (
          _m,
          prefix: string | undefined,
          plain: string | undefined,
          shift: string | undefined,
          operator: string | undefined,
          wrapped: string | undefined,
          splitName: string | undefined,
          split: 'hi' | 'lo' | undefined,
          lowBits: string | undefined,
          anchor: string | undefined,
          literal: string | undefined,
        ) => {
          if (literal !== undefined) return literal;
          if (anchor !== undefined) return options.anchorText?.() ?? '.';
          const name = (plain ?? wrapped ?? splitName)!;
          const p = form.params[name]!;
          const input = operands[name]!;
          if (split !== undefined && 'label' in input && p.kind === 'label') {
            if (options.labelText)
              return `${split}${lowBits}(${options.labelText(name, input.label)})`;
            const { hi, lo } = splitOffset(BigInt(input.label ?? 0), Number(lowBits));
            return split === 'lo'
              ? lo.toString()
              : BigInt.asUintN(p.bits - Number(lowBits), hi).toString();
          }
          if ('reg' in input) {
            const reg = machine.registers.get(input.reg);
            return reg ? registerName(reg, (p as { width: number }).width) : input.reg;
          }
          if ('imm' in input) {
            const v = BigInt(input.imm);
            if (shift !== undefined && p.kind === 'imm') {
              return BigInt.asUintN(p.bits - Number(shift), v >> BigInt(shift)).toString();
            }
            if (prefix === '1<<') return (1n << v).toString();
            if (prefix !== '+') return v.toString();
            return v === 0n ? '' : v < 0n ? ` - ${-v}` : ` + ${v}`;
          }
          if ('label' in input) {
            if (options.labelText) {
              const text = options.labelText(name, input.label);
              return prefix === '+' ? ` + ${text}` : text;
            }
            const end = p.kind === 'label' && p.relativeTo === 'end';
            const partLen =
              parts.length > 1 ? size : encodeForm(machine, form, operands).bytes.length;
            const offset = (input.label ?? 0) - partBase - (end ? partLen : 0);
            if (prefix !== '+') return String(offset);
            return offset === 0 ? '' : offset < 0 ? ` - ${-offset}` : ` + ${offset}`;
          }
          if ('func' in input) {
            const text = options.funcText ? options.funcText(input.func) : input.func;
            const numeric = /^-?(0x[0-9a-f]+|[0-9]+)$/i.test(text);
            if (operator !== undefined) return numeric ? text : `%${operator}(${text})`;
            if (prefix === '+') return numeric && Number(text) === 0 ? '' : ` + ${text}`;
            return text;
          }
          return input.sym;
        },
      );
    })
    .join('\n');
}

/**
 * `offset` as hi << lowBits plus lo, lo the low `lowBits` bits of the offset
 * read signed (so hi rounds up when bit lowBits - 1 is set).
 */
function splitOffset(offset: bigint, lowBits: number): { hi: bigint; lo: bigint } {
  const lo = BigInt.asIntN(lowBits, offset);
  return { hi: (offset - lo) >> BigInt(lowBits), lo };
}

function partSize(
  machine: LoadedMachine,
  form: CompiledForm,
  spec: EncodingSpec,
  operands: Operands,
): number {
  return encodePart(machine, form, spec, withUnknownLabels(form, operands), () => 0, 0).bytes
    .length;
}

/**
 * The label operand (target offset from the start of the form) that makes
 * parameter `param` encode as `encodedOffset` (which is relative to the start
 * or the end of the part of the form that holds it).
 */
export function labelTargetFor(
  machine: LoadedMachine,
  form: CompiledForm,
  operands: Operands,
  param: string,
  encodedOffset: number,
): number {
  let base = 0;
  for (const spec of specs(form)) {
    const size = partSize(machine, form, spec, operands);
    if (Object.values(spec.fields).includes(param)) {
      const p = form.params[param];
      const end = p?.kind === 'label' && p.relativeTo === 'end';
      return base + encodedOffset + (end ? size : 0);
    }
    base += size;
  }
  throw new EncodeError(`${form.name}: no encoding field holds label '${param}'`);
}
