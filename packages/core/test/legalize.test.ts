/**
 * Legalization rules (src/compiler/legalize.ts) and dead actions, executed on
 * both machines against the interpreter: 1-bit values extended and
 * truncated, immediates where a form wants a register, constants wider
 * than one instruction takes (split in two: riscv32's lui + addi), and pure
 * actions whose results nobody uses (dropped, their operands' uses consumed).
 */
import { interpret, runRiscv, runX86 } from './helpers/targets.js';

const PROGRAM = `
func @bools(%a*2: 32, %b*3: 32) -> (32) {
  %lt = lt_s.32 %a, %b
  %z = zext.32.1 %lt
  %eq = eq.32 %a, %b
  %s = sext.32.1 %eq
  %t = trunc.1.32 %b
  %tz = zext.32.1 %t
  %r1 = add.32 %z, %s
  %r2 = shl.32 %tz, 4
  %r = or.32 %r1, %r2
  return %r
}
func @imms(%x*3: 32) -> (32) {
  %c = lt_u.32 5, %x
  %cz = zext.32.1 %c
  %d = sub.32 100, %x
  %unused*0 = mul.32 %x, 7
  %e = add.32 %cz, %d
  return %e
}
func @rotate(%x*4: 32, %n*2: 32) -> (32) {
  %a = rotl.32 %x, %n
  %b = rotr.32 %x, %n
  %c = rotl.32 %x, 7
  %d = rotr.32 %x, 0
  %s1 = xor.32 %a, %b
  %s2 = add.32 %s1, %c
  %s3 = xor.32 %s2, %d
  return %s3
}
func @trunc(%x*2: 32) -> (32) {
  %a = trunc.16.32 %x
  %az = sext.32.16 %a
  %b = trunc.8.32 %x
  %bz = zext.32.8 %b
  %s = add.32 %az, %bz
  return %s
}
func @consts(%x*8: 32) -> (32) {
  %a = add.32 %x, 2047
  %b = xor.32 %x, 2048
  %c = add.32 %x, 0x12345678
  %d = sub.32 %x, -2049
  %e = xor.32 %x, 0x7fffffff
  %f = add.32 %x, -2147483648
  %g = and.32 %x, 0xfffff800
  %h = mul.32 %x, 0x800
  %s1 = add.32 %a, %b
  %s2 = xor.32 %s1, %c
  %s3 = add.32 %s2, %d
  %s4 = xor.32 %s3, %e
  %s5 = add.32 %s4, %f
  %s6 = xor.32 %s5, %g
  %s7 = add.32 %s6, %h
  return %s7
}
`;

const CASES: Record<string, bigint[][]> = {
  bools: [
    [1n, 2n],
    [2n, 1n],
    [3n, 3n],
    [-4n, 7n],
    [0n, 0n],
  ],
  imms: [[0n], [5n], [6n], [-1n], [1000n]],
  trunc: [[0n], [0x12345678n], [0x8000ff80n], [-1n]],
  rotate: [
    [0x12345678n, 0n],
    [0x12345678n, 4n],
    [-1n, 31n],
    [0x80000001n, 33n],
    [5n, -3n],
  ],
  consts: [[0n], [1n], [-1n], [123456789n], [-2147483648n]],
};

describe.each(Object.entries(CASES))('%s', (fn, cases) => {
  const expected = interpret(PROGRAM, fn, cases);
  test('x86_64 (native)', () => {
    expect(runX86(PROGRAM, fn, cases)).toEqual(expected);
  });
  test('riscv32 (qemu)', async () => {
    expect(await runRiscv(PROGRAM, fn, cases)).toEqual(expected);
  });
});
