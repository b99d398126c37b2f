/**
 * Per-action semantics of float arithmetic (f32 at width 32, f64 at 64):
 * rounding, NaN propagation and canonical NaN results, signed zeros, min/max,
 * the integral roundings and the sign-bit operations. Comparisons are in
 * actions-compare, conversions in actions-convert.
 */
import {
  bitsFloat,
  evaluate,
  F32_NAN,
  F64_NAN,
  f,
  floatBits,
  isNaNBits,
  runRows,
} from './helpers/eval.js';
import { FLOAT_ARITH_ROWS, MIN_MAX_ROWS, ROUNDING_ROWS, SIGN_ROWS } from './tables/float.js';

describe('float arithmetic', () => runRows(FLOAT_ARITH_ROWS));
describe('fmin / fmax', () => runRows(MIN_MAX_ROWS));
describe('fceil / ffloor / ftrunc / fnearest', () => runRows(ROUNDING_ROWS));
describe('fabs / fneg / fcopysign', () => runRows(SIGN_ROWS));

/** NaN inputs of every flavour: quiet, signalling, negative, with payloads. */
const NANS: Record<number, readonly bigint[]> = {
  32: [0x7fc00000n, 0xffc00000n, 0x7f800001n, 0xffbfffffn, 0x7fa00001n],
  64: [0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff0000000000001n, 0xfff4000000000123n],
};
const ARITH = ['fadd', 'fsub', 'fmul', 'fdiv', 'fmin', 'fmax'];
const UNARY = ['fsqrt', 'fceil', 'ffloor', 'ftrunc', 'fnearest'];

describe.each([32, 64])('NaN handling at width %i', (w) => {
  const canonical = w === 32 ? F32_NAN : F64_NAN;
  const one = floatBits(1, w);

  test.each(ARITH)('%s gives the canonical NaN for any NaN operand, on either side', (op) => {
    for (const nan of NANS[w]!) {
      expect(evaluate(`${op}.${w}`, [nan, one])).toBe(canonical);
      expect(evaluate(`${op}.${w}`, [one, nan])).toBe(canonical);
      expect(evaluate(`${op}.${w}`, [nan, nan])).toBe(canonical);
    }
  });

  test.each(UNARY)('%s gives the canonical NaN for any NaN operand', (op) => {
    for (const nan of NANS[w]!) expect(evaluate(`${op}.${w}`, [nan])).toBe(canonical);
  });

  test('fabs, fneg and fcopysign touch only the sign bit of a NaN', () => {
    const sign = 1n << BigInt(w - 1);
    for (const nan of NANS[w]!) {
      const result = evaluate(`fneg.${w}`, [nan]) as bigint;
      expect(isNaNBits(result, w)).toBe(true);
      expect(result).toBe(nan ^ sign);
      expect(evaluate(`fabs.${w}`, [nan])).toBe(nan & ~sign);
      expect(evaluate(`fcopysign.${w}`, [nan, f(-1)])).toBe(nan | sign);
      expect(evaluate(`fcopysign.${w}`, [one, nan])).toBe(one | (nan & sign));
    }
  });
});

describe('signed zeros', () => {
  test.each([32, 64])('x - x is +0 and -0 + -0 is -0 at width %i', (w) => {
    for (const x of [1, -2.5, 1024]) {
      expect(Object.is(bitsFloat(evaluate(`fsub.${w}`, [f(x), f(x)]) as bigint, w), 0)).toBe(true);
    }
    expect(Object.is(bitsFloat(evaluate(`fadd.${w}`, [f(-0), f(-0)]) as bigint, w), -0)).toBe(true);
  });

  test.each(['fceil', 'ffloor', 'ftrunc', 'fnearest', 'fsqrt'])('%s keeps -0 and +0', (op) => {
    for (const w of [32, 64]) {
      expect(evaluate(`${op}.${w}`, [f(-0)])).toBe(floatBits(-0, w));
      expect(evaluate(`${op}.${w}`, [f(0)])).toBe(floatBits(0, w));
    }
  });
});
