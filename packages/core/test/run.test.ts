/**
 * Compiled code runs and agrees with the reference interpreter, on both
 * machines: x86_64 natively, riscv32 under qemu. Loops, branches that need
 * moves, flags kept across instructions, traps guarded by trap_if, and
 * register pressure that forces spills (and callee-saved registers, which
 * the frame saves and restores: the riscv32 start code keeps its data
 * pointer in one across the calls).
 */
import { interpret, runRiscv, runX86 } from './helpers/targets.js';

const PROGRAMS = `
func @sum(%n: 32) -> (32) {
  jump ^loop(%n, 0)
^loop(%i: 32, %acc: 32):
  %done = eqz.32 %i
  br_if %done, ^exit(%acc)
  %acc2 = add.32 %acc, %i
  %i2 = sub.32 %i, 1
  jump ^loop(%i2, %acc2)
^exit(%r: 32):
  return %r
}

func @max(%a: 32, %b: 32) -> (32) {
  %c = lt_s.32 %a, %b
  br_if %c, ^bigger(%b)
  return %a
^bigger(%x: 32):
  return %x
}

func @collatz(%n: 32) -> (32) {
  jump ^loop(%n, 0)
^loop(%x: 32, %steps: 32):
  %one = eq.32 %x, 1
  br_if %one, ^done(%steps)
  %odd = and.32 %x, 1
  %isodd = ne.32 %odd, 0
  %half = shr_u.32 %x, 1
  %t = mul.32 %x, 3
  %t1 = add.32 %t, 1
  %next = select.32 %isodd, %t1, %half
  %s1 = add.32 %steps, 1
  jump ^loop(%next, %s1)
^done(%r: 32):
  return %r
}

func @gcd(%a: 32, %b: 32) -> (32) {
  jump ^loop(%a, %b)
^loop(%x: 32, %y: 32):
  %z = eqz.32 %y
  br_if %z, ^done(%x)
  %r = rem_u.32 %x, %y
  jump ^loop(%y, %r)
^done(%g: 32):
  return %g
}

func @fib(%n*4: 32) -> (32) {
  %small = lt_u.32 %n, 2
  br_if %small, ^base(%n)
  %a = sub.32 %n, 1
  %fa: 32 = call @fib(%a)
  %b = sub.32 %n, 2
  %fb: 32 = call @fib(%b)
  %r = add.32 %fa, %fb
  return %r
^base(%x: 32):
  return %x
}

func @weigh(%a: 32, %b: 32, %c: 32, %d: 32, %e: 32, %f: 32) -> (32) {
  %t1 = mul.32 %a, 1
  %t2 = mul.32 %b, 3
  %t3 = mul.32 %c, 5
  %t4 = mul.32 %d, 7
  %t5 = mul.32 %e, 11
  %t6 = mul.32 %f, 13
  %s1 = add.32 %t1, %t2
  %s2 = add.32 %s1, %t3
  %s3 = sub.32 %s2, %t4
  %s4 = xor.32 %s3, %t5
  %s5 = add.32 %s4, %t6
  return %s5
}

; values live across calls, six arguments, a call result feeding another call
func @caller(%x: 32, %y: 32) -> (32) {
  %k = add.32 %x, 100
  %u: 32 = call @weigh(%x, %y, 3, %k, %y, %x)
  %v: 32 = call @weigh(%u, %k, %x, %y, 9, %u)
  %w = sub.32 %v, %k
  %z = xor.32 %w, %u
  return %z
}

; Ackermann: deep recursion, a call result as another call's argument
func @ack(%m*4: 32, %n*3: 32) -> (32) {
  %mz = eqz.32 %m
  br_if %mz, ^m0(%n)
  %nz = eqz.32 %n
  br_if %nz, ^n0(%m)
  %n1 = sub.32 %n, 1
  %inner: 32 = call @ack(%m, %n1)
  %m1 = sub.32 %m, 1
  %r: 32 = call @ack(%m1, %inner)
  return %r
^m0(%k: 32):
  %k1 = add.32 %k, 1
  return %k1
^n0(%mm: 32):
  %mm1 = sub.32 %mm, 1
  %r1: 32 = call @ack(%mm1, 1)
  return %r1
}

; nested loops: sum over i < n, j < i of (i * j) mod 7, with divisions and
; shifts inside the inner loop while the counters, the bound and the sum are
; live (on x86_64: in the way of div's eax/edx and the shift count's cl)
func @nested(%n: 32) -> (32) {
  jump ^outer(0, %n, 0)
^outer(%i*2: 32, %lim*2: 32, %acc*2: 32):
  %done = ge_u.32 %i, %lim
  br_if %done, ^exit(%acc)
  jump ^inner(0, %i, %lim, %acc)
^inner(%j*4: 32, %ii*4: 32, %l*2: 32, %s*2: 32):
  %jdone = ge_u.32 %j, %ii
  br_if %jdone, ^next(%ii, %l, %s)
  %p = mul.32 %ii, %j
  %q = rem_u.32 %p, 7
  %sh = and.32 %j, 3
  %t = shl.32 %q, %sh
  %d = div_u.32 %t, 3
  %s1 = add.32 %s, %d
  %j1 = add.32 %j, 1
  jump ^inner(%j1, %ii, %l, %s1)
^next(%i0: 32, %l0: 32, %s0: 32):
  %i1 = add.32 %i0, 1
  jump ^outer(%i1, %l0, %s0)
^exit(%r: 32):
  return %r
}

; found by the random differential run: the back edge swaps two arguments
; through an out-of-line stub while another argument stays in its register
; (which the stub must not take as its scratch)
func @stubswap(%n: 32) -> (32) {
  %r: 32 = call @max(%n, 0)
  %a*2 = and.32 %r, 3
  jump ^loop(0, %a, %a, 0)
^loop(%i: 32, %lim*2: 32, %v: 32, %z*0: 32):
  %v1 = copy.32 %v
  %k = const.32 0
  %w = xor.32 0, %v1
  %i1*3 = add.32 %i, 1
  %c = lt_s.32 %i1, %lim
  br_if %c, ^loop(%i1, %lim, %i1, %k)
  return %w
}

; Regression: x86 shifts of 8 and 16 bits mask the count to 5 bits, Low IR
; takes it mod the width (a shift by 16..31 of a 16-bit value is by 0..15).
func @narrow_shift(%x: 32, %n*2: 32) -> (32) {
  %t*2 = trunc.16.32 %x
  %c = trunc.16.32 %n
  %r = shr_u.16 %t, %c
  %l = shl.16 %t, 16
  %b = trunc.8.32 %n
  %q = sext.32.16 %r
  %s = shr_s.8 %b, 9
  %z = zext.32.16 %l
  %u = add.32 %q, %z
  %w = zext.32.8 %s
  %v = xor.32 %u, %w
  return %v
}

; Regression: an immediate passed to a 1-bit parameter counts by its low bit
; (the label and the callee learn the width only after the branch or call).
func @bit_of(%c: 1) -> (32) {
  %z = zext.32.1 %c
  return %z
}
func @wide_bool(%a: 32) -> (32) {
  %k = eqz.32 %a
  br_if %k, ^set(-1)
  jump ^set(0)
^set(%b: 1):
  %z = zext.32.1 %b
  %y: 32 = call @bit_of(-1)
  %x: 32 = call @bit_of(1)
  %s = add.32 %z, %y
  %t = add.32 %s, %x
  return %t
}

; Function addresses (func_addr, resolved when the module is linked) and indirect calls.
func @twice(%x: 32) -> (32) {
  %y = add.32 %x, %x
  return %y
}
func @indirect(%a*2: 32, %b: 32) -> (32) {
  %c = lt_s.32 %b, 0
  br_if %c, ^neg(%a)
  %g = func_addr @fib
  %r: 32 = call_indirect %g, %a
  return %r
^neg(%n*2: 32):
  %f = func_addr @twice
  %q: 32 = call_indirect %f, %n
  %s = add.32 %q, %n
  return %s
}

func @swap_sub(%a: 32, %b: 32, %n: 32) -> (32) {
  jump ^loop(%a, %b, %n)
^loop(%x: 32, %y: 32, %k: 32):
  %z = eqz.32 %k
  br_if %z, ^out(%x, %y)
  %k2 = sub.32 %k, 1
  jump ^loop(%y, %x, %k2)
^out(%p: 32, %q: 32):
  %d = sub.32 %p, %q
  return %d
}
`;

function pressure(n: number): string {
  let body = '';
  for (let i = 0; i < n; i++)
    body += `  %v${i} = mul.32 %a, ${i + 3}\n  %w${i} = add.32 %v${i}, %b\n`;
  let acc = '%w0';
  for (let i = 1; i < n; i++) {
    body += `  %s${i} = xor.32 ${acc}, %w${n - i}\n`;
    acc = `%s${i}`;
  }
  return `func @press(%a: 32, %b: 32) -> (32) {\n${body}  return ${acc}\n}\n`;
}

const CASES: Record<string, bigint[][]> = {
  sum: [[0n], [1n], [10n], [1000n]],
  max: [
    [1n, 2n],
    [5n, -3n],
    [-7n, -7n],
    [2147483647n, -2147483648n],
  ],
  collatz: [[1n], [6n], [27n], [97n], [871n]],
  gcd: [
    [48n, 18n],
    [17n, 5n],
    [0n, 9n],
    [1071n, 462n],
  ],
  fib: [[0n], [1n], [10n], [20n]],
  caller: [
    [1n, 2n],
    [-5n, 77n],
    [123456n, -98765n],
  ],
  ack: [
    [0n, 0n],
    [1n, 2n],
    [2n, 3n],
    [3n, 3n],
  ],
  nested: [[0n], [1n], [5n], [40n]],
  stubswap: [[0n], [1n], [2n], [3n], [7n]],
  narrow_shift: [
    [0x1234n, 16n],
    [0x8001n, 17n],
    [0xffffn, 31n],
    [0x7f05n, 3n],
    [-1n, 0n],
  ],
  wide_bool: [[0n], [5n]],
  indirect: [
    [5n, -1n],
    [10n, 1n],
    [-7n, -100n],
  ],
  swap_sub: [
    [10n, 3n, 0n],
    [10n, 3n, 1n],
    [10n, 3n, 7n],
  ],
};

describe.each(Object.entries(CASES))('%s', (fn, cases) => {
  const expected = interpret(PROGRAMS, fn, cases);
  test('x86_64 (native)', () => {
    expect(runX86(PROGRAMS, fn, cases)).toEqual(expected);
  });
  test('riscv32 (qemu)', async () => {
    expect(await runRiscv(PROGRAMS, fn, cases)).toEqual(expected);
  });
});

describe.each([8, 30, 80])('register pressure: %i values live at once', (n) => {
  const text = pressure(n);
  const cases = [
    [1n, 2n],
    [7n, -3n],
    [123456n, 654321n],
    [-1n, -1n],
  ];
  const expected = interpret(text, 'press', cases);
  test('x86_64 (native)', () => {
    expect(runX86(text, 'press', cases)).toEqual(expected);
  });
  test('riscv32 (qemu)', async () => {
    expect(await runRiscv(text, 'press', cases)).toEqual(expected);
  });
});
