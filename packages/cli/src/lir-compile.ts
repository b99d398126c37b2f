/**
 * Compiling a Low IR module (a `.lir` file, already read and verified by
 * load.ts) for a target, for `lirc compile` and `lirc run`: the module is
 * replayed into @lirc/core's ModuleCompiler (with `extra` Low IR text, such
 * as the host glue of a run, compiled with it) and linked. Every problem is
 * a CliError naming the file: a module whose pointer width is not the
 * target's, an action the target cannot compile.
 */
import type { LoadedMachine } from '@lirc/asmquery';
import { type CompiledFunction, type CompiledModule, ModuleCompiler } from '@lirc/core';
import {
  type LowIrSink,
  LowIrVerificationError,
  type Module,
  parseLir,
  replayModule,
} from '@lirc/low-ir';
import { CliError } from './io.js';
import { countActions } from './load.js';
import { userError } from './wasm-errors.js';

/** A compiled `.lir` module with its figures. */
export interface CompiledLir {
  readonly code: CompiledModule;
  /** The compiled functions, in `code`'s order (with their emissions when `listing` was asked for). */
  readonly functions: readonly CompiledFunction[];
  /** Low IR actions of the module's functions (without `extra`). */
  readonly actions: number;
  /** Milliseconds compiling and linking. */
  readonly compileMs: number;
}

/** Compiles `module` (read from `file`) for `target`, followed by the functions of `extra` (Low IR text without a module line). */
export function compileLir(
  module: Module,
  file: string,
  target: { readonly name: string; readonly machine: LoadedMachine },
  extra = '',
  options: {
    readonly listing?: boolean;
    /** Told after each of the module's functions: `done` of `total` compiled. */
    readonly onProgress?: (done: number, total: number) => void;
  } = {},
): CompiledLir {
  const width = target.machine.def.pointerWidth;
  if (module.header.pointerWidth !== width)
    throw new CliError(
      `${file}: the module has ${module.header.pointerWidth}-bit pointers (module ptr${module.header.pointerWidth}) but ${target.name} has ${width}-bit ones: write "module ptr${width}" for it`,
    );
  const started = performance.now();
  try {
    const compiler = new ModuleCompiler(target.machine, {
      file,
      listing: options.listing ?? false,
    });
    // The module's stream, then the extra functions, then one endModule.
    const total = module.functions.length;
    let done = 0;
    const sink: LowIrSink = {
      module: (h) => compiler.module(h),
      beginFunction: (h) => compiler.beginFunction(h),
      label: (l) => compiler.label(l),
      action: (a) => compiler.action(a),
      endFunction: () => {
        compiler.endFunction();
        if (options.onProgress !== undefined && done < total) options.onProgress(++done, total);
      },
      endModule: () => {},
    };
    replayModule(module, sink);
    if (extra !== '')
      parseLir(`module ptr${width}\n${extra}`, { ...sink, module: () => {} }, { file: 'glue' });
    compiler.endModule();
    const code = compiler.link();
    const compileMs = performance.now() - started;
    return { code, functions: compiler.functions, actions: countActions(module), compileMs };
  } catch (e) {
    if (e instanceof LowIrVerificationError)
      throw new CliError(`${file}: cannot compile for ${target.name}: ${e.message}`);
    throw userError(e, { file, target: target.name });
  }
}
