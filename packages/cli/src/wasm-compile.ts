/**
 * Compiling a WebAssembly module for a target without running it, for
 * `lirc compile`: the module's Low IR (its functions and glue: one entry
 * per exported function, a getter per exported global, the instantiation
 * routine; from @lirc/wasm's translateModule) streamed straight into
 * @lirc/core's ModuleCompiler, then linked into one piece of code. Imported
 * functions are called through the instance context, so the code refers to
 * nothing outside itself.
 */
import type { LoadedMachine } from '@lirc/asmquery';
import {
  type CompiledFunction,
  type CompiledModule,
  type CompilerOptions,
  ModuleCompiler,
} from '@lirc/core';
import type { LowIrSink } from '@lirc/low-ir';
import { type TranslatedModule, translateModule, type WasmModule } from '@lirc/wasm';

/** A compiled module with its figures. */
export interface CompiledWasm {
  /** The linked code (functions at 16-byte boundaries, calls between them resolved). */
  readonly code: CompiledModule;
  /** The compiled functions, in `code`'s order (with their emissions when `listing` was asked for). */
  readonly functions: readonly CompiledFunction[];
  /** Low IR actions of the module's functions (without the glue). */
  readonly actions: number;
  /** Milliseconds translating, compiling and linking. */
  readonly translateAndCompileMs: number;
  /** The names of the module's functions and glue in `code`. */
  readonly translated: TranslatedModule;
}

/** Options of compileWasm: the compiler's (e.g. `listing`, `explain`) and a progress callback. */
export interface CompileWasmOptions extends CompilerOptions {
  /** Told after each of the module's functions: `done` of `total` compiled (glue not counted). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Translates `module` to Low IR and compiles it for `machine` (with `options`). */
export function compileWasm(
  module: WasmModule,
  machine: LoadedMachine,
  options: CompileWasmOptions = {},
): CompiledWasm {
  const started = performance.now();
  const pointerWidth = machine.def.pointerWidth as 32 | 64;
  const { onProgress, ...compilerOptions } = options;
  const compiler = new ModuleCompiler(
    machine,
    module.file === undefined ? compilerOptions : { ...compilerOptions, file: module.file },
  );
  const total = module.bodies.length;
  let done = 0;
  // translateModule leaves the module header and end to its caller.
  const sink: LowIrSink = {
    module: () => {},
    endModule: () => {},
    beginFunction: (h) => compiler.beginFunction(h),
    label: (l) => compiler.label(l),
    action: (a) => compiler.action(a),
    endFunction: () => {
      compiler.endFunction();
      if (onProgress !== undefined && done < total) onProgress(++done, total);
    },
  };
  compiler.module({ pointerWidth, data: [], externs: [] });
  const translated = translateModule(module, sink, { pointerWidth });
  compiler.endModule();
  const code = compiler.link();
  if (code.relocations.length > 0)
    throw new Error(
      `the compiled module refers to ${code.relocations.length} function(s) outside it`,
    );
  return {
    code,
    functions: compiler.functions,
    actions: translated.actions,
    translateAndCompileMs: performance.now() - started,
    translated,
  };
}
