/** `lirc print <file> [--json]`: parse, verify and print the canonical form. */
import { moduleToJson, printToString, replayModule } from '@lirc/low-ir';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { readModule } from '../load.js';

export function registerPrint(program: Command, ctx: CliContext): void {
  program
    .command('print')
    .description('parse and verify a .lir file, then print its canonical text (or JSON) form')
    .argument('<file>', 'Low IR text file (.lir)')
    .option('--json', 'print the JSON form instead of text')
    .action((file: string, options: { json?: boolean }) => {
      const module = readModule(file);
      if (options.json) {
        ctx.io.stdout(`${JSON.stringify(moduleToJson(module), null, 2)}\n`);
      } else {
        ctx.io.stdout(printToString((sink) => replayModule(module, sink)));
      }
    });
}
