/**
 * The Low IR of WebAssembly's float instructions (arithmetic, rounding,
 * min/max, comparisons and conversions; abs, neg and copysign are bit
 * operations in opcodes.ts). Each instruction's sequence is written once,
 * for every target, from Low IR's float actions (which have WebAssembly's
 * semantics): what a machine lacks is LIRC's to legalize.
 *
 * Sequences where one action is not enough:
 * - min/max: NaN if either is NaN (`fadd a, b` gives one), `or`/`and` of the
 *   bits when a = b (so that min(-0, +0) = -0, max = +0), else a select on `flt`/`fgt`;
 * - convert_i32_u: zero-extend, then the signed 64-bit conversion (exact);
 *   convert_i64_u: a negative (as signed) x converts as 2 × ((x >>u 1) | (x & 1)),
 *   the low bit kept so that rounding stays correct; so does convert_i32_u
 *   at 32 bits on a target that splits 64-bit values (`wide` false), where
 *   f64.convert_i32_u and convert_i64_u are `itof_u` (the pair stage converts 64-bit integers
 *   exactly, and so do trunc_u and trunc_sat to i64: `ftoi_u`, `ftoi_sat_*`);
 * - trunc_s: `ftoi_s` (LIRC guards it: NaN and range checks);
 *   trunc_u: explicit checks (`trap_if`, invalid_conversion then int_overflow), then
 *   the in-range value through `ftoi_s` (64-bit, or 32-bit where 64-bit values
 *   are split: minus 2^(n−1) if at least 2^(n−1));
 * - trunc_sat: the in-range value converted (0 otherwise), then the bounds
 *   selected for out-of-range inputs (NaN gives 0).
 */
import { f32ToBits, f64ToBits, type Operand } from '@lirc/low-ir';
import { NUMERIC, TRUNC_SAT } from '../binary/opcodes.js';
import { type Emitter, imm, sym } from './emitter.js';

/**
 * A float instruction: its name, operand count, operand and result widths
 * and sequence. `wide`: the target keeps 64-bit integers whole (a 64-bit
 * pointer width); where it splits them (LIRC's pair stage), the sequences
 * of instructions whose operands and result are 32-bit use no 64-bit
 * value, and the unsigned conversions to and from i64 are the actions
 * themselves (`itof_u`, `ftoi_u`, `ftoi_sat_*`), which the stage converts.
 */
export interface FloatOp {
  readonly name: string;
  readonly arity: 1 | 2;
  readonly operand: 32 | 64;
  readonly width: 32 | 64;
  readonly emit: (e: Emitter, args: Operand[], wide: boolean) => Operand;
}

type W = 32 | 64;

/** The bits of `v` as a float of width `w`. */
const bitsOf = (v: number, w: number): bigint => (w === 32 ? f32ToBits(v) : f64ToBits(v));

/**
 * The float `x` as a value: an immediate becomes `reinterpret` of an integer
 * constant. For `ftoi_s`, whose guard (LIRC's) makes an immediate operand a
 * known constant: a machine whose float registers take no immediate (riscv32)
 * cannot put one of those there, but can build it in a general register.
 */
function floatValue(e: Emitter, x: Operand, w: W): Operand {
  if (x.kind !== 'imm') return x;
  return e.def('reinterpret', [w], [e.def('const', [w], [x], w)], w);
}

/** `n` uses of `x` (clones n − 1 of the one the caller owns). */
function uses(e: Emitter, x: Operand, n: number): Operand {
  e.clone(x, n - 1);
  return x;
}

const arith =
  (opcode: string, w: W) =>
  (e: Emitter, [a, b]: Operand[]): Operand =>
    e.def(opcode, [w], b === undefined ? [a!] : [a!, b], w);

/** min (or max with `max`): see the file comment. */
const minMax =
  (w: W, max: boolean) =>
  (e: Emitter, [a, b]: Operand[]): Operand => {
    uses(e, a!, 6);
    uses(e, b!, 6);
    const uno = e.def('funo', [w], [a!, b!], 1);
    const eq = e.def('feq', [w], [a!, b!], 1);
    const first = e.def(max ? 'fgt' : 'flt', [w], [a!, b!], 1);
    const pick = e.def('select', [w], [first, a!, b!], w);
    const both = e.def(max ? 'and' : 'or', [w], [a!, b!], w);
    const ordered = e.def('select', [w], [eq, both, pick], w);
    const nan = e.def('fadd', [w], [a!, b!], w);
    return e.def('select', [w], [uno, nan, ordered], w);
  };

const compare =
  (opcode: string, w: W) =>
  (e: Emitter, [a, b]: Operand[]): Operand =>
    e.def('zext', [32, 1], [e.def(opcode, [w], [a!, b!], 1)], 32);

/** f<fw>.convert_i<iw>_s / _u. */
const convert =
  (fw: W, iw: W, signed: boolean) =>
  (e: Emitter, [x]: Operand[], wide: boolean): Operand => {
    if (signed) return e.def('itof_s', [fw, iw], [x!], fw);
    // Where 64-bit values are split: the pair stage converts a 64-bit one
    // exactly, and f64 holds every u32 (the halving below would lose its low bit).
    if (!wide && (iw === 64 || fw === 64)) return e.def('itof_u', [fw, iw], [x!], fw);
    if (iw === 32 && wide)
      return e.def('itof_s', [fw, 64], [e.def('zext', [64, 32], [x!], 64)], fw);
    uses(e, x!, 4);
    const direct = e.def('itof_s', [fw, iw], [x!], fw);
    const half = e.def(
      'or',
      [iw],
      [e.def('shr_u', [iw], [x!, imm(1)], iw), e.def('and', [iw], [x!, imm(1)], iw)],
      iw,
    );
    const halfFloat = e.def('itof_s', [fw, iw], [half], fw, 2);
    const doubled = e.def('fadd', [fw], [halfFloat, halfFloat], fw);
    const negative = e.def('lt_s', [iw], [x!, imm(0)], 1);
    return e.def('select', [fw], [negative, doubled, direct], fw);
  };

/** The unsigned conversion of `x` (a value in [0, 2^iw), or −0.x truncating to 0) by `ftoi_s`. */
function unsignedInRange(e: Emitter, x: Operand, iw: W, fw: W, wide: boolean): Operand {
  if (iw === 64 && !wide) return e.def('ftoi_u', [64, fw], [floatValue(e, x, fw)], 64);
  if (iw === 32 && wide)
    return e.def('trunc', [32, 64], [e.def('ftoi_s', [64, fw], [floatValue(e, x, fw)], 64)], 32);
  uses(e, x, 3);
  const half = bitsOf(2 ** (iw - 1), fw);
  const big = e.def('fge', [fw], [x, imm(half)], 1, 2);
  const less = e.def('fsub', [fw], [x, imm(half)], fw);
  const y = e.def('select', [fw], [big, less, x], fw);
  const top = e.def('shl', [iw], [e.def('zext', [iw, 1], [big], iw), imm(iw - 1)], iw);
  return e.def('or', [iw], [e.def('ftoi_s', [iw, fw], [y], iw), top], iw);
}

/** The 1-bit tests of x below and above the range of the integer type (NaN: both false). */
function outOfRange(
  e: Emitter,
  x: Operand,
  iw: W,
  fw: W,
  signed: boolean,
  lowUses = 1,
  highUses = 1,
): [Operand, Operand] {
  let low: Operand;
  if (!signed) low = e.def('fle', [fw], [x, imm(bitsOf(-1, fw))], 1, lowUses);
  else {
    const min = -(2 ** (iw - 1));
    // Truncation gives MIN for x in (MIN − 1, MIN]: MIN − 1 when it is a float, else MIN itself.
    // MIN − 1 needs iw bits of significand: only f64 has them, for iw = 32.
    low =
      iw === 32 && fw === 64
        ? e.def('fle', [fw], [x, imm(bitsOf(min - 1, fw))], 1, lowUses)
        : e.def('flt', [fw], [x, imm(bitsOf(min, fw))], 1, lowUses);
  }
  const limit = signed ? 2 ** (iw - 1) : 2 ** iw;
  const high = e.def('fge', [fw], [x, imm(bitsOf(limit, fw))], 1, highUses);
  return [low, high];
}

/** i<iw>.trunc_f<fw>_s / _u (trapping). */
const truncate =
  (iw: W, fw: W, signed: boolean) =>
  (e: Emitter, [x]: Operand[], wide: boolean): Operand => {
    if (signed) return e.def('ftoi_s', [iw, fw], [floatValue(e, x!, fw)], iw);
    uses(e, x!, 5);
    e.effect('trap_if', [], [e.def('funo', [fw], [x!, x!], 1), sym('invalid_conversion')]);
    const [low, high] = outOfRange(e, x!, iw, fw, false);
    e.effect('trap_if', [], [e.def('or', [1], [low, high], 1), sym('int_overflow')]);
    return unsignedInRange(e, x!, iw, fw, wide);
  };

/** i<iw>.trunc_sat_f<fw>_s / _u. */
const saturate =
  (iw: W, fw: W, signed: boolean) =>
  (e: Emitter, [x]: Operand[], wide: boolean): Operand => {
    if (iw === 64 && !wide)
      return e.def(signed ? 'ftoi_sat_s' : 'ftoi_sat_u', [64, fw], [floatValue(e, x!, fw)], 64);
    uses(e, x!, 5);
    const nan = e.def('funo', [fw], [x!, x!], 1);
    const [low, high] = outOfRange(e, x!, iw, fw, signed, 2, 2);
    const bad = e.def('or', [1], [e.def('or', [1], [nan, low], 1), high], 1);
    const y = e.def('select', [fw], [bad, imm(0), x!], fw);
    const r = signed ? e.def('ftoi_s', [iw, fw], [y], iw) : unsignedInRange(e, y, iw, fw, wide);
    const max = signed ? (1n << BigInt(iw - 1)) - 1n : (1n << BigInt(iw)) - 1n;
    const min = signed ? BigInt.asUintN(iw, -(1n << BigInt(iw - 1))) : 0n;
    const clamped = e.def('select', [iw], [high, imm(max), r], iw);
    return e.def('select', [iw], [low, imm(min), clamped], iw);
  };

/** Float instructions by opcode. */
export const FLOAT: Record<number, FloatOp> = {};
/** The saturating conversions by sub-opcode after 0xfc. */
export const FLOAT_SAT: Record<number, FloatOp> = {};

function row(
  table: Record<number, FloatOp>,
  op: number,
  arity: 1 | 2,
  operand: W,
  width: W,
  emit: FloatOp['emit'],
) {
  const name = (table === FLOAT ? NUMERIC[op] : TRUNC_SAT[op])?.name ?? `0x${op.toString(16)}`;
  table[op] = { name, arity, operand, width, emit };
}

for (const [w, compares, un, bin] of [
  [32, 0x5b, 0x8d, 0x92],
  [64, 0x61, 0x9b, 0xa0],
] as const) {
  ['feq', 'fne', 'flt', 'fgt', 'fle', 'fge'].forEach((opcode, k) => {
    row(FLOAT, compares + k, 2, w, 32, compare(opcode, w));
  });
  ['fceil', 'ffloor', 'ftrunc', 'fnearest', 'fsqrt'].forEach((opcode, k) => {
    row(FLOAT, un + k, 1, w, w, arith(opcode, w));
  });
  ['fadd', 'fsub', 'fmul', 'fdiv'].forEach((opcode, k) => {
    row(FLOAT, bin + k, 2, w, w, arith(opcode, w));
  });
  row(FLOAT, bin + 4, 2, w, w, minMax(w, false));
  row(FLOAT, bin + 5, 2, w, w, minMax(w, true));
}
// 0xa8–0xb1: trunc (i32 from f32, f64; i64 from f32, f64), around the extends.
for (const [op, iw, fw] of [
  [0xa8, 32, 32],
  [0xaa, 32, 64],
  [0xae, 64, 32],
  [0xb0, 64, 64],
] as const) {
  row(FLOAT, op, 1, fw, iw, truncate(iw, fw, true));
  row(FLOAT, op + 1, 1, fw, iw, truncate(iw, fw, false));
}
// 0xb2–0xbb: convert (f32 from i32, i64), demote, convert (f64 from i32, i64), promote.
for (const [op, fw, iw] of [
  [0xb2, 32, 32],
  [0xb4, 32, 64],
  [0xb7, 64, 32],
  [0xb9, 64, 64],
] as const) {
  row(FLOAT, op, 1, iw, fw, convert(fw, iw, true));
  row(FLOAT, op + 1, 1, iw, fw, convert(fw, iw, false));
}
row(FLOAT, 0xb6, 1, 64, 32, (e, [x]) => e.def('fdemote', [32, 64], [x!], 32));
row(FLOAT, 0xbb, 1, 32, 64, (e, [x]) => e.def('fpromote', [64, 32], [x!], 64));
for (const [sub, iw, fw] of [
  [0, 32, 32],
  [2, 32, 64],
  [4, 64, 32],
  [6, 64, 64],
] as const) {
  row(FLOAT_SAT, sub, 1, fw, iw, saturate(iw, fw, true));
  row(FLOAT_SAT, sub + 1, 1, fw, iw, saturate(iw, fw, false));
}
