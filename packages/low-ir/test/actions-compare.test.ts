/**
 * Per-action semantics of comparisons and flags: integer comparisons signed
 * and unsigned, eqz, sign, add_carry / add_overflow / sub_overflow, and the
 * float comparisons (NaN unordered, -0 = +0). Hand-computed tables, then the
 * integer ones on every 8-bit pair against an independent reference.
 */
import { STANDARD_REGISTRY } from '../src/index.js';
import { NO_MEMORY, runRows } from './helpers/eval.js';
import { FLAG_ROWS, FLOAT_COMPARE_ROWS, INT_COMPARE_ROWS } from './tables/compare.js';

describe('integer comparisons, eqz, sign', () => runRows(INT_COMPARE_ROWS));
describe('carry and overflow flags', () => runRows(FLAG_ROWS));
describe('float comparisons', () => runRows(FLOAT_COMPARE_ROWS));

/** Reads an 8-bit pattern as signed, without the code under test. */
const s8 = (x: number) => (x << 24) >> 24;

const REFERENCE: Record<string, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt_s: (a, b) => s8(a) < s8(b),
  lt_u: (a, b) => a < b,
  le_s: (a, b) => s8(a) <= s8(b),
  le_u: (a, b) => a <= b,
  gt_s: (a, b) => s8(a) > s8(b),
  gt_u: (a, b) => a > b,
  ge_s: (a, b) => s8(a) >= s8(b),
  ge_u: (a, b) => a >= b,
  add_carry: (a, b) => a + b > 255,
  add_overflow: (a, b) => s8(a) + s8(b) > 127 || s8(a) + s8(b) < -128,
  sub_overflow: (a, b) => s8(a) - s8(b) > 127 || s8(a) - s8(b) < -128,
};

test.each(Object.keys(REFERENCE))('%s.8 agrees with the reference on every operand pair', (op) => {
  const evaluator = STANDARD_REGISTRY.get(op)!.evaluate!([8]);
  const bad: string[] = [];
  for (let a = 0; a < 256; a++) {
    for (let b = 0; b < 256; b++) {
      const got = evaluator([BigInt(a), BigInt(b)], NO_MEMORY);
      const want = REFERENCE[op]!(a, b) ? 1n : 0n;
      if (got !== want && bad.length < 10) bad.push(`${op}.8(${a}, ${b}) = ${got}`);
    }
  }
  expect(bad).toEqual([]);
});

test('eqz.8 and sign.8 agree with the reference on every operand', () => {
  const eqz = STANDARD_REGISTRY.get('eqz')!.evaluate!([8]);
  const sign = STANDARD_REGISTRY.get('sign')!.evaluate!([8]);
  for (let a = 0; a < 256; a++) {
    expect([a, eqz([BigInt(a)], NO_MEMORY)]).toEqual([a, a === 0 ? 1n : 0n]);
    expect([a, sign([BigInt(a)], NO_MEMORY)]).toEqual([a, s8(a) < 0 ? 1n : 0n]);
  }
});
