/**
 * 64-bit arithmetic run natively on x86_64 and compared with the reference
 * interpreter: add, sub, mul, the four divisions, bitwise operations,
 * shifts and rotations by values and by immediates, comparisons, extension
 * from and truncation to 32 bits, direct and indirect calls with six
 * 64-bit arguments and three 64-bit results, with operands at the edges
 * (0, -1, INT64_MIN, INT64_MAX, values whose halves differ).
 *
 * riscv32 has no 64-bit registers: the same programs run there under qemu
 * through the pair legalization (src/pairs/), which keeps each 64-bit value
 * in two 32-bit halves; their 64-bit arguments come from the start
 * routine's table with `load.64` and their results go back with
 * `store.64`, both split too. Calls pass 64-bit arguments beyond the
 * argument registers on the stack and results beyond the result registers
 * in the return area. Division traps are compared by kind.
 */
import { executeRiscv } from './helpers/execute.js';
import { interpret, runRiscv, runX86 } from './helpers/targets.js';

const PROGRAM = `
func @mix(%a: 64, %b: 64) -> (64) {
  %s = add.64 %a, %b
  %d = sub.64 %a, %b
  %m = mul.64 %s, %d
  %x = xor.64 %m, %a
  %o = or.64 %x, 0x100000000
  %n = and.64 %o, 0xfffffffffffffff0
  return %n
}

func @divs(%a: 64, %b: 64) -> (64) {
  %z = eqz.64 %b
  br_if %z, ^zero(%a)
  %q = div_s.64 %a, %b
  %r = rem_s.64 %a, %b
  %qu = div_u.64 %a, %b
  %ru = rem_u.64 %a, %b
  %t1 = mul.64 %q, 1000003
  %t2 = add.64 %t1, %r
  %t3 = xor.64 %t2, %qu
  %t4 = sub.64 %t3, %ru
  return %t4
^zero(%v: 64):
  return %v
}

func @shifts(%a: 64, %c: 64) -> (64) {
  %l = shl.64 %a, %c
  %rs = shr_s.64 %a, %c
  %ru = shr_u.64 %a, %c
  %rl = rotl.64 %a, %c
  %rr = rotr.64 %a, %c
  %k1 = shl.64 %l, 3
  %k2 = shr_s.64 %rs, 40
  %k3 = rotr.64 %rl, 33
  %e1 = xor.64 %k1, %k2
  %e2 = add.64 %e1, %k3
  %e3 = sub.64 %e2, %ru
  %e4 = xor.64 %e3, %rr
  return %e4
}

func @compare(%a: 64, %b: 64) -> (64) {
  %lt = lt_s.64 %a, %b
  %ltu = lt_u.64 %a, %b
  %ge = ge_s.64 %a, %b
  %eq = eq.64 %a, %b
  %w1 = zext.64.1 %lt
  %w2 = zext.64.1 %ltu
  %w3 = zext.64.1 %ge
  %w4 = zext.64.1 %eq
  %s2 = shl.64 %w2, 1
  %s3 = shl.64 %w3, 2
  %s4 = shl.64 %w4, 3
  %t1 = or.64 %w1, %s2
  %t2 = or.64 %t1, %s3
  %t3 = or.64 %t2, %s4
  %big = select.64 %ltu, %b, %a
  %hi = shl.64 %t3, 60
  %r = xor.64 %hi, %big
  return %r
}

func @widths(%a: 64, %b: 64) -> (64) {
  %lo = trunc.32.64 %a
  %hi64 = shr_u.64 %a, 32
  %hi = trunc.32.64 %hi64
  %p = mul.32 %lo, %hi
  %ps = sext.64.32 %p
  %pz = zext.64.32 %p
  %blo = trunc.32.64 %b
  %bs = sext.64.32 %blo
  %t = add.64 %ps, %pz
  %u = sub.64 %t, %bs
  return %u
}

func @spread(%a: 64, %b: 64, %c: 64, %d: 64, %e: 64, %f: 64) -> (64, 64, 64) {
  %x = sub.64 %a, %f
  %y = xor.64 %b, %e
  %z = add.64 %c, %d
  return %x, %y, %z
}

func @calls(%a: 64, %b: 64) -> (64) {
  %c = mul.64 %a, 3
  %d = rotl.64 %b, 17
  %x: 64, %y: 64, %z: 64 = call @spread(%a, %b, %c, %d, 0x1234567890, -5)
  %p = func_addr @spread
  %u: 64, %v: 64, %w: 64 = call_indirect %p, %z, %y, %x, -1, 7, 0x8000000000000000
  %s1 = add.64 %u, %v
  %s2 = xor.64 %s1, %w
  %s3 = mul.64 %s2, %x
  return %s3
}
`;

const EDGES = [
  0n,
  1n,
  -1n,
  7n,
  -9n,
  0x7fffffffffffffffn,
  -0x8000000000000000n,
  0x123456789abcdef0n,
  -0x0fedcba987654321n,
  0xffffffffn,
  0x100000000n,
];

/** Every pair of edge values. */
const PAIRS = EDGES.flatMap((a) => EDGES.map((b) => [a, b]));

const CASES: Record<string, bigint[][]> = {
  mix: PAIRS,
  // INT64_MIN / -1 traps (division.test.ts checks the trap): left out here.
  divs: PAIRS.filter(([a, b]) => !(a === -0x8000000000000000n && b === -1n)),
  shifts: EDGES.flatMap((a) => [0n, 1n, 31n, 32n, 33n, 63n, 64n, 100n, -1n].map((c) => [a, c])),
  compare: PAIRS,
  widths: PAIRS,
  calls: PAIRS,
};

describe.each(Object.entries(CASES))('%s', (fn, cases) => {
  test('x86_64 (native)', () => {
    expect(runX86(PROGRAM, fn, cases)).toEqual(interpret(PROGRAM, fn, cases));
  });
  test('riscv32 (qemu, register pairs)', async () => {
    expect(await runRiscv(PROGRAM, fn, cases)).toEqual(
      interpret(`module ptr32\n${PROGRAM}`, fn, cases),
    );
  });
});

test('riscv32: 64-bit division traps with the interpreter kinds', async () => {
  const text = `func @q(%a: 64, %b: 64) -> (64) {
  %r = div_s.64 %a, %b
  return %r
}
func @r(%a: 64, %b: 64) -> (64) {
  %r = rem_s.64 %a, %b
  return %r
}
`;
  const cases = [
    [7n, 0n],
    [-0x8000000000000000n, -1n],
    [-0x8000000000000000n, 1n],
  ];
  expect(await executeRiscv(text, 'q', cases)).toEqual([
    { kind: 'trap', trap: 'int_divide_by_zero' },
    { kind: 'trap', trap: 'int_overflow' },
    { kind: 'values', values: [-0x8000000000000000n] },
  ]);
  expect(await executeRiscv(text, 'r', cases)).toEqual([
    { kind: 'trap', trap: 'int_divide_by_zero' },
    { kind: 'values', values: [0n] },
    { kind: 'values', values: [0n] },
  ]);
});
