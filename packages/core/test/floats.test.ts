/**
 * Float actions x86 has no single form for keep Low IR's semantics on
 * x86_64: `feq`/`fne` (legalize.ts: from the ordered comparisons and funo,
 * as ucomiss tells equality by two flags) and `ftoi_s` (guards.ts: NaN and
 * range checks before cvttss2si, which returns INT_MIN where Low IR traps).
 * Edge values run natively against the interpreter; trapping inputs must end
 * in the trap of the right kind (64-bit floats on riscv32: floats64.test.ts).
 *
 * On riscv32 (32-bit floats, under qemu; legalize-float.ts): `funo` from
 * `feq` of each operand with itself, the roundings (ceil, floor, trunc,
 * nearest) from adds of 2^23 and comparisons, immediates of float actions
 * through a general register; and `ftoi_s` guarded as on x86_64.
 */
import { executeRiscv, executeX86 } from './helpers/execute.js';
import { interpret, runRiscv, runX86 } from './helpers/targets.js';

const PROGRAM = `
func @eq32(%a: 32, %b: 32) -> (32) {
  %c = feq.32 %a, %b
  %r = zext.32.1 %c
  return %r
}
func @ne64(%a: 64, %b: 64) -> (32) {
  %c = fne.64 %a, %b
  %r = zext.32.1 %c
  return %r
}
func @same(%a*2: 64) -> (32) {
  %c = feq.64 %a, %a
  %r = zext.32.1 %c
  return %r
}
func @i32f64(%a: 64) -> (32) {
  %r = ftoi_s.32.64 %a
  return %r
}
func @i64f32(%a: 32) -> (64) {
  %r = ftoi_s.64.32 %a
  return %r
}
func @i32f32(%a: 32) -> (32) {
  %r = ftoi_s.32.32 %a
  return %r
}
`;

const f32 = (x: number) => BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]!);
const f64 = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0]!;
const NAN32 = 0x7fc00000n;
const NAN64 = 0x7ff8000000000000n;
const NEG_NAN64 = 0xfff8000000000001n;

const CASES: Record<string, bigint[][]> = {
  eq32: [
    [f32(1), f32(1)],
    [f32(1), f32(2)],
    [f32(0), f32(-0)],
    [NAN32, NAN32],
    [NAN32, f32(1)],
    [f32(-Infinity), f32(-Infinity)],
  ],
  ne64: [
    [f64(1), f64(1)],
    [f64(1), f64(2)],
    [f64(0), f64(-0)],
    [NAN64, NAN64],
    [f64(1), NEG_NAN64],
  ],
  same: [[f64(3)], [NAN64], [NEG_NAN64]],
  i32f64: [[f64(-2147483648.9)], [f64(2147483647.9)], [f64(-0.5)], [f64(-1e3)]],
  i64f32: [[f32(-(2 ** 63))], [f32(2 ** 62)], [f32(-1.5)]],
  i32f32: [[f32(-(2 ** 31))], [f32(2147483520)], [f32(7.9)]],
};

describe.each(Object.entries(CASES))('%s: results', (fn, cases) => {
  test('x86_64 (native) agrees with the interpreter', () => {
    expect(runX86(PROGRAM, fn, cases)).toEqual(interpret(PROGRAM, fn, cases));
  });
});

const TRAPS: [string, bigint, string][] = [
  ['i32f64', NAN64, 'invalid_conversion'],
  ['i32f64', NEG_NAN64, 'invalid_conversion'],
  ['i32f64', f64(-2147483649), 'int_overflow'],
  ['i32f64', f64(2147483648), 'int_overflow'],
  ['i64f32', f32(2 ** 63), 'int_overflow'],
  ['i64f32', f32(-Infinity), 'int_overflow'],
  ['i32f32', f32(-2147483904), 'int_overflow'],
  ['i32f32', NAN32, 'invalid_conversion'],
];

describe.each(TRAPS)('%s(%p) traps', (fn, arg, kind) => {
  test('the interpreter agrees', () => {
    expect(() => interpret(PROGRAM, fn, [[arg]])).toThrow(kind);
  });
  test('x86_64 (native, host glue): the trap of that kind, not a result', () => {
    expect(executeX86(PROGRAM, fn, [[arg]])).toEqual([{ kind: 'trap', trap: kind }]);
  });
});

/** 32-bit float actions, on both machines (riscv32 legalizes funo, the roundings and immediates). */
const PROGRAM32 = `
func @uno(%a: 32, %b: 32) -> (32) {
  %c = funo.32 %a, %b
  %r = zext.32.1 %c
  return %r
}
func @uno_self(%a*2: 32) -> (32) {
  %c = funo.32 %a, %a
  %r = zext.32.1 %c
  return %r
}
func @ceil(%a: 32) -> (32) {
  %r = fceil.32 %a
  return %r
}
func @floor(%a: 32) -> (32) {
  %r = ffloor.32 %a
  return %r
}
func @trunc(%a: 32) -> (32) {
  %r = ftrunc.32 %a
  return %r
}
func @nearest(%a: 32) -> (32) {
  %r = fnearest.32 %a
  return %r
}
func @add_imm(%a: 32) -> (32) {
  %r = fadd.32 %a, 1067030938
  return %r
}
func @imm_lt(%a: 32) -> (32) {
  %c = flt.32 3212836864, %a
  %r = zext.32.1 %c
  return %r
}
func @sqrt(%a: 32) -> (32) {
  %r = fsqrt.32 %a
  return %r
}
func @i32f32(%a: 32) -> (32) {
  %r = ftoi_s.32.32 %a
  return %r
}
func @f32i32(%a: 32) -> (32) {
  %r = itof_s.32.32 %a
  return %r
}
`;

const NEG_NAN32 = 0xffc00001n;
const SNAN32 = 0x7fa00000n;
const EDGES32 = [
  0n,
  0x8000_0000n,
  f32(0.5),
  f32(-0.5),
  f32(1.5),
  f32(-1.5),
  f32(2.5),
  f32(-2.5),
  f32(0.49999997),
  f32(-0.7),
  f32(1),
  f32(-1),
  f32(3.7),
  f32(-3.7),
  f32(2 ** 23 - 0.5),
  f32(-(2 ** 23) + 0.5),
  f32(2 ** 23),
  f32(2 ** 23 + 1),
  f32(-(2 ** 24)),
  f32(1e30),
  1n, // the smallest subnormal
  0x8000_0001n,
  0x7f7f_ffffn,
  f32(Infinity),
  f32(-Infinity),
];
const NANS32 = [NAN32, NEG_NAN32, SNAN32];

/** A NaN result as one bit pattern: WebAssembly and Low IR leave the payload of a NaN open. */
const canon = (bits: bigint, width: number): bigint => {
  const b = BigInt.asUintN(width, bits);
  return (b & 0x7f80_0000n) === 0x7f80_0000n && (b & 0x7f_ffffn) !== 0n ? -1n : b;
};

const CASES32: Record<string, bigint[][]> = {
  uno: [
    [f32(1), f32(2)],
    [NAN32, f32(1)],
    [f32(1), NEG_NAN32],
    [SNAN32, SNAN32],
    [f32(Infinity), f32(-Infinity)],
  ],
  uno_self: [[f32(0)], [NAN32], [SNAN32], [f32(-Infinity)]],
  ceil: [...EDGES32, ...NANS32].map((x) => [x]),
  floor: [...EDGES32, ...NANS32].map((x) => [x]),
  trunc: [...EDGES32, ...NANS32].map((x) => [x]),
  nearest: [...EDGES32, ...NANS32].map((x) => [x]),
  add_imm: [[f32(1)], [f32(-1.2)], [f32(Infinity)], [NAN32]],
  imm_lt: [[f32(-1)], [f32(-0.5)], [f32(-2)], [NAN32]],
  sqrt: [[f32(2)], [f32(0)], [0x8000_0000n], [f32(Infinity)]],
  i32f32: [[f32(-(2 ** 31))], [f32(2147483520)], [f32(7.9)], [f32(-0.9)]],
  f32i32: [[0n], [0x7fff_ffffn], [0x8000_0000n], [0x0100_0001n], [0xffff_ffffn]],
};

describe.each(Object.entries(CASES32))('%s (32-bit floats): results', (fn, cases) => {
  const expected = () => interpret(PROGRAM32, fn, cases).map((r) => canon(r, 32));
  test('x86_64 (native) agrees with the interpreter', () => {
    expect(runX86(PROGRAM32, fn, cases).map((r) => canon(r, 32))).toEqual(expected());
  });
  test('riscv32 (qemu) agrees with the interpreter', async () => {
    expect((await runRiscv(PROGRAM32, fn, cases)).map((r) => canon(r, 32))).toEqual(expected());
  });
});

const TRAPS32: [string, bigint, string][] = [
  ['i32f32', f32(2 ** 31), 'int_overflow'],
  ['i32f32', f32(-2147483904), 'int_overflow'],
  ['i32f32', f32(Infinity), 'int_overflow'],
  ['i32f32', NAN32, 'invalid_conversion'],
  ['i32f32', NEG_NAN32, 'invalid_conversion'],
];

describe.each(TRAPS32)('%s(%p) traps on riscv32', (fn, arg, kind) => {
  test('the interpreter agrees', () => {
    expect(() => interpret(PROGRAM32, fn, [[arg]])).toThrow(kind);
  });
  test('riscv32 (qemu, host glue): the trap of that kind, not a result', async () => {
    expect(await executeRiscv(PROGRAM32, fn, [[arg]])).toEqual([{ kind: 'trap', trap: kind }]);
  });
});
