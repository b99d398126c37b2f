/**
 * The evaluators of riscv32's own actions (actions.ts): fused multiply-add
 * against glibc's fmaf/fma, RISC-V fmin/fmax and fclass on the cases the F
 * chapter lists, fsgnjx, and mulhsu against the 64-bit product.
 */
import type { ActionSpec } from '@lirc/low-ir';
import { RISCV32_ACTIONS } from '@lirc/machine-riscv32';
import { FMA_F32, FMA_F64 } from './fma-vectors.js';

function evaluator(opcode: string, width: number) {
  const spec: ActionSpec = RISCV32_ACTIONS.find((a) => a.opcode === opcode)!;
  const run = spec.evaluate!([width]);
  return (...args: bigint[]) => run(args, { memory: { load: () => 0n, store: () => {} } })!;
}

const isNaN32 = (v: bigint) => (v & 0x7f800000n) === 0x7f800000n && (v & 0x7fffffn) !== 0n;
const isNaN64 = (v: bigint) =>
  (v & 0x7ff0000000000000n) === 0x7ff0000000000000n && (v & 0xfffffffffffffn) !== 0n;
const hex = (v: bigint) => `0x${v.toString(16)}`;

describe('rv_fmadd', () => {
  test.each([32, 64] as const)('agrees with glibc fma at width %d', (width) => {
    const fma = evaluator('rv_fmadd', width);
    const vectors = width === 32 ? FMA_F32.map((v) => v.map(BigInt)) : FMA_F64;
    const nan = width === 32 ? isNaN32 : isNaN64;
    const wrong = vectors.flatMap(([a, b, c, r]) => {
      const ours = fma(a!, b!, c!);
      return ours === r || (nan(r!) && nan(ours))
        ? []
        : [`${[a, b, c].map((x) => hex(x!))}: ${hex(ours)}, glibc ${hex(r!)}`];
    });
    expect(wrong).toEqual([]);
    expect(vectors.length).toBe(200);
  });

  test('rounds once, and gets the signs of zeros and the invalid cases right', () => {
    const fma = evaluator('rv_fmadd', 32);
    const one = 0x3f800000n;
    const eps = 0x33800000n; // 2^-24
    const onePlusUlp = 0x3f800001n; // 1 + 2^-23
    // (1 + 2^-12)^2 - 1 = 2^-11 + 2^-24 exactly; unfused, the square rounds to 1 + 2^-11 first.
    expect(fma(0x3f800800n, 0x3f800800n, 0xbf800000n)).toBe(0x3a000400n);
    // (1 + 2^-23)^2 - 1 = 2^-22 + 2^-46: half an ulp of 2^-22, a tie, to even.
    expect(fma(onePlusUlp, onePlusUlp, 0xbf800000n)).toBe(0x34800000n);
    // 1 + 2^-24 ties to even (1); 1 + 2^-24 + tiny rounds up.
    expect(fma(one, eps, one)).toBe(one);
    expect(fma(onePlusUlp, eps, one)).toBe(onePlusUlp);
    // Zeros: 1 × 1 - 1 = +0; (+0 × -1) + -0 = -0; (+0 × 1) + -0 = +0.
    expect(fma(one, one, 0xbf800000n)).toBe(0n);
    expect(fma(0n, 0xbf800000n, 0x80000000n)).toBe(0x80000000n);
    expect(fma(0n, one, 0x80000000n)).toBe(0n);
    // ∞ × 0 and ∞ - ∞ are invalid: the canonical NaN; NaN operands too.
    expect(fma(0x7f800000n, 0n, one)).toBe(0x7fc00000n);
    expect(fma(0x7f800000n, one, 0xff800000n)).toBe(0x7fc00000n);
    expect(fma(0x7f800001n, one, one)).toBe(0x7fc00000n);
    expect(fma(one, one, 0x7f800000n)).toBe(0x7f800000n);
    // Overflow to ∞ and gradual underflow.
    expect(fma(0x7f7fffffn, 0x40000000n, 0n)).toBe(0x7f800000n);
    expect(fma(0x00800000n, 0x3f000000n, 0n)).toBe(0x00400000n);
  });
});

describe('rv_fmin and rv_fmax', () => {
  const min = evaluator('rv_fmin', 32);
  const max = evaluator('rv_fmax', 32);
  const [one, two, negZero, qnan, snan] = [
    0x3f800000n,
    0x40000000n,
    0x80000000n,
    0x7fc00000n,
    0x7f800001n,
  ];

  test('order numbers, -0 below +0', () => {
    expect(min(one, two)).toBe(one);
    expect(max(one, two)).toBe(two);
    expect(min(0n, negZero)).toBe(negZero);
    expect(min(negZero, 0n)).toBe(negZero);
    expect(max(negZero, 0n)).toBe(0n);
    expect(max(0n, negZero)).toBe(0n);
    expect(min(0xff800000n, one)).toBe(0xff800000n);
  });

  test('a NaN loses to a number (even a signaling one); two NaNs give the canonical NaN', () => {
    expect(min(qnan, one)).toBe(one);
    expect(max(one, snan)).toBe(one);
    expect(min(snan, qnan)).toBe(qnan);
    expect(max(0xffc00001n, 0x7f800002n)).toBe(qnan);
  });

  test('at width 64 as well', () => {
    const min64 = evaluator('rv_fmin', 64);
    expect(min64(0x7ff8000000000000n, 0x3ff0000000000000n)).toBe(0x3ff0000000000000n);
    expect(min64(0n, 0x8000000000000000n)).toBe(0x8000000000000000n);
    expect(min64(0xbff0000000000000n, 0x3ff0000000000000n)).toBe(0xbff0000000000000n);
  });
});

test('rv_fclass sets exactly the bit of the class', () => {
  const f32 = evaluator('rv_fclass', 32);
  const f64 = evaluator('rv_fclass', 64);
  const cases: [bigint, number][] = [
    [0xff800000n, 0],
    [0xbf800000n, 1],
    [0x80000001n, 2],
    [0x80000000n, 3],
    [0x00000000n, 4],
    [0x007fffffn, 5],
    [0x3f800000n, 6],
    [0x7f800000n, 7],
    [0x7f800001n, 8],
    [0xffc00000n, 9],
  ];
  for (const [v, bit] of cases) expect(f32(v)).toBe(1n << BigInt(bit));
  expect(f64(0x0008000000000000n)).toBe(1n << 5n);
  expect(f64(0x7ff4000000000000n)).toBe(1n << 8n);
  expect(f64(0xfff8000000000000n)).toBe(1n << 9n);
  expect(f64(0xc000000000000000n)).toBe(1n << 1n);
});

test('rv_fsgnjx xors the signs and keeps everything else', () => {
  const x = evaluator('rv_fsgnjx', 32);
  expect(x(0xbf800000n, 0x80000000n)).toBe(0x3f800000n);
  expect(x(0x3f800000n, 0xc0000000n)).toBe(0xbf800000n);
  expect(x(0x7fc00001n, 0x00000000n)).toBe(0x7fc00001n);
  expect(evaluator('rv_fsgnjx', 64)(0x8000000000000001n, 0x8000000000000000n)).toBe(1n);
});

test('rv_mulhsu is the high half of signed × unsigned', () => {
  const mulhsu = evaluator('rv_mulhsu', 32);
  const values = [0n, 1n, 2n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x12345678n, 0xdeadbeefn];
  for (const a of values) {
    for (const b of values) {
      const product = BigInt.asIntN(32, a) * b;
      expect(mulhsu(a, b)).toBe(BigInt.asUintN(32, product >> 32n));
    }
  }
});
