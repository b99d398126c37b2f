/**
 * Code generation for straight-line functions on both machines, with the
 * allocation invariant checked after every instruction: the forms chosen
 * (memory operands folded, results left where the ABI wants them), and clear
 * errors for what is not implemented yet.
 */
import { loadMachine } from '@lirc/asmquery';
import { ModuleCompiler } from '@lirc/core';
import { parseLir } from '@lirc/low-ir';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';

const X86 = loadMachine(x86_64);
const RV = loadMachine(riscv32);

function compile(machine: typeof X86, text: string) {
  const mc = new ModuleCompiler(machine, { checkInvariant: true, file: 'test.lir' });
  parseLir(text, mc, { file: 'test.lir' });
  return mc.functions;
}

const ARITH = (ptr: number) => `module ptr${ptr}
func @f(%a: 32, %b: 32, %c: 32) -> (32) {
  %s = add.32 %a, %b
  %t = mul.32 %s, %c
  %u = sub.32 %t, 7
  %v = xor.32 %u, %a
  return %v
}
func @g(%p: ${ptr}, %x: 32) -> (32) {
  %q = add.${ptr} %p, 16
  %v = load.32 %q
  %w = mul.32 %x, %v
  return %w
}
`;

test('x86_64: two-operand forms, a folded memory operand, the result in rax', () => {
  const [f, g] = compile(X86, ARITH(64));
  expect(f!.instructions.map((i) => i.form)).toEqual([
    'add r32, r32',
    'imul r32, r32',
    'sub r32, imm32',
    'xor r32, r32',
    'mov r32, r32',
    'ret',
  ]);
  expect(g!.instructions.map((i) => i.form)).toEqual([
    'imul r32, m32 [base + disp]',
    'mov r32, r32',
    'ret',
  ]);
  expect(g!.instructions[0]!.actions).toHaveLength(3);
});

test('riscv32: three-operand forms, a folded offset, a constant put in a register', () => {
  const [f, g] = compile(RV, ARITH(32));
  expect(f!.instructions.map((i) => i.form)).toEqual([
    'add',
    'mul',
    'li',
    'sub',
    'xor',
    'mv',
    'ret',
  ]);
  expect(g!.instructions.map((i) => i.form)).toEqual(['lw', 'mul', 'mv', 'ret']);
});

const LOOP = `
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
`;

test('x86_64: a loop: the first branch fixes each label, the back edge conforms, the jump to the next label is dropped', () => {
  const [sum] = compile(X86, LOOP);
  expect(sum!.instructions.map((i) => i.form)).toEqual([
    'mov r32, imm32 (zero-extended: const.64)',
    'test r32, r32 (same register)',
    'je rel32',
    'add r32, r32',
    'sub r32, imm32',
    'jmp rel8', // the loop head is placed: the short form reaches it
    'ret',
  ]);
});

test('riscv32: compare and branch fuse; the far form is used for the forward branch', () => {
  const [sum] = compile(RV, `module ptr32\n${LOOP}`);
  expect(sum!.instructions.map((i) => i.form)).toContain('beqz (far)');
});

test('trap_if without a form of its own becomes a branch to a trapping stub', () => {
  const [f] = compile(
    X86,
    'func @f(%a: 32, %b: 32) -> (32) {\n  %z = eqz.32 %b\n  trap_if %z, int_divide_by_zero\n  %q = div_u.32 %a, %b\n  return %q\n}\n',
  );
  expect(f!.trapSites).toEqual([
    { offset: expect.any(Number), size: 2, kind: 'int_divide_by_zero' },
  ]); // ud2
  expect(f!.instructions.at(-1)!.form).toBe('ud2');
});

test('an unverifiable module is rejected before it is compiled', () => {
  expect(() =>
    compile(X86, 'func @f(%a*1: 32) -> (32) {\n  %b = add.32 %a, %a\n  return %b\n}\n'),
  ).toThrow(
    'test.lir:2:8: in @f, action #0, `%b = add.32 %a, %a`: %a is used more times than its declared uses allow',
  );
});

test('clear errors for what a target cannot implement (yet)', () => {
  // 64-bit values on riscv32 go through the pair legalization (floats too),
  // but not yet in a concrete location.
  expect(() =>
    compile(
      RV,
      'module ptr32\nfunc @f(%a: 64, %b: 64) -> (64) {\n  %c = fadd.64 %a, %b\n  return %c\n}\n',
    ),
  ).not.toThrow();
  expect(() =>
    compile(RV, 'module ptr32\nfunc @f(%a: 64 in $fa0) -> (64) {\n  return %a\n}\n'),
  ).toThrow(
    'parameter 1 of @f is a 64-bit value declared in $fa0, but this machine keeps 64-bit values in two 32-bit halves',
  );
  expect(() => compile(RV, 'module ptr32\nfunc @f() -> () {\n  return\n}\n')).not.toThrow();
  expect(() => compile(X86, 'module ptr32\nfunc @f() -> () {\n  return\n}\n')).toThrow(
    'the module has 32-bit pointers but x86_64 has 64-bit ones',
  );
});
