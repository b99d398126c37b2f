/**
 * Division and remainder keep Low IR's semantics on machines whose divide
 * instructions do not (see src/compiler/guards.ts): a zero divisor traps
 * int_divide_by_zero, div_s of INT_MIN by -1 traps int_overflow, and rem_s of
 * INT_MIN by -1 is 0 (x86 idiv would fault; RISC-V never traps). Edge cases
 * run on both machines against the interpreter; trapping cases must end in
 * the trap of the right kind (reported by the host glue), never in a result.
 */
import { ModuleCompiler } from '@lirc/core';
import { parseLir } from '@lirc/low-ir';
import { executeRiscv, executeX86 } from './helpers/execute.js';
import { compile, interpret, RV, runRiscv, runX86, X86 } from './helpers/targets.js';

const PROGRAM = `
func @divs(%a: 32, %b: 32) -> (32) {
  %q = div_s.32 %a, %b
  return %q
}
func @rems(%a: 32, %b: 32) -> (32) {
  %r = rem_s.32 %a, %b
  return %r
}
func @divu(%a: 32, %b: 32) -> (32) {
  %q = div_u.32 %a, %b
  return %q
}
func @remu(%a: 32, %b: 32) -> (32) {
  %r = rem_u.32 %a, %b
  return %r
}
; a constant divisor that needs no guard, and one that does (-1)
func @consts(%a*2: 32) -> (32) {
  %q = div_s.32 %a, 7
  %r = rem_s.32 %a, -1
  %s = add.32 %q, %r
  return %s
}
`;

const MIN = -2147483648n;
const CASES: Record<string, bigint[][]> = {
  divs: [
    [7n, 2n],
    [-7n, 2n],
    [7n, -2n],
    [MIN, 1n],
    [MIN, 2n],
    [2147483647n, -1n],
  ],
  rems: [
    [7n, 2n],
    [-7n, 2n],
    [7n, -2n],
    [MIN, -1n],
    [MIN, MIN],
    [5n, MIN],
    [-1n, -1n],
  ],
  divu: [
    [7n, 2n],
    [-1n, 3n],
    [MIN, -1n],
    [0n, 5n],
  ],
  remu: [
    [7n, 2n],
    [-1n, 10n],
    [MIN, -1n],
  ],
  consts: [[100n], [-100n], [MIN]],
};

describe.each(Object.entries(CASES))('%s: results', (fn, cases) => {
  const expected = interpret(PROGRAM, fn, cases);
  test('x86_64 (native)', () => {
    expect(runX86(PROGRAM, fn, cases)).toEqual(expected);
  });
  test('riscv32 (qemu)', async () => {
    expect(await runRiscv(PROGRAM, fn, cases)).toEqual(expected);
  });
});

const TRAPS: [string, bigint[], string][] = [
  ['divs', [5n, 0n], 'int_divide_by_zero'],
  ['divs', [MIN, -1n], 'int_overflow'],
  ['rems', [5n, 0n], 'int_divide_by_zero'],
  ['divu', [5n, 0n], 'int_divide_by_zero'],
  ['remu', [5n, 0n], 'int_divide_by_zero'],
];

describe.each(TRAPS)('%s(%p) traps', (fn, args, kind) => {
  test('the interpreter agrees', () => {
    expect(() => interpret(PROGRAM, fn, [args])).toThrow(kind);
  });
  test('the compiled function has a trap site of that kind (both machines)', () => {
    for (const machine of [X86, RV]) {
      const text = machine === RV ? `module ptr32\n${PROGRAM}` : PROGRAM;
      const f = compile(machine, text).find((g) => g.name === fn)!;
      expect(f.trapSites.map((t) => t.kind)).toContain(kind);
    }
  });
  // The guard's trap, not the hardware's divide fault (x86 SIGFPE: not a trap site, so a fault).
  test('x86_64 (native, host glue): the trap of that kind, not a result', () => {
    expect(executeX86(PROGRAM, fn, [args])).toEqual([{ kind: 'trap', trap: kind }]);
  });
  test('riscv32 (qemu, host glue): the trap of that kind, not a result', async () => {
    expect(await executeRiscv(PROGRAM, fn, [args])).toEqual([{ kind: 'trap', trap: kind }]);
  });
});

test('a divisor that cannot trap needs no guard', () => {
  const mc = new ModuleCompiler(X86, { checkInvariant: true });
  parseLir('module ptr64\nfunc @f(%a: 32) -> (32) {\n  %q = div_u.32 %a, 7\n  return %q\n}\n', mc);
  expect(mc.functions[0]!.trapSites).toEqual([]);
});

test('a divisor is checked for zero once per block', () => {
  const mc = new ModuleCompiler(X86, { checkInvariant: true });
  parseLir(
    `module ptr64
func @f(%a*2: 32, %b*3: 32) -> (32) {
  %q = div_u.32 %a, %b
  %r = rem_u.32 %a, %b
  %s*2 = add.32 %q, %r
  %big = gt_u.32 %s, 100
  br_if %big, ^next(%b)
  return %s
^next(%c*2: 32):
  %t = div_u.32 7, %c
  %u = div_u.32 9, %c
  %v = add.32 %t, %u
  return %v
}
`,
    mc,
  );
  expect(mc.functions[0]!.trapSites).toHaveLength(2);
});
