/**
 * Code generation for straight-line functions on both machines, with the
 * allocation invariant checked after every instruction: the forms chosen
 * (memory operands folded, results left where the ABI wants them), and clear
 * errors for what is not implemented yet.
 */
import { loadMachine } from '@lirc/asmquery';
import { CompileError, ModuleCompiler } from '@lirc/core';
import { parseLir } from '@lirc/low-ir';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';

const X86 = loadMachine(x86_64);
const RV = loadMachine(riscv32);

function compile(machine: typeof X86, text: string) {
  const mc = new ModuleCompiler(machine, { checkInvariant: true });
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

test('clear errors for what is not implemented yet', () => {
  expect(() =>
    compile(X86, 'func @f(%a: 32) -> (32) {\n  jump ^l(%a)\n^l(%b: 32):\n  return %b\n}\n'),
  ).toThrow(CompileError);
  expect(() => compile(RV, 'module ptr32\nfunc @f() -> () {\n  return\n}\n')).not.toThrow();
  expect(() => compile(X86, 'module ptr32\nfunc @f() -> () {\n  return\n}\n')).toThrow(
    'the module has 32-bit pointers but x86_64 has 64-bit ones',
  );
});
