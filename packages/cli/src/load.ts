/**
 * Reading a `.lir` file for a subcommand: read, parse and verify it, turning
 * every library error into a CliError whose message names file and line:column.
 */
import { LirSyntaxError, LowIrVerificationError, loadLir, type Module } from '@lirc/low-ir';
import { readText } from './files.js';
import { CliError } from './io.js';

/** Reads, parses and verifies `file`. Throws CliError (exit 1) on any problem. */
export function readModule(file: string): Module {
  const text = readText(file);
  try {
    return loadLir(text, { file });
  } catch (e) {
    if (e instanceof LirSyntaxError) throw new CliError(e.message);
    if (e instanceof LowIrVerificationError) {
      // One `error:` line per diagnostic; each already starts with file:line:column.
      throw new CliError(e.message.split('\n').join('\nerror: '));
    }
    throw e;
  }
}

/** Number of actions in all function bodies. */
export function countActions(module: Module): number {
  let n = 0;
  for (const fn of module.functions) for (const item of fn.body) if (item.kind === 'action') n++;
  return n;
}
