/**
 * What `lirc explain` explains: a `.lir` file or a WebAssembly module
 * (`.wasm`, `.wat`) compiled for a target with @lirc/core's explain
 * recorder on, giving one FunctionExplanation per function (the Wasm
 * module's glue included). Every problem with the input is a CliError
 * naming the file.
 */
import {
  CompileError,
  ExplainCollector,
  type FunctionExplanation,
  ModuleCompiler,
} from '@lirc/core';
import { replayModule } from '@lirc/low-ir';
import { CliError, ExitCode } from '../io.js';
import { readModule } from '../load.js';
import { NO_PROGRESS, type Progress } from '../progress.js';
import { targetMachine } from '../targets.js';
import { compileWasm } from '../wasm-compile.js';
import { userError } from '../wasm-errors.js';
import { loadWasm } from '../wasm-load.js';

/** Compiles `file` for `target` and returns the explanation of each function, in order (`progress` hears the compile). */
export async function explainFile(
  file: string,
  target: string,
  progress: Progress = NO_PROGRESS,
): Promise<FunctionExplanation[]> {
  const machine = targetMachine(target);
  const collector = new ExplainCollector();
  if (/\.(wasm|wat)$/i.test(file)) {
    const { module } = await loadWasm(file);
    try {
      compileWasm(module, machine, { explain: collector.recorder, onProgress: progress.update });
    } catch (e) {
      throw userError(e, { file, target });
    }
    return collector.functions;
  }
  const module = readModule(file);
  try {
    const compiler = new ModuleCompiler(machine, { file, explain: collector.recorder });
    replayModule(module, compiler);
  } catch (e) {
    if (e instanceof CompileError)
      throw new CliError(`${file}: cannot compile for ${target}: ${e.message}`);
    throw e;
  }
  return collector.functions;
}

/**
 * The functions named `name` (all of them without one). An unknown name is
 * a usage error (exit 2) that lists some of the names there are.
 */
export function selectFunction(
  functions: readonly FunctionExplanation[],
  name: string | undefined,
  file: string,
): FunctionExplanation[] {
  if (name === undefined) return [...functions];
  const wanted = name.replace(/^@/, '');
  const found = functions.filter((f) => f.name === wanted);
  if (found.length > 0) return found;
  const names = functions.map((f) => f.name);
  const some = names.slice(0, 8).join(', ');
  const more = names.length > 8 ? `, … (${names.length} in all)` : '';
  throw new CliError(`${file} has no function ${wanted}; it has ${some}${more}`, ExitCode.usage);
}
