/**
 * Per-action semantics of the integer ALU: arithmetic, division and
 * remainder, bitwise operations, shifts and rotates, bit counting, select,
 * copy and const, from hand-computed tables; then every 8-bit operand pair,
 * and a sample of 16-bit pairs, against a reference written independently
 * with JS number arithmetic (wasm has no 8/16-bit ALU to compare with).
 */
import { STANDARD_REGISTRY } from '../src/index.js';
import { NO_MEMORY, runRows } from './helpers/eval.js';
import { Rng, randomInt, seedOf } from './helpers/random.js';
import {
  ARITHMETIC_ROWS,
  BIT_COUNT_ROWS,
  BITWISE_ROWS,
  DIVISION_ROWS,
  MOVE_ROWS,
  SHIFT_ROWS,
} from './tables/integer.js';

describe('arithmetic', () => runRows(ARITHMETIC_ROWS));
describe('division and remainder', () => runRows(DIVISION_ROWS));
describe('bitwise', () => runRows(BITWISE_ROWS));
describe('shifts and rotates', () => runRows(SHIFT_ROWS));
describe('bit counting', () => runRows(BIT_COUNT_ROWS));
describe('select, copy, const', () => runRows(MOVE_ROWS));

/** A reference result: the W-bit pattern as a number, or a trap kind. */
type Ref = (a: number, b: number, w: number) => number | string;

const DIV0 = 'int_divide_by_zero';
const pow = (k: number) => 2 ** k;
/** Reduces to W bits (works for negative numbers too). */
const u = (x: number, w: number) => ((x % pow(w)) + pow(w)) % pow(w);
/** Reads a W-bit pattern as signed. */
const s = (x: number, w: number) => (x >= pow(w - 1) ? x - pow(w) : x);
const count = (b: number, w: number) => b & (w - 1);

const BINARY_REFERENCE: Record<string, Ref> = {
  add: (a, b, w) => u(a + b, w),
  sub: (a, b, w) => u(a - b, w),
  mul: (a, b, w) => u(a * b, w),
  mulh_s: (a, b, w) => u(Math.floor((s(a, w) * s(b, w)) / pow(w)), w),
  mulh_u: (a, b, w) => Math.floor((a * b) / pow(w)),
  div_s: (a, b, w) =>
    b === 0
      ? DIV0
      : s(a, w) === -pow(w - 1) && s(b, w) === -1
        ? 'int_overflow'
        : u(Math.trunc(s(a, w) / s(b, w)), w),
  div_u: (a, b) => (b === 0 ? DIV0 : Math.floor(a / b)),
  rem_s: (a, b, w) => (b === 0 ? DIV0 : u(s(a, w) % s(b, w), w)),
  rem_u: (a, b) => (b === 0 ? DIV0 : a % b),
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  xor: (a, b) => a ^ b,
  shl: (a, b, w) => u(a * pow(count(b, w)), w),
  shr_s: (a, b, w) => u(Math.floor(s(a, w) / pow(count(b, w))), w),
  shr_u: (a, b, w) => Math.floor(a / pow(count(b, w))),
  rotl: (a, b, w) => u(a * pow(count(b, w)), w) + Math.floor(a / pow(w - count(b, w))),
  rotr: (a, b, w) => Math.floor(a / pow(count(b, w))) + u(a * pow(w - count(b, w)), w),
};

const UNARY_REFERENCE: Record<string, (a: number, w: number) => number> = {
  neg: (a, w) => u(-a, w),
  not: (a, w) => pow(w) - 1 - a,
  clz: (a, w) => (a === 0 ? w : w - 1 - Math.floor(Math.log2(a))),
  ctz: (a, w) => (a === 0 ? w : Math.log2(a & -a)),
  popcnt: (a) => [...a.toString(2)].filter((c) => c === '1').length,
};

function run(op: string, w: number, args: number[]): number | string {
  try {
    const r = STANDARD_REGISTRY.get(op)!.evaluate!([w])(args.map(BigInt), NO_MEMORY);
    return Number(r);
  } catch (e) {
    return (e as { trapKind: string }).trapKind;
  }
}

describe('agreement with an independent number-based reference', () => {
  test.each(Object.keys(BINARY_REFERENCE))('%s.8 on every operand pair', (op) => {
    const ref = BINARY_REFERENCE[op]!;
    const bad: string[] = [];
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256 && bad.length < 10; b++) {
        const [want, got] = [ref(a, b, 8), run(op, 8, [a, b])];
        if (want !== got) bad.push(`${op}.8(${a}, ${b}) = ${got}, expected ${want}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test.each(Object.keys(BINARY_REFERENCE))('%s.16 on 20000 sampled pairs', (op) => {
    const ref = BINARY_REFERENCE[op]!;
    const rng = new Rng(seedOf(`${op}.16`));
    const bad: string[] = [];
    for (let n = 0; n < 20000 && bad.length < 10; n++) {
      const [a, b] = [Number(randomInt(rng, 16)), Number(randomInt(rng, 16))];
      const [want, got] = [ref(a, b, 16), run(op, 16, [a, b])];
      if (want !== got) bad.push(`${op}.16(${a}, ${b}) = ${got}, expected ${want}`);
    }
    expect(bad).toEqual([]);
  });

  test.each(Object.keys(UNARY_REFERENCE))('%s at widths 8 and 16 on every operand', (op) => {
    const ref = UNARY_REFERENCE[op]!;
    for (const w of [8, 16]) {
      const bad: number[] = [];
      for (let a = 0; a < pow(w); a++) if (run(op, w, [a]) !== ref(a, w)) bad.push(a);
      expect(bad.slice(0, 10)).toEqual([]);
    }
  });
});
