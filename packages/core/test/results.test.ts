/**
 * Three or more results (x86_64 returns 2 in registers, riscv32 2): the rest
 * go through a return area in the caller's frame. Callers combine the
 * results by position, so a result in the wrong place changes the answer;
 * values stay live across the calls, and results are constants, values in
 * registers and spilled values. A 1-bit result in the return area is stored
 * as 32 bits (return-area.ts: no store is 1 bit wide), and called directly it
 * goes through the guarded entry's 1-bit result store.
 */
import { interpret, runRiscv, runX86 } from './helpers/targets.js';

const PROGRAM = `
func @divmod3(%a*4: 32, %b*4: 32) -> (32, 32, 32, 32, 32) {
  %q = div_s.32 %a, %b
  %r = rem_s.32 %a, %b
  %s = add.32 %a, %b
  %p = mul.32 %a, %b
  return %q, %r, %s, %p, 42
}

func @use5(%x*3: 32, %y*2: 32) -> (32) {
  %keep = xor.32 %x, 0x5a5a
  %q: 32, %r: 32, %s: 32, %p: 32, %k: 32 = call @divmod3(%x, %y)
  %t1 = mul.32 %q, 3
  %t2 = mul.32 %r, 5
  %t3 = mul.32 %s, 7
  %t4 = mul.32 %p, 11
  %u1 = add.32 %t1, %t2
  %u2 = xor.32 %u1, %t3
  %u3 = sub.32 %u2, %t4
  %u4 = add.32 %u3, %k
  %u5 = add.32 %u4, %keep
  %u6 = sub.32 %u5, %x
  %u7 = add.32 %u6, %y
  return %u7
}

; three results, one of them passed through a recursion that also returns three
func @tri(%n*4: 32) -> (32, 32, 32) {
  %z = eqz.32 %n
  br_if %z, ^base()
  %m = sub.32 %n, 1
  %a: 32, %b: 32, %c: 32 = call @tri(%m)
  %a2 = add.32 %a, %n
  %b2 = mul.32 %b, 2
  %c2 = xor.32 %c, %n
  return %a2, %b2, %c2
^base():
  return 0, 1, 7
}

func @usetri(%n: 32) -> (32) {
  %a: 32, %b: 32, %c: 32 = call @tri(%n)
  %s = mul.32 %a, 1000
  %t = add.32 %s, %b
  %u = mul.32 %c, 17
  %v = sub.32 %t, %u
  return %v
}

; a 1-bit result in the return area (the third on x86_64; on riscv32 the
; 64-bit one's high half goes there too), summed up by a caller
func @flags3(%a*3: 32, %b*2: 32) -> (32, 64, 1) {
  %s = add.32 %a, %b
  %a64 = sext.64.32 %a
  %w = mul.64 %a64, 0x100000001
  %lt = lt_s.32 %a, %b
  return %s, %w, %lt
}

func @useflags(%a: 32, %b: 32) -> (32) {
  %s: 32, %w: 64, %lt: 1 = call @flags3(%a, %b)
  %hi64 = shr_u.64 %w, 32
  %hi = trunc.32.64 %hi64
  %x = zext.32.1 %lt
  %y = mul.32 %x, 1000
  %z = add.32 %s, %y
  %u = xor.32 %z, %hi
  return %u
}
`;

const CASES: Record<string, bigint[][]> = {
  use5: [
    [17n, 5n],
    [-17n, 5n],
    [100n, -7n],
    [1n, 1n],
  ],
  usetri: [[0n], [1n], [5n], [10n]],
  flags3: [
    [1n, 2n],
    [-5n, 2n],
    [7n, 7n],
  ],
  useflags: [
    [1n, 2n],
    [-5n, 2n],
    [0x7fffffffn, -1n],
  ],
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
