/**
 * Rules of the pair legalization for 64-bit floats (stage.ts). A 64-bit
 * float is kept whole where a float action defines it (a machine with
 * 32-bit integer registers may still hold one in a float register); the
 * stage gives each 64-bit float operand of these rules as one whole value,
 * joined from its halves (`join.64.32`) where it was a pair, and binds a
 * 64-bit float result whole, to be split (`trunc.32.64`, `high.32.64`)
 * only where a use needs halves.
 *
 * - The float actions at 64 bits (arithmetic, roundings, comparisons,
 *   promote/demote, conversions from and to 32-bit integers) stay as they
 *   are, on whole values; so does a `select.64` whose operands are whole.
 * - The conversions between 64-bit integers and floats are inline Low IR,
 *   branch-free, each rounding once (compiler-rt's floatdidf/floatundidf,
 *   floatdisf/floatundisf and fixdfdi/fixunsdfdi/fixsfdi/fixunssfdi do the
 *   same with integer code; here the float unit does the arithmetic):
 *   - i64 → f64: hi × 2^32 + lo, with hi converted signed or unsigned and
 *     lo unsigned: both terms are exact (hi × 2^32 is a power-of-two
 *     scaling of a 32-bit integer), so the one addition rounds once, to
 *     nearest even;
 *   - i64 → f32: the magnitude m (|x| for signed) is at most 2^64 − 1;
 *     when m ≥ 2^53 its bits 0–10 are ORed into bit 11 (a sticky bit: the
 *     f32 rounding position is then bit 29 or higher, so only whether any
 *     of them is set matters). The result has at most 53 significant bits,
 *     so it converts to f64 exactly (as above); its sign is applied by an
 *     exact multiplication by ±1, and `fdemote` rounds once;
 *   - f32/f64 → i64: the float (promoted, exactly) is checked first:
 *     trapping forms trap on NaN (invalid_conversion), then outside
 *     (−2^63 − 1, 2^63) signed or (−1, 2^64) unsigned (int_overflow): both
 *     bounds are floats, and every float inside truncates into range;
 *     saturating forms convert 0 instead of NaN and out-of-range inputs and
 *     select the bounds afterwards. Then |x| truncates as hi = ⌊|x| × 2^−32⌋
 *     and lo = |x| − hi × 2^32 (both exact, each below 2^32), each by the
 *     unsigned 32-bit conversion (which truncates), and a negative x
 *     negates the pair.
 */
import { f64ToBits } from '@lirc/low-ir';
import type { Expansion, Halves, Ref } from './expansion.js';
import { HALF, halves, narrow, type Rule } from './rule.js';
import { sub } from './rules.js';
import { splitImmediate } from './values.js';

/** Float actions whose operands are all floats of their first width. */
const ALL_FLOAT = [
  'fadd',
  'fsub',
  'fmul',
  'fdiv',
  'fmin',
  'fmax',
  'fsqrt',
  'fceil',
  'ffloor',
  'ftrunc',
  'fnearest',
  'fabs',
  'fneg',
  'fcopysign',
  'feq',
  'fne',
  'flt',
  'fle',
  'fgt',
  'fge',
  'funo',
  'fpromote',
];

/** Float actions whose one operand is a float and whose result is not. */
const FROM_FLOAT = ['fdemote', 'ftoi_s', 'ftoi_u', 'ftoi_sat_s', 'ftoi_sat_u'];

/** Whether operand `k` of `opcode` is a float (for the actions FLOAT_RULES has). */
export function isFloatOperand(opcode: string, k: number): boolean {
  if (ALL_FLOAT.includes(opcode)) return true;
  return FROM_FLOAT.includes(opcode) && k === 0;
}

/** The 64-bit float `v` as a whole value, from its halves. */
function constant(x: Expansion, v: number): Ref {
  const [lo, hi] = splitImmediate(f64ToBits(v));
  return x.join({ lo, hi });
}

/** An action on whole values, as it is (`read` for one that may trap). */
const same =
  (opcode: string, pure: boolean): Rule =>
  (x, args, widths) =>
    pure ? x.op(opcode, widths, args as Ref[]) : x.read(opcode, widths, args as Ref[]);

/** Halves every bit of which is the 1-bit flag `c` (0 or −1 in both). */
function mask(x: Expansion, c: Ref): Ref {
  return x.op('sub', HALF, [0n, x.op('zext', [HALF, 1], [c])]);
}

/** (lo, hi) negated when s is −1, kept when s is 0: (v ^ s) − s. */
function negateIf(x: Expansion, v: Halves, s: Ref): Halves {
  const flipped = { lo: x.op('xor', HALF, [v.lo, s]), hi: x.op('xor', HALF, [v.hi, s]) };
  return sub(x, flipped, { lo: s, hi: s });
}

/** hi × 2^32 + lo as a whole f64 (hi signed or unsigned, lo unsigned), rounded once. */
function fromHalves(x: Expansion, v: Halves, signed: boolean): Ref {
  const high = x.op(signed ? 'itof_s' : 'itof_u', [64, HALF], [v.hi]);
  const low = x.op('itof_u', [64, HALF], [v.lo]);
  return x.op('fadd', 64, [x.op('fmul', 64, [high, constant(x, 2 ** 32)]), low]);
}

/** An unsigned 64-bit m with bits 0–10 ORed into bit 11 when m ≥ 2^53 (see the file comment). */
function sticky(x: Expansion, m: Halves): Halves {
  const big = x.op('ne', HALF, [x.op('shr_u', HALF, [m.hi, 21n]), 0n]);
  const dropped = x.op('ne', HALF, [x.op('and', HALF, [m.lo, 0x7ffn]), 0n]);
  const cleared = x.op('and', HALF, [
    m.lo,
    x.op('not', HALF, [x.op('and', HALF, [mask(x, big), 0x7ffn])]),
  ]);
  const bit = x.op('shl', HALF, [x.op('zext', [HALF, 1], [x.op('and', 1, [dropped, big])]), 11n]);
  return { lo: x.op('or', HALF, [cleared, bit]), hi: m.hi };
}

/** itof_s / itof_u .W.F: a 64-bit integer (halves) as a float of width W; a narrower one as it is. */
function fromInteger(signed: boolean): Rule {
  return (x, args, widths) => {
    if (widths[1] !== 64) return x.op(signed ? 'itof_s' : 'itof_u', widths, [narrow(args, 0)]);
    const v = halves(args, 0);
    if (widths[0] === 64) return fromHalves(x, v, signed);
    if (!signed) return x.op('fdemote', [32, 64], [fromHalves(x, sticky(x, v), false)]);
    const s = x.op('shr_s', HALF, [v.hi, 31n]);
    const exact = fromHalves(x, sticky(x, negateIf(x, v, s)), false);
    const sign = x.op('itof_s', [64, HALF], [x.op('or', HALF, [s, 1n])]);
    return x.op('fdemote', [32, 64], [x.op('fmul', 64, [exact, sign])]);
  };
}

/** The truncation of a float in range (not NaN) to a 64-bit integer: see the file comment. */
function truncated(x: Expansion, f: Ref, signed: boolean): Halves {
  const a = signed ? x.op('fabs', 64, [f]) : f;
  const hi = x.read('ftoi_u', [HALF, 64], [x.op('fmul', 64, [a, constant(x, 2 ** -32)])]);
  const high = x.op('fmul', 64, [x.op('itof_u', [64, HALF], [hi]), constant(x, 2 ** 32)]);
  const lo = x.read('ftoi_u', [HALF, 64], [x.op('fsub', 64, [a, high])]);
  if (!signed) return { lo, hi };
  const negative = x.op('flt', 64, [f, constant(x, 0)]);
  return negateIf(x, { lo, hi }, mask(x, negative));
}

/** ftoi_s / ftoi_u / ftoi_sat_s / ftoi_sat_u .64.F: a float of width F as a 64-bit integer. */
function toInteger(signed: boolean, saturating: boolean): Rule {
  return (x, args, widths) => {
    const arg = narrow(args, 0);
    const f = widths[1] === 64 ? arg : x.op('fpromote', [64, 32], [arg]);
    const nan = x.op('funo', 64, [f, f]);
    const low = signed
      ? x.op('flt', 64, [f, constant(x, -(2 ** 63))])
      : x.op('fle', 64, [f, constant(x, -1)]);
    const high = x.op('fge', 64, [f, constant(x, signed ? 2 ** 63 : 2 ** 64)]);
    if (!saturating) {
      x.effect('trap_if', [], [nan, { kind: 'sym', name: 'invalid_conversion' }]);
      x.effect('trap_if', [], [x.op('or', 1, [low, high]), { kind: 'sym', name: 'int_overflow' }]);
      return truncated(x, f, signed);
    }
    const bad = x.op('or', 1, [x.op('or', 1, [nan, low]), high]);
    const r = truncated(x, x.op('select', 64, [bad, constant(x, 0), f]), signed);
    const [minLo, minHi] = signed ? [0n, 0x80000000n] : [0n, 0n];
    const [maxLo, maxHi] = signed ? [0xffffffffn, 0x7fffffffn] : [0xffffffffn, 0xffffffffn];
    const pick = (c: Ref, a: Ref, b: Ref) => x.op('select', HALF, [c, a, b]);
    return {
      lo: pick(high, maxLo, pick(low, minLo, r.lo)),
      hi: pick(high, maxHi, pick(low, minHi, r.hi)),
    };
  };
}

/** The rules the stage uses for actions on 64-bit floats (operands as the file comment says). */
export const FLOAT_RULES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  ...ALL_FLOAT.map((op): [string, Rule] => [op, same(op, true)]),
  ['fdemote', same('fdemote', true)],
  ['itof_s', fromInteger(true)],
  ['itof_u', fromInteger(false)],
  ['ftoi_s', toIntegerOr(true, false)],
  ['ftoi_u', toIntegerOr(false, false)],
  ['ftoi_sat_s', toIntegerOr(true, true)],
  ['ftoi_sat_u', toIntegerOr(false, true)],
]);

/** `select.64 c, a, b` between whole floats. */
export const WHOLE_SELECT: Rule = (x, args) =>
  x.op('select', 64, [narrow(args, 0), narrow(args, 1), narrow(args, 2)]);

/**
 * A conversion from a float: to a 64-bit integer by `toInteger`; to a
 * narrower one (from a 64-bit float) as it is.
 */
function toIntegerOr(signed: boolean, saturating: boolean): Rule {
  const opcode = `ftoi${saturating ? '_sat' : ''}_${signed ? 's' : 'u'}`;
  const wide = toInteger(signed, saturating);
  const narrower = same(opcode, saturating);
  return (x, args, widths) => (widths[0] === 64 ? wide : narrower)(x, args, widths);
}
