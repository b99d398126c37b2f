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
func @flags(%a*4: 32, %b*3: 32) -> (32) {
  %s = sign.32 %a
  %c = add_carry.32 %a, %b
  %o = add_overflow.32 %a, %b
  %u = sub_overflow.32 %a, %b
  %x = xor.1 %s, %c
  %y = or.1 %o, %u
  %z = and.1 %x, %y
  %sz = zext.32.1 %s
  %cz = zext.32.1 %z
  %yz = zext.32.1 %y
  %r1 = shl.32 %cz, 1
  %r2 = shl.32 %yz, 2
  %r3 = or.32 %sz, %r1
  %r4 = or.32 %r3, %r2
  return %r4
}
func @counts(%x*3: 32) -> (32) {
  %p = popcnt.32 %x
  %l = clz.32 %x
  %t = ctz.32 %x
  %pl = shl.32 %l, 8
  %pt = shl.32 %t, 16
  %s1 = or.32 %p, %pl
  %s2 = or.32 %s1, %pt
  return %s2
}
func @narrow(%a*2: 32, %b*3: 32) -> (32) {
  %a8*4 = trunc.8.32 %a
  %b8 = trunc.8.32 %b
  %nz = or.32 %b, 1
  %b8nz*3 = trunc.8.32 %nz
  %m8 = mul.8 %a8, %b8
  %q8 = div_u.8 %a8, %b8nz
  %r8 = rem_s.8 %a8, %b8nz
  %s8 = div_s.8 %a8, %b8nz
  %a16 = trunc.16.32 %a
  %b16 = trunc.16.32 %b
  %m16 = mul.16 %a16, %b16
  %z1 = zext.32.8 %m8
  %z2 = zext.32.8 %q8
  %z3 = sext.32.8 %r8
  %z4 = sext.32.8 %s8
  %z5 = zext.32.16 %m16
  %k = const.32 0x7fffffff
  %c = lt_s.32 %z3, 0
  %d = eq.32 %z1, 0
  %e = select.1 %c, %d, %c
  %ez = zext.32.1 %e
  %s1 = xor.32 %z1, %z2
  %s2 = add.32 %s1, %z3
  %s3 = xor.32 %s2, %z4
  %s4 = add.32 %s3, %z5
  %s5 = xor.32 %s4, %k
  %s6 = add.32 %s5, %ez
  return %s6
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
  flags: [
    [0n, 0n],
    [1n, -1n],
    [0x7fffffffn, 1n],
    [-2147483648n, -1n],
    [-2147483648n, 1n],
    [-5n, 3n],
    [0xffffffffn, 0xffffffffn],
  ],
  counts: [[0n], [1n], [0x80000000n], [0x00f0f000n], [-1n], [0x12345678n]],
  narrow: [
    [0n, 0n],
    [7n, 3n],
    [-128n, 2n],
    [-128n, -4n],
    [200n, 17n],
    [-77n, 12n],
    [0x12345678n, 0x9abcdef0n],
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
