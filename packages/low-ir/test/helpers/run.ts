/** Test helper: load `.lir` text (parse + verify) and call functions on the interpreter. */
import { Interpreter, type InterpreterOptions, loadLir, type RunResult } from '@lirc/low-ir';

/** Loads `text` and returns an interpreter for it. */
export function interp(text: string, options: InterpreterOptions = {}): Interpreter {
  return new Interpreter(loadLir(text, { file: 'prog.lir' }), options);
}

/** The returned values, or throws with the trap if it trapped. */
export function values(result: RunResult): bigint[] {
  if (result.kind === 'trap') throw new Error(`unexpected trap ${result.trap} at ${result.action}`);
  return [...result.values];
}
