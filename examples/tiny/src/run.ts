/**
 * Running a Tiny function compiled for a target: natively when this host
 * runs the target's code, else under the target's emulator.
 */
import type { Program } from './ast.js';
import { type Outcome, toLowIr } from './frontend.js';
import { runEmulated } from './run-emulated.js';
import { runNative } from './run-native.js';
import { runsNatively, targetMachine } from './targets.js';

/**
 * Compiles `program` for target `target` and runs `entry` on each case
 * (each a list of arguments); one outcome per case.
 */
export async function runCompiled(
  program: Program,
  target: string,
  entry: string,
  cases: readonly (readonly number[])[],
): Promise<Outcome[]> {
  const machine = targetMachine(target);
  const header = toLowIr(program, machine.def.pointerWidth as 32 | 64).functions.find(
    (f) => f.name === entry,
  );
  if (header === undefined) throw new Error(`${program.file}: no function '${entry}'`);
  for (const args of cases)
    if (args.length !== header.params.length)
      throw new Error(`'${entry}' takes ${header.params.length} argument(s), got ${args.length}`);
  return runsNatively(target)
    ? runNative(program, machine, header, cases)
    : runEmulated(program, machine, header, cases);
}
