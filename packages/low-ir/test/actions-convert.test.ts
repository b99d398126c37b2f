/**
 * Per-action semantics of conversions: sext / zext / trunc between integer
 * widths (1-bit included), itof (correctly rounded, no double rounding
 * through f64), ftoi (exact range boundaries, traps) and ftoi_sat, fpromote,
 * fdemote and reinterpret.
 */
import { STANDARD_REGISTRY } from '../src/index.js';
import { evaluate, f, floatBits, runRows } from './helpers/eval.js';
import {
  EXTEND_ROWS,
  FLOAT_FORMAT_ROWS,
  FLOAT_TO_INT_ROWS,
  FLOAT_TO_INT_SAT_ROWS,
  INT_TO_FLOAT_ROWS,
} from './tables/convert.js';

describe('sext / zext / trunc', () => runRows(EXTEND_ROWS));
describe('itof_s / itof_u', () => runRows(INT_TO_FLOAT_ROWS));
describe('ftoi_s / ftoi_u', () => runRows(FLOAT_TO_INT_ROWS));
describe('ftoi_sat_s / ftoi_sat_u', () => runRows(FLOAT_TO_INT_SAT_ROWS));
describe('fpromote / fdemote / reinterpret', () => runRows(FLOAT_FORMAT_ROWS));

describe('extension and truncation at every width pair', () => {
  const pairs = (op: string) =>
    STANDARD_REGISTRY.get(op)!.widths.map(
      (ws) => [`${op}.${ws[0]}.${ws[1]}`, ws[0]!, ws[1]!] as const,
    );

  test.each(pairs('sext'))('%s copies the top bit of the source upward', (action, to, from) => {
    const top = 1n << BigInt(from - 1);
    const ones = (1n << BigInt(to)) - 1n;
    expect(evaluate(action, [top])).toBe(ones ^ (top - 1n));
    expect(evaluate(action, [top - 1n])).toBe(top - 1n);
  });

  test.each(pairs('zext'))('%s keeps the source bits and clears the rest', (action, _to, from) => {
    const all = (1n << BigInt(from)) - 1n;
    expect(evaluate(action, [all])).toBe(all);
    expect(evaluate(action, [-1])).toBe(all);
  });

  test.each(pairs('trunc'))('%s keeps the low bits', (action, to, from) => {
    const high = 1n << BigInt(from - 1);
    expect(evaluate(action, [high | 1n])).toBe(1n);
    expect(evaluate(action, [(1n << BigInt(from)) - 1n])).toBe((1n << BigInt(to)) - 1n);
  });
});

describe('f32 ↔ f64 round trips', () => {
  const f32s = [
    1,
    -1.5,
    Math.fround(0.1),
    2 ** -149,
    -(2 ** -126),
    3.4028234663852886e38,
    16777215,
  ];

  test.each(f32s)('fdemote(fpromote(%p)) is the same f32', (x) => {
    const wide = evaluate('fpromote.64.32', [f(x)]) as bigint;
    expect(wide).toBe(floatBits(x, 64));
    expect(evaluate('fdemote.32.64', [wide])).toBe(floatBits(x, 32));
  });

  test('itof of an integer exact in the format round-trips through ftoi', () => {
    for (const n of [0, 1, -1, 16777216, -16777216, 2 ** 31 - 128, -(2 ** 31)]) {
      const bits = evaluate('itof_s.32.32', [n]) as bigint;
      expect(evaluate('ftoi_s.32.32', [bits])).toBe(BigInt.asUintN(32, BigInt(n)));
    }
    for (const n of [2n ** 53n, -(2n ** 53n), 2n ** 63n - 1024n, -(2n ** 63n)]) {
      const bits = evaluate('itof_s.64.64', [n]) as bigint;
      expect(evaluate('ftoi_s.64.64', [bits])).toBe(BigInt.asUintN(64, n));
    }
  });
});
