/** `lirc check <file>`: parse and verify a `.lir` file, then summarize it. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { countActions, readModule } from '../load.js';

export function registerCheck(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description('parse and verify a .lir file')
    .argument('<file>', 'Low IR text file (.lir)')
    .action((file: string) => {
      const module = readModule(file);
      const fns = module.functions.length;
      ctx.io.stdout(`ok: ${file}: ${fns} function(s), ${countActions(module)} action(s)\n`);
    });
}
