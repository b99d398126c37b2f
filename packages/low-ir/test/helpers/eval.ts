/**
 * Shared helper of the per-action semantic tests: runs one action of the
 * standard registry on hand-written inputs, and checks table rows of the form
 * (action text, inputs, expected result or trap).
 *
 * Action text is written as in Low IR, `op.W` or `op.W.F` ('div_s.32',
 * 'sext.32.8'). Integer inputs may be signed or unsigned numbers or bigints;
 * they are wrapped to the operand widths the spec's signature gives (pointer
 * width 64), exactly as the interpreter reduces immediates. Float inputs are
 * written `f(x)` and become the f32/f64 bit pattern of the operand's width; a
 * bigint input is taken as raw bits (for NaN payloads).
 */
import {
  type ActionSpec,
  allowsWidths,
  type EvalContext,
  f32FromBits,
  f32ToBits,
  f64FromBits,
  f64ToBits,
  formatWidths,
  LinearMemory,
  STANDARD_REGISTRY,
  TrapSignal,
  wrap,
} from '../../src/index.js';

/** The canonical quiet NaNs the semantics require, written out independently. */
export const F32_NAN = 0x7fc00000n;
export const F64_NAN = 0x7ff8000000000000n;

/** A float operand or expected float result. */
export interface Flt {
  readonly float: number;
}
/** An expected trap. */
export interface Trap {
  readonly trap: string;
}
export type Int = number | bigint;
export type Arg = Int | Flt;
/** Expected outcome: integer pattern, float, trap, or undefined (no result). */
export type Expected = Int | Flt | Trap | undefined;
/** What an evaluator produced. */
export type Outcome = bigint | undefined | Trap;
/** One table row: action text, inputs, expected outcome. */
export type Row = readonly [action: string, args: readonly Arg[], expected: Expected];

export const f = (x: number): Flt => ({ float: x });
export const trap = (kind: string): Trap => ({ trap: kind });
/** An expected (canonical) NaN, or a NaN input. */
export const NAN: Flt = f(Number.NaN);

/** Splits 'op.W.F' into the spec and its width tuple, checking both exist. */
export function parseAction(text: string): { spec: ActionSpec; widths: number[] } {
  const [opcode, ...rest] = text.split('.');
  const spec = STANDARD_REGISTRY.get(opcode!);
  if (spec === undefined) throw new Error(`no action '${opcode}'`);
  const widths = rest.map(Number);
  if (!allowsWidths(spec, widths)) throw new Error(`'${opcode}' does not allow ${text}`);
  return { spec, widths };
}

/** The canonical key of an (opcode, widths) pair, e.g. 'sext.32.8'. */
export function actionKey(opcode: string, widths: readonly number[]): string {
  return opcode + formatWidths(widths);
}

function isFlt(v: unknown): v is Flt {
  return typeof v === 'object' && v !== null && 'float' in v;
}
function isTrap(v: unknown): v is Trap {
  return typeof v === 'object' && v !== null && 'trap' in v;
}

/** The bit pattern of a float of width 32 or 64 (the value must be exact in f32). */
export function floatBits(x: number, width: number): bigint {
  if (width === 32) {
    if (!Number.isNaN(x) && Math.fround(x) !== x) throw new Error(`${x} is not an f32 value`);
    return f32ToBits(x);
  }
  if (width === 64) return f64ToBits(x);
  throw new Error(`no float of width ${width}`);
}

/** Reads a bit pattern of width 32 or 64 as a float. */
export function bitsFloat(bits: bigint, width: number): number {
  return width === 32 ? f32FromBits(bits) : f64FromBits(bits);
}

/** Whether a bit pattern of width 32 or 64 is a NaN. */
export function isNaNBits(bits: bigint, width: number): boolean {
  const [exp, frac] = width === 32 ? [0xffn, 23n] : [0x7ffn, 52n];
  return ((bits >> frac) & exp) === exp && (bits & ((1n << frac) - 1n)) !== 0n;
}

/** Converts one input to the canonical pattern of an operand of `width` bits. */
function argBits(arg: Arg, width: number | undefined): bigint {
  if (isFlt(arg)) return floatBits(arg.float, width ?? 64);
  if (typeof arg === 'number' && !Number.isSafeInteger(arg)) {
    throw new Error(`${arg} is not a safe integer: write it as a bigint`);
  }
  const v = BigInt(arg);
  return width === undefined ? v : wrap(v, width);
}

/** A context whose memory must not be touched (for non-memory actions). */
export const NO_MEMORY: EvalContext = {
  memory: {
    load: () => {
      throw new Error('unexpected memory load');
    },
    store: () => {
      throw new Error('unexpected memory store');
    },
  },
};

/** Runs an action through the registry, turning a TrapSignal into {trap}. */
export function evaluate(
  text: string,
  args: readonly Arg[],
  ctx: EvalContext = NO_MEMORY,
): Outcome {
  const { spec, widths } = parseAction(text);
  const sig = spec.signature(widths, 64);
  if (args.length !== sig.operands.length) {
    throw new Error(`${text} takes ${sig.operands.length} operands, row has ${args.length}`);
  }
  const bits = args.map((a, i) => {
    const rule = sig.operands[i]!;
    const width = rule.kind === 'value' && rule.width !== 'any' ? rule.width : undefined;
    return argBits(a, rule.kind === 'imm' ? rule.width : width);
  });
  try {
    return spec.evaluate!(widths)(bits, ctx);
  } catch (e) {
    if (e instanceof TrapSignal) return { trap: e.trapKind };
    throw e;
  }
}

/** The result width of an action, or undefined if it has none. */
export function resultWidth(text: string): number | undefined {
  const { spec, widths } = parseAction(text);
  const results = spec.signature(widths, 64).results;
  return results === 'declared' ? undefined : results[0];
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

function show(v: Arg | Expected | Outcome): string {
  if (v === undefined) return 'nothing';
  if (isTrap(v)) return `trap ${v.trap}`;
  if (isFlt(v)) {
    const x = v.float;
    // Large integers print exactly (2^63 - 1024, not 9223372036854775000).
    const exact = Number.isInteger(x) && Math.abs(x) >= 2 ** 53 ? BigInt(x).toString() : String(x);
    return `f(${Object.is(x, -0) ? '-0' : exact})`;
  }
  if (typeof v === 'bigint') return v < 0n ? `-${hex(-v)}` : hex(v);
  return String(v);
}

/** A readable test name for a row. */
export function rowLabel(action: string, args: readonly Arg[], expected: Expected): string {
  return `${action}(${args.map(show).join(', ')}) → ${show(expected)}`;
}

/**
 * Checks an outcome against the expected one. A float result must have the
 * exact bit pattern (so -0 and +0 differ); an expected NaN must be a NaN and
 * the canonical quiet NaN of the width.
 */
export function expectOutcome(action: string, outcome: Outcome, expected: Expected): void {
  if (expected === undefined) {
    expect(outcome).toBeUndefined();
    return;
  }
  if (isTrap(expected)) {
    expect(outcome).toEqual(expected);
    return;
  }
  expect(typeof outcome).toBe('bigint');
  const got = outcome as bigint;
  const width = resultWidth(action)!;
  if (isFlt(expected)) {
    const x = expected.float;
    if (Number.isNaN(x)) {
      expect(isNaNBits(got, width)).toBe(true);
      expect(hex(got)).toBe(hex(width === 32 ? F32_NAN : F64_NAN));
      return;
    }
    expect(hex(got)).toBe(hex(floatBits(x, width)));
    expect(Object.is(bitsFloat(got, width), x)).toBe(true);
    return;
  }
  expect(hex(got)).toBe(hex(wrap(BigInt(expected), width)));
}

/** Registers one jest test per row, evaluated without memory. */
export function runRows(rows: readonly Row[]): void {
  test.each(rows.map((r) => [rowLabel(...r), r] as const))(
    '%s',
    (_label, [action, args, expected]) => {
      expectOutcome(action, evaluate(action, args), expected);
    },
  );
}

/** A fresh memory of `size` bytes whose first bytes are `init`. */
export function memoryWith(init: readonly number[], size = 16): LinearMemory {
  const memory = new LinearMemory(size);
  memory.bytes.set(init);
  return memory;
}
