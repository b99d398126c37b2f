/**
 * Hand-computed rows for conversions: integer extension and truncation,
 * integer → float (correctly rounded, ties to even, no double rounding),
 * float → integer (trapping with exact range boundaries, and saturating),
 * fpromote, fdemote and reinterpret.
 */
import { f, NAN, type Row, trap } from '../helpers/eval.js';

const OVF = trap('int_overflow');
const INV = trap('invalid_conversion');
const INF = Number.POSITIVE_INFINITY;
const F32_MAX = 3.4028234663852886e38; // (2 - 2^-23) · 2^127

export const EXTEND_ROWS: readonly Row[] = [
  ['sext.8.1', [1], 0xff],
  ['sext.8.1', [0], 0],
  ['sext.16.1', [1], 0xffff],
  ['sext.32.1', [1], 0xffffffff],
  ['sext.32.1', [0], 0],
  ['sext.64.1', [1], 0xffffffffffffffffn],
  ['sext.16.8', [0x80], 0xff80],
  ['sext.16.8', [0x7f], 0x7f],
  ['sext.32.8', [0x80], 0xffffff80],
  ['sext.32.8', [0x7f], 0x7f],
  ['sext.32.8', [0xff], 0xffffffff],
  ['sext.32.16', [0x8000], 0xffff8000],
  ['sext.32.16', [0x7fff], 0x7fff],
  ['sext.64.8', [0x80], 0xffffffffffffff80n],
  ['sext.64.8', [0x01], 1],
  ['sext.64.16', [0x8001], 0xffffffffffff8001n],
  ['sext.64.32', [0x80000000], 0xffffffff80000000n],
  ['sext.64.32', [0x7fffffff], 0x7fffffff],

  ['zext.8.1', [1], 1],
  ['zext.16.1', [1], 1],
  ['zext.32.1', [1], 1],
  ['zext.64.1', [1], 1],
  ['zext.64.1', [0], 0],
  ['zext.16.8', [0x80], 0x80],
  ['zext.32.8', [0x80], 0x80],
  ['zext.32.8', [-1], 0xff], // the operand is an 8-bit value
  ['zext.32.16', [0x8000], 0x8000],
  ['zext.64.8', [0xff], 0xff],
  ['zext.64.16', [0xffff], 0xffff],
  ['zext.64.32', [0xffffffff], 0xffffffff],
  ['zext.64.32', [0x80000000], 0x80000000],

  ['trunc.1.8', [0xfe], 0],
  ['trunc.1.8', [0xff], 1],
  ['trunc.1.16', [0x8001], 1],
  ['trunc.1.32', [2], 0],
  ['trunc.1.32', [0xffffffff], 1],
  ['trunc.1.64', [0x8000000000000001n], 1],
  ['trunc.1.64', [0x8000000000000000n], 0],
  ['trunc.8.16', [0x1234], 0x34],
  ['trunc.8.32', [0x12345678], 0x78],
  ['trunc.8.64', [0x123456789abcdef0n], 0xf0],
  ['trunc.16.32', [0x12345678], 0x5678],
  ['trunc.16.64', [-2], 0xfffe],
  ['trunc.32.64', [0x123456789abcdef0n], 0x9abcdef0],
  ['trunc.32.64', [-1], 0xffffffff],
  ['high.32.64', [0x123456789abcdef0n], 0x12345678],
  ['high.32.64', [-1], 0xffffffff],
  ['high.32.64', [0xffffffff], 0],
  ['join.64.32', [0x9abcdef0, 0x12345678], 0x123456789abcdef0n],
  ['join.64.32', [0xffffffff, 0], 0xffffffff],
  ['join.64.32', [0, 0x80000000], 0x8000000000000000n],
];

/**
 * Integer → float, nearest with ties to even.
 *
 * The u64/i64 → f32 rows catch double rounding (integer → f64 → f32):
 * - 0x0100000100000001 = 2^56 + 2^32 + 1. An f32 keeps 24 bits, here bits
 *   56..33, so bit 32 is the half bit and the final 1 is a sticky bit: the
 *   value lies above the midpoint between 2^56 and 2^56 + 2^33 and rounds UP
 *   to 2^56 + 2^33 = 0x1000002 · 2^32 (f32 0x5b800001). Rounding to f64
 *   first (53 bits of 57) drops the sticky bit, leaving an exact tie that
 *   ties-to-even would round DOWN to 2^56.
 * - 0x8000017fffffffff = 2^63 + 2^40 + (2^39 - 1): kept bits 63..40 end in a
 *   1 (odd), the half bit 39 is 0, so it rounds DOWN to 2^63 + 2^40. Through
 *   f64 the low eleven 1s round up to 2^63 + 2^40 + 2^39, a tie that goes to
 *   the even 2^63 + 2^41.
 * - 0x400000bfffffffff = 2^62 + 2^39 + (2^38 - 1), the same trap one bit
 *   lower (it fits i64): the answer is 2^62 + 2^39, not 2^62 + 2^40.
 */
export const INT_TO_FLOAT_ROWS: readonly Row[] = [
  ['itof_s.32.32', [0], f(0)],
  ['itof_s.32.32', [-1], f(-1)],
  ['itof_s.32.32', [-0x80000000], f(-(2 ** 31))],
  ['itof_s.32.32', [0x7fffffff], f(2 ** 31)],
  ['itof_s.32.32', [16777217], f(16777216)], // 2^24 + 1: tie, to even
  ['itof_s.32.32', [16777219], f(16777220)], // tie, to even (2^24 + 4)
  ['itof_s.32.32', [-16777217], f(-16777216)],
  ['itof_u.32.32', [-1], f(2 ** 32)],
  ['itof_u.32.32', [0x80000000], f(2 ** 31)],
  ['itof_u.32.32', [0x80000080], f(2 ** 31)], // tie (ulp 256), to even
  ['itof_u.32.32', [0x80000081], f(2 ** 31 + 256)],
  ['itof_u.32.32', [0x80000180], f(2 ** 31 + 512)], // tie, to even
  ['itof_u.32.32', [16777217], f(16777216)],

  ['itof_s.32.64', [-1], f(-1)],
  ['itof_s.32.64', [-0x8000000000000000n], f(-(2 ** 63))],
  ['itof_s.32.64', [0x7fffffffffffffffn], f(2 ** 63)],
  ['itof_s.32.64', [0x0100000100000001n], f(2 ** 56 + 2 ** 33)],
  ['itof_s.32.64', [-0x0100000100000001n], f(-(2 ** 56 + 2 ** 33))],
  ['itof_s.32.64', [0x0100000100000000n], f(2 ** 56)], // exact tie, to even
  ['itof_s.32.64', [0x400000bfffffffffn], f(2 ** 62 + 2 ** 39)],
  ['itof_s.32.64', [-0x400000bfffffffffn], f(-(2 ** 62 + 2 ** 39))],
  ['itof_u.32.64', [0], f(0)],
  ['itof_u.32.64', [0xffffffffffffffffn], f(2 ** 64)],
  ['itof_u.32.64', [0xffffffffffffffffn], 0x5f800000n],
  ['itof_u.32.64', [0x0100000100000001n], 0x5b800001n],
  ['itof_u.32.64', [0x8000017fffffffffn], f(2 ** 63 + 2 ** 40)],
  ['itof_u.32.64', [0x8000000000000000n], f(2 ** 63)],

  ['itof_s.64.32', [-1], f(-1)],
  ['itof_s.64.32', [-0x80000000], f(-(2 ** 31))],
  ['itof_s.64.32', [0x7fffffff], f(2147483647)],
  ['itof_u.64.32', [-1], f(4294967295)],
  ['itof_u.64.32', [0x80000000], f(2 ** 31)],
  ['itof_s.64.64', [2n ** 53n + 1n], f(2 ** 53)], // tie, to even
  ['itof_s.64.64', [2n ** 53n + 3n], f(2 ** 53 + 4)], // tie, to even
  ['itof_s.64.64', [-(2n ** 53n + 1n)], f(-(2 ** 53))],
  ['itof_s.64.64', [-1], f(-1)],
  ['itof_s.64.64', [-0x8000000000000000n], f(-(2 ** 63))],
  ['itof_s.64.64', [0x7fffffffffffffffn], f(2 ** 63)],
  ['itof_u.64.64', [-1], f(2 ** 64)],
  ['itof_u.64.64', [2n ** 63n + 1024n], f(2 ** 63)], // ulp 2048: tie, to even
  ['itof_u.64.64', [2n ** 63n + 1025n], f(2 ** 63 + 2048)],
  ['itof_u.64.64', [2n ** 63n + 3072n], f(2 ** 63 + 4096)], // tie, to even
];

/** Float → integer, truncating toward zero; NaN and out of range trap. */
export const FLOAT_TO_INT_ROWS: readonly Row[] = [
  ['ftoi_s.32.64', [f(2147483647.9)], 2147483647],
  ['ftoi_s.32.64', [f(2147483648)], OVF],
  ['ftoi_s.32.64', [f(-2147483648.9)], -2147483648],
  ['ftoi_s.32.64', [f(-2147483649)], OVF],
  ['ftoi_s.32.64', [f(-0.9)], 0],
  ['ftoi_s.32.64', [f(-0)], 0],
  ['ftoi_s.32.64', [f(1.5)], 1],
  ['ftoi_s.32.64', [f(-1.5)], -1],
  ['ftoi_s.32.64', [NAN], INV],
  ['ftoi_s.32.64', [0xfff0000000000001n], INV],
  ['ftoi_s.32.64', [f(INF)], OVF],
  ['ftoi_s.32.64', [f(-INF)], OVF],
  ['ftoi_u.32.64', [f(4294967295.9)], 0xffffffff],
  ['ftoi_u.32.64', [f(4294967296)], OVF],
  ['ftoi_u.32.64', [f(2147483648)], 0x80000000],
  ['ftoi_u.32.64', [f(-0.9)], 0],
  ['ftoi_u.32.64', [f(-1)], OVF],
  ['ftoi_u.32.64', [NAN], INV],
  ['ftoi_u.32.64', [f(-INF)], OVF],
  ['ftoi_s.64.64', [f(2 ** 63 - 1024)], 0x7ffffffffffffc00n], // largest f64 below 2^63
  ['ftoi_s.64.64', [f(2 ** 63)], OVF],
  ['ftoi_s.64.64', [f(-(2 ** 63))], 0x8000000000000000n],
  ['ftoi_s.64.64', [f(-(2 ** 63) - 2048)], OVF], // next f64 below -2^63
  ['ftoi_s.64.64', [f(-0.9)], 0],
  ['ftoi_s.64.64', [f(-1e10 - 0.5)], -10000000000],
  ['ftoi_s.64.64', [NAN], INV],
  ['ftoi_u.64.64', [f(2 ** 64 - 2048)], 0xfffffffffffff800n], // largest f64 below 2^64
  ['ftoi_u.64.64', [f(2 ** 64)], OVF],
  ['ftoi_u.64.64', [f(2 ** 63)], 0x8000000000000000n],
  ['ftoi_u.64.64', [f(-0.9)], 0],
  ['ftoi_u.64.64', [f(-1)], OVF],
  ['ftoi_u.64.64', [NAN], INV],
  // From f32: f32 spacing is 128 below 2^31, 256 below 2^32, 2^39 below 2^63, 2^40 below 2^64.
  ['ftoi_s.32.32', [f(2 ** 31)], OVF],
  ['ftoi_s.32.32', [f(2147483520)], 2147483520],
  ['ftoi_s.32.32', [f(-(2 ** 31))], -2147483648],
  ['ftoi_s.32.32', [f(-2147483904)], OVF],
  ['ftoi_s.32.32', [f(Math.fround(-0.9))], 0],
  ['ftoi_s.32.32', [f(-1.5)], -1],
  ['ftoi_s.32.32', [NAN], INV],
  ['ftoi_s.32.32', [f(INF)], OVF],
  ['ftoi_u.32.32', [f(4294967040)], 0xffffff00],
  ['ftoi_u.32.32', [f(2 ** 32)], OVF],
  ['ftoi_u.32.32', [f(Math.fround(-0.9))], 0],
  ['ftoi_u.32.32', [f(-1)], OVF],
  ['ftoi_u.32.32', [NAN], INV],
  ['ftoi_s.64.32', [f(2 ** 63)], OVF],
  ['ftoi_s.64.32', [f(2 ** 63 - 2 ** 39)], 0x7fffff8000000000n],
  ['ftoi_s.64.32', [f(-(2 ** 63))], 0x8000000000000000n],
  ['ftoi_s.64.32', [f(-(2 ** 63 + 2 ** 40))], OVF],
  ['ftoi_s.64.32', [NAN], INV],
  ['ftoi_u.64.32', [f(2 ** 64 - 2 ** 40)], 0xffffff0000000000n],
  ['ftoi_u.64.32', [f(2 ** 64)], OVF],
  ['ftoi_u.64.32', [f(Math.fround(-0.9))], 0],
  ['ftoi_u.64.32', [NAN], INV],
  ['ftoi_u.64.32', [f(INF)], OVF],
];

/** Saturating float → integer: out of range clamps, NaN gives 0. */
export const FLOAT_TO_INT_SAT_ROWS: readonly Row[] = [
  ['ftoi_sat_s.32.64', [f(2147483648)], 0x7fffffff],
  ['ftoi_sat_s.32.64', [f(2147483647.9)], 2147483647],
  ['ftoi_sat_s.32.64', [f(-2147483649)], 0x80000000],
  ['ftoi_sat_s.32.64', [f(-2147483648.9)], 0x80000000],
  ['ftoi_sat_s.32.64', [f(1e300)], 0x7fffffff],
  ['ftoi_sat_s.32.64', [f(INF)], 0x7fffffff],
  ['ftoi_sat_s.32.64', [f(-INF)], 0x80000000],
  ['ftoi_sat_s.32.64', [f(-1.5)], -1],
  ['ftoi_sat_s.32.64', [f(-0.9)], 0],
  ['ftoi_sat_s.32.64', [NAN], 0],
  ['ftoi_sat_u.32.64', [f(-1)], 0],
  ['ftoi_sat_u.32.64', [f(-INF)], 0],
  ['ftoi_sat_u.32.64', [f(INF)], 0xffffffff],
  ['ftoi_sat_u.32.64', [f(2 ** 32)], 0xffffffff],
  ['ftoi_sat_u.32.64', [f(4294967295.9)], 0xffffffff],
  ['ftoi_sat_u.32.64', [f(1.9)], 1],
  ['ftoi_sat_u.32.64', [f(-0.9)], 0],
  ['ftoi_sat_u.32.64', [0xfff8000000000000n], 0], // negative NaN
  ['ftoi_sat_s.64.64', [f(2 ** 63)], 0x7fffffffffffffffn],
  ['ftoi_sat_s.64.64', [f(2 ** 63 - 1024)], 0x7ffffffffffffc00n],
  ['ftoi_sat_s.64.64', [f(-(2 ** 63))], 0x8000000000000000n],
  ['ftoi_sat_s.64.64', [f(-1e300)], 0x8000000000000000n],
  ['ftoi_sat_s.64.64', [f(-INF)], 0x8000000000000000n],
  ['ftoi_sat_s.64.64', [f(1e19)], 0x7fffffffffffffffn],
  ['ftoi_sat_s.64.64', [NAN], 0],
  ['ftoi_sat_u.64.64', [f(2 ** 64)], 0xffffffffffffffffn],
  ['ftoi_sat_u.64.64', [f(2 ** 64 - 2048)], 0xfffffffffffff800n],
  ['ftoi_sat_u.64.64', [f(INF)], 0xffffffffffffffffn],
  ['ftoi_sat_u.64.64', [f(-5)], 0],
  ['ftoi_sat_u.64.64', [NAN], 0],
  ['ftoi_sat_s.32.32', [f(2 ** 31)], 0x7fffffff],
  ['ftoi_sat_s.32.32', [f(2147483520)], 2147483520],
  ['ftoi_sat_s.32.32', [f(-(2 ** 31))], 0x80000000],
  ['ftoi_sat_s.32.32', [f(-2147483904)], 0x80000000],
  ['ftoi_sat_s.32.32', [NAN], 0],
  ['ftoi_sat_s.32.32', [0xff800001n], 0], // negative signalling NaN
  ['ftoi_sat_u.32.32', [f(4294967040)], 0xffffff00],
  ['ftoi_sat_u.32.32', [f(2 ** 32)], 0xffffffff],
  ['ftoi_sat_u.32.32', [f(-1)], 0],
  ['ftoi_sat_u.32.32', [f(-INF)], 0],
  ['ftoi_sat_u.32.32', [NAN], 0],
  ['ftoi_sat_s.64.32', [f(2 ** 63)], 0x7fffffffffffffffn],
  ['ftoi_sat_s.64.32', [f(2 ** 63 - 2 ** 39)], 0x7fffff8000000000n],
  ['ftoi_sat_s.64.32', [f(-(2 ** 64))], 0x8000000000000000n],
  ['ftoi_sat_s.64.32', [NAN], 0],
  ['ftoi_sat_u.64.32', [f(2 ** 64)], 0xffffffffffffffffn],
  ['ftoi_sat_u.64.32', [f(2 ** 64 - 2 ** 40)], 0xffffff0000000000n],
  ['ftoi_sat_u.64.32', [f(-1)], 0],
  ['ftoi_sat_u.64.32', [f(INF)], 0xffffffffffffffffn],
  ['ftoi_sat_u.64.32', [NAN], 0],
];

/** f32 ↔ f64 and reinterpret. */
export const FLOAT_FORMAT_ROWS: readonly Row[] = [
  // fpromote is exact.
  ['fpromote.64.32', [0x3f8ccccdn], 0x3ff19999a0000000n], // f32 nearest 1.1
  ['fpromote.64.32', [f(Math.fround(0.1))], f(0.10000000149011612)],
  ['fpromote.64.32', [f(2 ** -149)], f(2 ** -149)], // smallest f32 subnormal
  ['fpromote.64.32', [0x7f7fffffn], f(F32_MAX)],
  ['fpromote.64.32', [0xff7fffffn], f(-F32_MAX)],
  ['fpromote.64.32', [f(-0)], f(-0)],
  ['fpromote.64.32', [f(INF)], f(INF)],
  ['fpromote.64.32', [f(-INF)], f(-INF)],
  ['fpromote.64.32', [NAN], NAN],
  ['fpromote.64.32', [0x7fa00001n], NAN], // payload NaN becomes canonical
  // fdemote rounds to nearest, ties to even; it overflows to ±∞ and underflows to ±0.
  ['fdemote.32.64', [f(1.1)], 0x3f8ccccdn],
  ['fdemote.32.64', [f(1 + 2 ** -24)], f(1)], // tie, to even
  ['fdemote.32.64', [f(1 + 3 * 2 ** -24)], f(1 + 2 ** -22)], // tie, to even
  ['fdemote.32.64', [f(1 + 2 ** -24 + 2 ** -52)], f(1 + 2 ** -23)], // just above the tie
  ['fdemote.32.64', [f(2 ** 128 - 2 ** 103)], f(INF)], // F32_MAX + ulp/2: tie, to even = 2^128
  ['fdemote.32.64', [f(2 ** 128 - 2 ** 103 - 2 ** 75)], f(F32_MAX)], // the f64 just below
  ['fdemote.32.64', [f(1e39)], f(INF)],
  ['fdemote.32.64', [f(-1e39)], f(-INF)],
  ['fdemote.32.64', [f(2 ** -150)], f(0)], // tie between 0 and 2^-149, to even
  ['fdemote.32.64', [f(-(2 ** -150))], f(-0)],
  ['fdemote.32.64', [f(3 * 2 ** -151)], f(2 ** -149)],
  ['fdemote.32.64', [f(2 ** -150 + 2 ** -200)], f(2 ** -149)],
  ['fdemote.32.64', [f(-0)], f(-0)],
  ['fdemote.32.64', [f(INF)], f(INF)],
  ['fdemote.32.64', [NAN], NAN],
  ['fdemote.32.64', [0x7ff0000000000001n], NAN],
  // reinterpret moves bits untouched, NaN payloads included.
  ['reinterpret.32', [0x7fa00001n], 0x7fa00001n],
  ['reinterpret.32', [f(1)], 0x3f800000n],
  ['reinterpret.32', [0xffffffffn], 0xffffffffn],
  ['reinterpret.64', [0xfff0000000000001n], 0xfff0000000000001n],
  ['reinterpret.64', [f(-0)], 0x8000000000000000n],
];

export const CONVERT_ROWS: readonly Row[] = [
  ...EXTEND_ROWS,
  ...INT_TO_FLOAT_ROWS,
  ...FLOAT_TO_INT_ROWS,
  ...FLOAT_TO_INT_SAT_ROWS,
  ...FLOAT_FORMAT_ROWS,
];
