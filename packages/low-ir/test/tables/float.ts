/**
 * Hand-computed rows for float arithmetic on f32 (width 32) and f64 (width
 * 64): correctly rounded + - × / and sqrt (ties to even), NaN propagation to
 * the canonical NaN, signed zeros, min/max with -0 < +0, the four roundings
 * (nearest = half to even), and the exact sign-bit operations that keep NaN
 * payloads.
 */
import { f, NAN, type Row } from '../helpers/eval.js';

const INF = Number.POSITIVE_INFINITY;
const F32_MAX = 3.4028234663852886e38;
const F64_MAX = Number.MAX_VALUE;

export const FLOAT_ARITH_ROWS: readonly Row[] = [
  ['fadd.32', [0x3f800000n, 0x3f800000n], 0x40000000n], // 1 + 1 = 2, in raw bits
  ['fadd.32', [f(1), f(2)], f(3)],
  ['fadd.32', [f(1), f(2 ** -24)], f(1)], // tie, to even
  ['fadd.32', [f(1), f(2 ** -24 + 2 ** -47)], f(1 + 2 ** -23)], // above the tie
  ['fadd.32', [f(1 + 2 ** -23), f(2 ** -24)], f(1 + 2 ** -22)], // tie, to even
  ['fadd.32', [f(-0), f(-0)], f(-0)],
  ['fadd.32', [f(-0), f(0)], f(0)],
  ['fadd.32', [f(F32_MAX), f(F32_MAX)], f(INF)],
  ['fadd.32', [f(2 ** -149), f(2 ** -149)], f(2 ** -148)],
  ['fadd.32', [f(INF), f(-INF)], NAN],
  ['fadd.32', [NAN, f(1)], NAN],
  ['fadd.32', [0x7fa00001n, f(1)], NAN], // payload NaN in, canonical NaN out
  ['fadd.32', [f(1), 0xffc00000n], NAN], // negative NaN in, positive NaN out
  ['fadd.64', [0x3ff0000000000000n, 0x3ff0000000000000n], 0x4000000000000000n],
  ['fadd.64', [f(0.1), f(0.2)], f(0.30000000000000004)],
  ['fadd.64', [f(2 ** 53), f(1)], f(2 ** 53)], // tie, to even
  ['fadd.64', [f(2 ** 53), f(3)], f(2 ** 53 + 4)], // tie, to even
  ['fadd.64', [f(-0), f(-0)], f(-0)],
  ['fadd.64', [f(-0), f(0)], f(0)],
  ['fadd.64', [f(F64_MAX), f(F64_MAX)], f(INF)],
  ['fadd.64', [f(5e-324), f(5e-324)], f(1e-323)],
  ['fadd.64', [f(INF), f(-INF)], NAN],
  ['fadd.64', [0x7ff0000000000001n, f(0)], NAN],

  ['fsub.32', [f(3), f(5)], f(-2)],
  ['fsub.32', [f(1), f(1)], f(0)],
  ['fsub.32', [f(-0), f(0)], f(-0)],
  ['fsub.32', [f(-0), f(-0)], f(0)],
  ['fsub.32', [f(1), f(2 ** -25)], f(1)], // tie between 1 - 2^-24 and 1, to even
  ['fsub.32', [f(1), f(2 ** -25 + 2 ** -40)], f(1 - 2 ** -24)],
  ['fsub.32', [f(INF), f(INF)], NAN],
  ['fsub.64', [f(0.3), f(0.1)], f(0.19999999999999998)],
  ['fsub.64', [f(1), f(1)], f(0)],
  ['fsub.64', [f(-0), f(0)], f(-0)],
  ['fsub.64', [f(INF), f(INF)], NAN],
  ['fsub.64', [NAN, f(1)], NAN],

  ['fmul.32', [f(1.5), f(-2)], f(-3)],
  ['fmul.32', [f(3), f(-0)], f(-0)],
  ['fmul.32', [f(65536), f(65536)], f(2 ** 32)],
  ['fmul.32', [f(1 + 2 ** -23), f(1 + 2 ** -23)], f(1 + 2 ** -22)], // + 2^-46 rounds off
  ['fmul.32', [f(1 + 2 ** -12), f(1 + 2 ** -12)], f(1 + 2 ** -11)], // + 2^-24: tie, to even
  ['fmul.32', [f(2 ** 64), f(2 ** 64)], f(INF)],
  ['fmul.32', [f(2 ** -100), f(2 ** -100)], f(0)],
  ['fmul.32', [f(-(2 ** -100)), f(2 ** -100)], f(-0)],
  ['fmul.32', [f(INF), f(0)], NAN],
  ['fmul.64', [f(0.1), f(3)], f(0.30000000000000004)],
  ['fmul.64', [f(-1), f(0)], f(-0)],
  ['fmul.64', [f(1e200), f(1e200)], f(INF)],
  ['fmul.64', [f(2 ** -1074), f(0.5)], f(0)], // tie between 0 and 2^-1074, to even
  ['fmul.64', [f(3 * 2 ** -1074), f(0.5)], f(2 ** -1073)], // tie, to even
  ['fmul.64', [f(INF), f(0)], NAN],

  ['fdiv.32', [f(1), f(3)], 0x3eaaaaabn],
  ['fdiv.32', [f(6), f(-4)], f(-1.5)],
  ['fdiv.32', [f(1), f(0)], f(INF)],
  ['fdiv.32', [f(-1), f(0)], f(-INF)],
  ['fdiv.32', [f(1), f(-0)], f(-INF)],
  ['fdiv.32', [f(-0), f(5)], f(-0)],
  ['fdiv.32', [f(0), f(0)], NAN],
  ['fdiv.32', [f(INF), f(INF)], NAN],
  ['fdiv.64', [f(1), f(3)], 0x3fd5555555555555n],
  ['fdiv.64', [f(1), f(0)], f(INF)],
  ['fdiv.64', [f(-1), f(INF)], f(-0)],
  ['fdiv.64', [f(0), f(0)], NAN],
  ['fdiv.64', [NAN, f(1)], NAN],

  ['fsqrt.32', [f(4)], f(2)],
  ['fsqrt.32', [f(2)], 0x3fb504f3n],
  ['fsqrt.32', [f(2 ** -148)], f(2 ** -74)],
  ['fsqrt.32', [f(-0)], f(-0)],
  ['fsqrt.32', [f(INF)], f(INF)],
  ['fsqrt.32', [f(-1)], NAN],
  ['fsqrt.32', [f(-INF)], NAN],
  ['fsqrt.32', [NAN], NAN],
  ['fsqrt.64', [f(0.25)], f(0.5)],
  ['fsqrt.64', [f(2)], 0x3ff6a09e667f3bcdn], // 1.4142135623730951
  ['fsqrt.64', [f(-0)], f(-0)],
  ['fsqrt.64', [f(-1)], NAN],
  ['fsqrt.64', [f(-(2 ** -1074))], NAN],
  ['fsqrt.64', [f(INF)], f(INF)],
];

/** min/max: NaN wins over everything, -0 < +0 in either operand order. */
export const MIN_MAX_ROWS: readonly Row[] = [
  ['fmin.32', [f(1), f(2)], f(1)],
  ['fmin.32', [f(-0), f(0)], f(-0)],
  ['fmin.32', [f(0), f(-0)], f(-0)],
  ['fmin.32', [f(-INF), f(1)], f(-INF)],
  ['fmin.32', [NAN, f(1)], NAN],
  ['fmin.32', [f(1), NAN], NAN],
  ['fmin.32', [0x7fa00001n, f(-INF)], NAN],
  ['fmin.64', [f(2), f(-3)], f(-3)],
  ['fmin.64', [f(-0), f(0)], f(-0)],
  ['fmin.64', [f(0), f(-0)], f(-0)],
  ['fmin.64', [NAN, f(-INF)], NAN],
  ['fmin.64', [f(-INF), 0xfff0000000000001n], NAN],
  ['fmax.32', [f(1), f(2)], f(2)],
  ['fmax.32', [f(-0), f(0)], f(0)],
  ['fmax.32', [f(0), f(-0)], f(0)],
  ['fmax.32', [f(INF), f(1)], f(INF)],
  ['fmax.32', [NAN, f(1)], NAN],
  ['fmax.32', [f(INF), NAN], NAN],
  ['fmax.64', [f(2), f(-3)], f(2)],
  ['fmax.64', [f(-0), f(0)], f(0)],
  ['fmax.64', [f(0), f(-0)], f(0)],
  ['fmax.64', [f(-1), f(-0)], f(-0)],
  ['fmax.64', [NAN, f(INF)], NAN],
  ['fmax.64', [f(INF), 0x7ff4000000000000n], NAN],
];

/** Roundings to an integral value: the sign of a zero result is the input's. */
export const ROUNDING_ROWS: readonly Row[] = [
  ['fceil.32', [f(0.5)], f(1)],
  ['fceil.32', [f(-0.5)], f(-0)],
  ['fceil.32', [f(-1.5)], f(-1)],
  ['fceil.32', [f(1 + 2 ** -23)], f(2)],
  ['fceil.32', [f(8388607.5)], f(8388608)],
  ['fceil.32', [f(-(2 ** -149))], f(-0)],
  ['fceil.32', [f(-0)], f(-0)],
  ['fceil.32', [f(INF)], f(INF)],
  ['fceil.32', [NAN], NAN],
  ['fceil.64', [f(-0.5)], f(-0)],
  ['fceil.64', [f(2 ** -1074)], f(1)],
  ['fceil.64', [f(4503599627370495.5)], f(4503599627370496)],
  ['fceil.64', [f(-0)], f(-0)],
  ['fceil.64', [NAN], NAN],

  ['ffloor.32', [f(0.5)], f(0)],
  ['ffloor.32', [f(-0.5)], f(-1)],
  ['ffloor.32', [f(2 - 2 ** -23)], f(1)],
  ['ffloor.32', [f(-(2 ** -149))], f(-1)],
  ['ffloor.32', [f(-0)], f(-0)],
  ['ffloor.32', [f(-INF)], f(-INF)],
  ['ffloor.32', [NAN], NAN],
  ['ffloor.64', [f(0.5)], f(0)],
  ['ffloor.64', [f(-0.5)], f(-1)],
  ['ffloor.64', [f(-4503599627370495.5)], f(-4503599627370496)],
  ['ffloor.64', [f(-0)], f(-0)],
  ['ffloor.64', [NAN], NAN],

  ['ftrunc.32', [f(0.5)], f(0)],
  ['ftrunc.32', [f(-0.5)], f(-0)],
  ['ftrunc.32', [f(-1.75)], f(-1)],
  ['ftrunc.32', [f(-0)], f(-0)],
  ['ftrunc.32', [f(INF)], f(INF)],
  ['ftrunc.32', [NAN], NAN],
  ['ftrunc.64', [f(-0.5)], f(-0)],
  ['ftrunc.64', [f(-1.9)], f(-1)],
  ['ftrunc.64', [f(4503599627370495.5)], f(4503599627370495)],
  ['ftrunc.64', [NAN], NAN],

  ['fnearest.32', [f(0.5)], f(0)],
  ['fnearest.32', [f(1.5)], f(2)],
  ['fnearest.32', [f(2.5)], f(2)],
  ['fnearest.32', [f(3.5)], f(4)],
  ['fnearest.32', [f(-0.5)], f(-0)],
  ['fnearest.32', [f(-1.5)], f(-2)],
  ['fnearest.32', [f(-2.5)], f(-2)],
  ['fnearest.32', [f(0.5 - 2 ** -25)], f(0)], // largest f32 below 0.5
  ['fnearest.32', [f(8388606.5)], f(8388606)], // tie, to even
  ['fnearest.32', [f(8388607.5)], f(8388608)], // tie, to even
  ['fnearest.32', [f(-(2 ** -149))], f(-0)],
  ['fnearest.32', [f(-0)], f(-0)],
  ['fnearest.32', [f(INF)], f(INF)],
  ['fnearest.32', [NAN], NAN],
  ['fnearest.64', [f(0.5)], f(0)],
  ['fnearest.64', [f(1.5)], f(2)],
  ['fnearest.64', [f(2.5)], f(2)],
  ['fnearest.64', [f(-0.5)], f(-0)],
  ['fnearest.64', [f(-2.5)], f(-2)],
  ['fnearest.64', [f(0.49999999999999994)], f(0)],
  ['fnearest.64', [f(-0.49999999999999994)], f(-0)],
  ['fnearest.64', [f(4503599627370494.5)], f(4503599627370494)],
  ['fnearest.64', [f(4503599627370495.5)], f(4503599627370496)],
  ['fnearest.64', [f(2 ** 52 + 1)], f(2 ** 52 + 1)],
  ['fnearest.64', [f(-INF)], f(-INF)],
  ['fnearest.64', [NAN], NAN],
];

/** fabs, fneg, fcopysign: exact on the bits, so NaN payloads and signs survive. */
export const SIGN_ROWS: readonly Row[] = [
  ['fabs.32', [f(-1)], f(1)],
  ['fabs.32', [f(-0)], f(0)],
  ['fabs.32', [f(-INF)], f(INF)],
  ['fabs.32', [0xffa00001n], 0x7fa00001n],
  ['fabs.32', [0x7f800001n], 0x7f800001n],
  ['fabs.64', [f(-2.5)], f(2.5)],
  ['fabs.64', [f(-0)], f(0)],
  ['fabs.64', [0xfff8000000000001n], 0x7ff8000000000001n],
  ['fneg.32', [f(1)], f(-1)],
  ['fneg.32', [f(0)], f(-0)],
  ['fneg.32', [f(-INF)], f(INF)],
  ['fneg.32', [0x7fa00001n], 0xffa00001n],
  ['fneg.64', [f(3)], f(-3)],
  ['fneg.64', [f(-0)], f(0)],
  ['fneg.64', [0x7ff0000000000001n], 0xfff0000000000001n],
  ['fcopysign.32', [f(1), f(-0)], f(-1)],
  ['fcopysign.32', [f(-1), f(0)], f(1)],
  ['fcopysign.32', [f(INF), f(-3)], f(-INF)],
  ['fcopysign.32', [0x7fa00001n, f(-1)], 0xffa00001n],
  ['fcopysign.32', [f(2), 0xffc00000n], f(-2)],
  ['fcopysign.64', [f(-3), f(1)], f(3)],
  ['fcopysign.64', [f(5), 0xfff8000000000000n], f(-5)],
  ['fcopysign.64', [0x7ff8000000000001n, f(-0)], 0xfff8000000000001n],
  ['fcopysign.64', [0xfff4000000000000n, f(1)], 0x7ff4000000000000n],
];

export const FLOAT_ROWS: readonly Row[] = [
  ...FLOAT_ARITH_ROWS,
  ...MIN_MAX_ROWS,
  ...ROUNDING_ROWS,
  ...SIGN_ROWS,
];
