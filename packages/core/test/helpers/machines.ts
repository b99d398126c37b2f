/** The two machine definitions, loaded once, and compiling `.lir` text for them in tests. */
import { type LoadedMachine, loadMachine } from '@lirc/asmquery';
import { type CompiledFunction, type CompiledModule, ModuleCompiler } from '@lirc/core';
import { parseLir } from '@lirc/low-ir';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';

export const X86: LoadedMachine = loadMachine(x86_64);
export const RV: LoadedMachine = loadMachine(riscv32);

/** Compiles `.lir` text for a machine, with the invariant checked after every instruction. */
export function compile(machine: LoadedMachine, text: string): CompiledFunction[] {
  return compileModule(machine, text).functions;
}

/** Compiles and links `.lir` text: the compiled functions and the linked module. */
export function compileModule(
  machine: LoadedMachine,
  text: string,
  options: { listing?: boolean } = {},
): { functions: CompiledFunction[]; module: CompiledModule } {
  const mc = new ModuleCompiler(machine, { checkInvariant: true, file: 'test.lir', ...options });
  parseLir(text, mc, { file: 'test.lir' });
  return { functions: mc.functions, module: mc.link() };
}
