/**
 * `lirc explain <module|file.lir> --target <name> [--function NAME]
 * [--format html|text] [-o page.html]`: compile a `.lir` file or a
 * WebAssembly module with @lirc/core's explain recorder and show what the
 * compiler did, per function (explain/: the data, the HTML page, the text
 * form). The page goes to `-o` (or stdout); the text form to stdout or `-o`.
 */
import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { explainFile, selectFunction } from '../explain/compile.js';
import { explainHtml } from '../explain/html.js';
import { explainText } from '../explain/text.js';
import { describeFsError } from '../files.js';
import { CliError } from '../io.js';
import { compileProgress, quietOption } from '../progress.js';
import { targetOption } from '../targets.js';

interface ExplainOptions {
  target: string;
  function?: string;
  format: 'html' | 'text';
  output?: string;
  quiet?: boolean;
}

const HELP_NOTES = `
The HTML page is one self-contained file (no network fetches): per function
the Low IR actions, each instruction with the actions it implements, the
candidate forms AsmQuery offered and why the losers lost, where every live
value is after it (spills and reloads highlighted), and the final listing.
--format text prints the same to the terminal. See docs/explain.md.

Exit status: 0 ok; 1 invalid input, or the output cannot be written; 2 usage
error (an unknown --function among them).`;

/** Adds the `explain` subcommand to `program`. */
export function registerExplain(program: Command, ctx: CliContext): void {
  program
    .command('explain')
    .description('show what the compiler did: actions, chosen forms and why, locations, spills')
    .argument('<file>', 'Low IR (.lir) or WebAssembly module (.wasm, .wat)')
    .addOption(targetOption())
    .option('--function <name>', 'explain only this function')
    .addOption(
      new Option('--format <format>', 'html page or text')
        .choices(['html', 'text'])
        .default('html'),
    )
    .option('-o, --output <file>', 'write to <file> instead of stdout')
    .addHelpText('after', HELP_NOTES)
    .addOption(quietOption())
    .action(async (file: string, options: ExplainOptions) => {
      const quiet = options.quiet ?? false;
      const progress = compileProgress(ctx.io, `compiling for ${options.target}`, quiet);
      let all: Awaited<ReturnType<typeof explainFile>>;
      try {
        all = await explainFile(file, options.target, progress);
      } finally {
        progress.finish();
      }
      const functions = selectFunction(all, options.function, file);
      const out =
        options.format === 'text'
          ? explainText(functions, options.target)
          : explainHtml(functions, { file, target: options.target });
      if (options.output === undefined) {
        ctx.io.stdout(out);
        return;
      }
      try {
        writeFileSync(options.output, out);
      } catch (e) {
        throw new CliError(`cannot write ${options.output}: ${describeFsError(e)}`);
      }
    });
}
