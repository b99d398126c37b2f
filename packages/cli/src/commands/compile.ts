/**
 * `lirc compile <module> --target <name> [-o out.bin] [--stats]`: compile a
 * WebAssembly module (.wasm or .wat) for a target without running it. `-o`
 * writes the linked machine code as one flat binary (the module's functions
 * and its glue, each at a 16-byte boundary); `--stats` prints sizes and the
 * time of each phase on stderr.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { writeBytes } from '../files.js';
import { targetMachine, targetOption } from '../targets.js';
import { compileWasm } from '../wasm-compile.js';
import { userError } from '../wasm-errors.js';
import { loadWasm } from '../wasm-load.js';
import { formatStats } from '../wasm-stats.js';

interface CompileOptions {
  target: string;
  output?: string;
  optimize?: boolean;
  stats?: boolean;
}

/** Shown after the options in `lirc compile --help`. */
const HELP_NOTES = `
The output is raw machine code for the target (no ELF header yet): the
module's functions, an entry per exported function, a getter per exported
global and the instantiation routine. Without -o nothing is written (the
module is still compiled, so errors and --stats show).

Exit status: 0 ok; 1 invalid or unsupported module, or the output cannot be
written; 2 usage error.`;

/** Adds the `compile` subcommand to `program`. */
export function registerCompile(program: Command, ctx: CliContext): void {
  program
    .command('compile')
    .description('compile a WebAssembly module to machine code for a target')
    .argument('<module>', 'WebAssembly module: binary (.wasm) or text (.wat)')
    .addOption(targetOption())
    .option('-o, --output <file>', 'write the machine code to <file>')
    .option('-O, --optimize', "run binaryen's optimizer on the module first")
    .option('--stats', 'print sizes and times per phase on stderr')
    .addHelpText('after', HELP_NOTES)
    .action(async (file: string, options: CompileOptions) => {
      const loaded = await loadWasm(file, { optimize: options.optimize ?? false });
      const module = loaded.module;
      let compiled: ReturnType<typeof compileWasm>;
      try {
        compiled = compileWasm(module, targetMachine(options.target));
      } catch (e) {
        throw userError(e, { file, target: options.target });
      }
      if (options.output !== undefined) writeBytes(options.output, compiled.code.code);
      if (options.stats)
        ctx.io.stderr(
          formatStats({
            target: options.target,
            functions: module.bodies.length,
            codeSectionBytes: module.codeBytes,
            actions: compiled.actions,
            machineCodeBytes: compiled.code.code.length,
            binaryenMs: loaded.prepareMs,
            optimized: options.optimize ?? false,
            compileMs: loaded.decodeMs + compiled.translateAndCompileMs,
          }),
        );
    });
}
