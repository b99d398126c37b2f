/**
 * Float actions x86 has no single form for keep Low IR's semantics on
 * x86_64: `feq`/`fne` (legalize.ts: from the ordered comparisons and funo,
 * as ucomiss tells equality by two flags) and `ftoi_s` (guards.ts: NaN and
 * range checks before cvttss2si, which returns INT_MIN where Low IR traps).
 * Edge values run natively against the interpreter; trapping inputs must end
 * in the trap of the right kind. riscv32 has no 64-bit floats yet (pairs).
 */
import { executeX86 } from './helpers/execute.js';
import { interpret, runX86 } from './helpers/targets.js';

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
