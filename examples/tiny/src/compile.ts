/**
 * The back end of Tiny: the lowering (lower.ts) streams Low IR straight
 * into @lirc/core's ModuleCompiler, which allocates registers and emits
 * machine code for one machine definition as the actions arrive; `link`
 * then lays the functions out in one piece of code. Host glue that LIRC
 * provides as Low IR text (a guarded entry, a start routine) is parsed into
 * the same compiler after the program's own functions.
 */
import type { LoadedMachine } from '@lirc/asmquery';
import { type CompiledFunction, type CompiledModule, ModuleCompiler } from '@lirc/core';
import { functionsOnly, parseLir } from '@lirc/low-ir';
import type { Program } from './ast.js';
import { lowerProgram } from './lower.js';

/** The compiled program: each function (with its listing when asked) and the linked code. */
export interface CompiledProgram {
  readonly functions: readonly CompiledFunction[];
  readonly module: CompiledModule;
}

/** Options of compileProgram. */
export interface CompileOptions {
  /** Low IR text of functions to compile after the program's (host glue). */
  readonly glue?: string;
  /** Keep each function's assembly listing. */
  readonly listing?: boolean;
}

/** Compiles `program` (and `options.glue`) for `machine`. Throws CompileError if the machine cannot. */
export function compileProgram(
  program: Program,
  machine: LoadedMachine,
  options: CompileOptions = {},
): CompiledProgram {
  const pointerWidth = machine.def.pointerWidth as 32 | 64;
  const compiler = new ModuleCompiler(machine, {
    file: program.file,
    listing: options.listing ?? false,
  });
  // The program's module header goes to the compiler; its end waits for the glue.
  lowerProgram(
    program,
    { ...functionsOnly(compiler), module: (h) => compiler.module(h) },
    pointerWidth,
  );
  if (options.glue !== undefined)
    parseLir(`module ptr${pointerWidth}\n${options.glue}`, functionsOnly(compiler), {
      file: 'glue.lir',
    });
  compiler.endModule();
  return { functions: compiler.functions, module: compiler.link() };
}
