/**
 * 64-bit floats on riscv32 (32-bit integer registers; the pair stage keeps
 * an f64 whole between float actions, joins and splits it through the
 * stack, and converts between 64-bit integers and floats inline:
 * pairs/rules-float.ts), run under qemu against the Low IR interpreter:
 * arithmetic, roundings, comparisons, promote/demote, select, calls, and
 * every conversion between i32/i64 and f32/f64 (trapping and saturating)
 * on edge values: ±0, ±inf, NaNs, subnormals, 2^52, 2^53 ± 1, 2^63, −2^63,
 * 2^64 and the floats just inside and outside each truncation bound.
 * Trapping inputs must end in the trap of the right kind.
 */
import { Interpreter, loadLir } from '@lirc/low-ir';
import { type CaseOutcome, executeRiscv } from './helpers/execute.js';

const PROGRAM = `
func @add(%a: 64, %b: 64) -> (64) {
  %r = fadd.64 %a, %b
  return %r
}
func @mix(%a*2: 64, %b: 64) -> (64) {
  %p = fmul.64 %a, %b
  %q = fdiv.64 %p, 4620693217682128896
  %s = fsqrt.64 %q
  %t = fsub.64 %s, %a
  return %t
}
func @ceil(%a: 64) -> (64) {
  %r = fceil.64 %a
  return %r
}
func @floor(%a: 64) -> (64) {
  %r = ffloor.64 %a
  return %r
}
func @trunc(%a: 64) -> (64) {
  %r = ftrunc.64 %a
  return %r
}
func @nearest(%a: 64) -> (64) {
  %r = fnearest.64 %a
  return %r
}
func @lt(%a: 64, %b: 64) -> (32) {
  %c = flt.64 %a, %b
  %r = zext.32.1 %c
  return %r
}
func @ne(%a: 64, %b: 64) -> (32) {
  %c = fne.64 %a, %b
  %r = zext.32.1 %c
  return %r
}
func @demote(%a: 64) -> (32) {
  %r = fdemote.32.64 %a
  return %r
}
func @promote(%a: 32) -> (64) {
  %r = fpromote.64.32 %a
  return %r
}
func @pick(%c: 32, %a: 64, %b: 64) -> (64) {
  %x = fadd.64 %a, 0
  %y = fneg.64 %b
  %k = ne.32 %c, 0
  %r = select.64 %k, %x, %y
  return %r
}
func @bits(%a*3: 64) -> (64) {
  %d = fmul.64 %a, %a
  %i = reinterpret.64 %d
  %j = add.64 %i, 1
  %f = reinterpret.64 %j
  %r = fsub.64 %f, %a
  return %r
}
func @twice(%a*2: 64) -> (64) {
  %d*2 = fadd.64 %a, %a
  %r: 64 = call @add(%d, %d)
  return %r
}
func @f64_i32(%a: 64) -> (32) {
  %r = ftoi_s.32.64 %a
  return %r
}
func @f64_u32(%a: 64) -> (32) {
  %r = ftoi_u.32.64 %a
  return %r
}
func @i32_f64(%a: 32) -> (64) {
  %r = itof_s.64.32 %a
  return %r
}
func @u32_f64(%a: 32) -> (64) {
  %r = itof_u.64.32 %a
  return %r
}
func @i64_f64(%a: 64) -> (64) {
  %r = itof_s.64.64 %a
  return %r
}
func @u64_f64(%a: 64) -> (64) {
  %r = itof_u.64.64 %a
  return %r
}
func @i64_f32(%a: 64) -> (32) {
  %r = itof_s.32.64 %a
  return %r
}
func @u64_f32(%a: 64) -> (32) {
  %r = itof_u.32.64 %a
  return %r
}
func @f64_i64(%a: 64) -> (64) {
  %r = ftoi_s.64.64 %a
  return %r
}
func @f64_u64(%a: 64) -> (64) {
  %r = ftoi_u.64.64 %a
  return %r
}
func @f32_i64(%a: 32) -> (64) {
  %r = ftoi_s.64.32 %a
  return %r
}
func @f32_u64(%a: 32) -> (64) {
  %r = ftoi_u.64.32 %a
  return %r
}
func @f64_i64_sat(%a: 64) -> (64) {
  %r = ftoi_sat_s.64.64 %a
  return %r
}
func @f64_u64_sat(%a: 64) -> (64) {
  %r = ftoi_sat_u.64.64 %a
  return %r
}
func @f32_i64_sat(%a: 32) -> (64) {
  %r = ftoi_sat_s.64.32 %a
  return %r
}
func @f32_u64_sat(%a: 32) -> (64) {
  %r = ftoi_sat_u.64.32 %a
  return %r
}
`;

const f32 = (x: number) => BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]!);
const f64 = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0]!;
/** The float next to `x` (by bit pattern) toward +inf or −inf. */
const next64 = (x: number, up: boolean) => {
  const b = f64(x);
  return x === 0 ? (up ? 1n : 0x8000_0000_0000_0001n) : x > 0 === up ? b + 1n : b - 1n;
};
const next32 = (x: number, up: boolean) => {
  const b = f32(x);
  return x === 0 ? (up ? 1n : 0x8000_0001n) : x > 0 === up ? b + 1n : b - 1n;
};

const NAN64 = [0x7ff8_0000_0000_0000n, 0xfff8_0000_0000_0001n, 0x7ff0_0000_0000_0001n];
const NAN32 = [0x7fc0_0000n, 0xffc0_0001n, 0x7fa0_0000n];

/** f64 edge values: zeros, subnormals, halves, 2^52, 2^53 ± 1, and each truncation bound ± one step. */
const F64_EDGES = [
  0n,
  0x8000_0000_0000_0000n,
  1n,
  0x8000_0000_0000_0001n,
  0x000f_ffff_ffff_ffffn,
  ...[0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.7, 1, -1, 3.7, -3.7].map(f64),
  ...[2 ** 52, 2 ** 52 + 0.5, -(2 ** 52) - 1.5, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1e300].map(f64),
  ...[2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 63, -(2 ** 63), 2 ** 64].flatMap((b) => [
    next64(b, false),
    f64(b),
    next64(b, true),
  ]),
  f64(-2147483649),
  next64(-1, true),
  f64(Infinity),
  f64(-Infinity),
  0x7fef_ffff_ffff_ffffn,
];
const F32_EDGES = [
  0n,
  0x8000_0000n,
  1n,
  ...[0.5, -0.7, 1.5, -1, 2 ** 23, 2 ** 24 + 2].map(f32),
  ...[2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 63, -(2 ** 63), 2 ** 64].flatMap((b) => [
    next32(b, false),
    f32(b),
    next32(b, true),
  ]),
  next32(-1, true),
  f32(Infinity),
  f32(-Infinity),
];
/** 64-bit integer edge values, with the ones that round differently through f64 first. */
const I64_EDGES = [
  0n,
  1n,
  -1n,
  0x7fff_ffffn,
  0x8000_0000n,
  0xffff_ffffn,
  0x1_0000_0000n,
  (1n << 52n) + 1n,
  (1n << 53n) - 1n,
  1n << 53n,
  (1n << 53n) + 1n,
  (1n << 53n) + 3n,
  -((1n << 53n) + 1n),
  0x0100_0001_0000_0001n, // f32 rounds up; through f64 a tie would round down
  -0x0100_0001_0000_0001n,
  0x8000_017f_ffff_ffffn,
  0x7fff_ffff_ffff_ffffn,
  -0x8000_0000_0000_0000n,
  0x7fff_fe80_0000_0000n, // halfway between two f32s
  0x7fff_ff7f_ffff_ffffn,
  0x0020_0000_0000_0801n,
  0xffff_ffff_ffff_f800n, // u64: 2^64 − 2^11
  0x8000_0000_0000_0400n,
  0x8000_0000_0000_0401n,
];

/** A NaN result as one bit pattern: WebAssembly and Low IR leave the payload of a NaN open. */
function canon(v: bigint, width: number): bigint {
  if (width === 32) {
    const b = BigInt.asUintN(32, v);
    return (b & 0x7f80_0000n) === 0x7f80_0000n && (b & 0x7f_ffffn) !== 0n ? -1n : b;
  }
  const b = BigInt.asUintN(64, v);
  const exp = 0x7ff0_0000_0000_0000n;
  return (b & exp) === exp && (b & 0xf_ffff_ffff_ffffn) !== 0n ? -1n : b;
}

const one = (xs: readonly bigint[]) => xs.map((x) => [x]);
const pairsOf = (xs: readonly bigint[], ys: readonly bigint[]) =>
  xs.flatMap((x) => ys.map((y) => [x, y]));
const SOME64 = [0n, 0x8000_0000_0000_0000n, f64(1.5), f64(-3), f64(Infinity), NAN64[1]!, 1n];

const CASES: Record<string, { cases: bigint[][]; float?: 32 | 64 }> = {
  add: { cases: pairsOf(SOME64, SOME64), float: 64 },
  mix: { cases: pairsOf(SOME64, [f64(2), f64(-0.25), NAN64[0]!]), float: 64 },
  ceil: { cases: one([...F64_EDGES, ...NAN64]), float: 64 },
  floor: { cases: one([...F64_EDGES, ...NAN64]), float: 64 },
  trunc: { cases: one([...F64_EDGES, ...NAN64]), float: 64 },
  nearest: { cases: one([...F64_EDGES, ...NAN64]), float: 64 },
  lt: { cases: pairsOf(SOME64, SOME64) },
  ne: { cases: pairsOf(SOME64, SOME64) },
  demote: { cases: one([...F64_EDGES, ...NAN64, 0x3ff0_0000_1000_0000n]), float: 32 },
  promote: { cases: one([...F32_EDGES, ...NAN32]), float: 64 },
  pick: {
    cases: [
      [0n, f64(1), f64(2)],
      [1n, f64(1), f64(2)],
      [7n, 0x8000_0000_0000_0000n, NAN64[0]!],
    ],
    float: 64,
  },
  bits: { cases: one([f64(1), f64(-2.5), 0n, f64(Infinity)]), float: 64 },
  twice: { cases: one([f64(1.25), f64(-1e308), 1n]), float: 64 },
  f64_i32: { cases: one(F64_EDGES) },
  f64_u32: { cases: one(F64_EDGES) },
  i32_f64: { cases: one([0n, 1n, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn]), float: 64 },
  u32_f64: { cases: one([0n, 1n, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn]), float: 64 },
  i64_f64: { cases: one(I64_EDGES), float: 64 },
  u64_f64: { cases: one(I64_EDGES), float: 64 },
  i64_f32: { cases: one(I64_EDGES), float: 32 },
  u64_f32: { cases: one(I64_EDGES), float: 32 },
  f64_i64: { cases: one([...F64_EDGES, ...NAN64]) },
  f64_u64: { cases: one([...F64_EDGES, ...NAN64]) },
  f32_i64: { cases: one([...F32_EDGES, ...NAN32]) },
  f32_u64: { cases: one([...F32_EDGES, ...NAN32]) },
  f64_i64_sat: { cases: one([...F64_EDGES, ...NAN64]) },
  f64_u64_sat: { cases: one([...F64_EDGES, ...NAN64]) },
  f32_i64_sat: { cases: one([...F32_EDGES, ...NAN32]) },
  f32_u64_sat: { cases: one([...F32_EDGES, ...NAN32]) },
};

/** The interpreter's outcome of each case (values unsigned at the result's width). */
function reference(fn: string, cases: readonly (readonly bigint[])[]): CaseOutcome[] {
  const module = loadLir(PROGRAM);
  const width = module.functions.find((f) => f.name === fn)!.results[0]!.width;
  return cases.map((args) => {
    const r = new Interpreter(module).call(fn, args);
    if (r.kind === 'trap') return { kind: 'trap', trap: r.trap };
    return { kind: 'values', values: [BigInt.asUintN(width, r.values[0]!)] };
  });
}

/** Outcomes comparable across runs: NaN results as one pattern, integers unsigned. */
function comparable(outcomes: readonly CaseOutcome[], width: number, float?: 32 | 64) {
  return outcomes.map((o) => {
    if (o.kind !== 'values') return o;
    const v = BigInt.asUintN(width, o.values[0]!);
    return { kind: 'values', value: float ? canon(v, float) : v };
  });
}

describe.each(Object.entries(CASES))('%s on riscv32', (fn, { cases, float }) => {
  test('qemu agrees with the interpreter, traps included', async () => {
    const width = loadLir(PROGRAM).functions.find((f) => f.name === fn)!.results[0]!.width;
    const expected = comparable(reference(fn, cases), width, float);
    const actual = comparable(await executeRiscv(PROGRAM, fn, cases), width, float);
    const wrong = cases.flatMap((args, k) =>
      JSON.stringify(actual[k], big) === JSON.stringify(expected[k], big)
        ? []
        : [
            `${fn}(${args.map((a) => `0x${a.toString(16)}`)}): ${JSON.stringify(actual[k], big)}, expected ${JSON.stringify(expected[k], big)}`,
          ],
    );
    expect(wrong).toEqual([]);
  });
});

test('the edge values reach every outcome of the conversions', () => {
  // Each trapping conversion to i64 sees both trap kinds and results.
  for (const fn of ['f64_i64', 'f64_u64', 'f32_i64', 'f32_u64']) {
    const kinds = new Set(
      reference(fn, CASES[fn]!.cases).map((o) => (o.kind === 'trap' ? o.trap : o.kind)),
    );
    expect([...kinds].sort()).toEqual(['int_overflow', 'invalid_conversion', 'values']);
  }
});

function big(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `0x${v.toString(16)}` : v;
}
