/**
 * `lirc mdef check <dir> [--json]`: load a machine definition folder
 * (mdef-load.ts) and print its coverage report (mdef-report.ts). Exit 1
 * when the definition does not load or lacks a generic action LIRC needs.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { ExitCode } from '../io.js';
import { loadMachineFolder } from '../mdef-load.js';
import { coverageReport, formatReport } from '../mdef-report.js';

/** Adds the `mdef` subcommand (with `check`) to `program`. */
export function registerMdef(program: Command, ctx: CliContext): void {
  const mdef = program.command('mdef').description('work with machine definitions');
  mdef
    .command('check')
    .description(
      'validate a machine definition folder and report which Low IR actions its forms cover',
    )
    .argument('<dir>', 'a machine definition folder (machine-defs/<name>), built')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExit status: 0 ok; 1 the definition does not load, or has no form for a generic action LIRC needs.',
    )
    .action(async (dir: string, options: { json?: boolean }) => {
      const loaded = await loadMachineFolder(dir);
      const report = coverageReport(loaded.machine);
      ctx.io.stdout(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, loaded.entry),
      );
      if (report.missingGeneric.length > 0) ctx.exitCode = ExitCode.badInput;
    });
}
