/**
 * The `lirc` program: builds the commander tree (one module per subcommand
 * under commands/) and runs it, mapping every outcome to an exit status. No
 * exception escapes `runCli`; unexpected ones are reported as internal errors.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerCheck } from './commands/check.js';
import { registerCompile } from './commands/compile.js';
import { registerExplain } from './commands/explain.js';
import { registerInterp } from './commands/interp.js';
import { registerMdef } from './commands/mdef.js';
import { registerPrint } from './commands/print.js';
import { registerRun } from './commands/run.js';
import type { CliContext } from './context.js';
import { CliError, type CliIo, ExitCode } from './io.js';

function packageVersion(): string {
  const pkg = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(pkg) as { version: string }).version;
}

/** Builds a fresh program (commander keeps parse state, so one per run). */
export function createProgram(ctx: CliContext): Command {
  const program = new Command('lirc');
  // Settings made before adding subcommands are inherited by them.
  program
    .description(
      'LIRC command-line tool: check, print and interpret Low IR (.lir) files; run and compile WebAssembly; explain what the compiler did',
    )
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout(s),
      writeErr: (s) => ctx.io.stderr(s),
      getOutHelpWidth: () => 100,
      getErrHelpWidth: () => 100,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
  registerCheck(program, ctx);
  registerPrint(program, ctx);
  registerInterp(program, ctx);
  registerRun(program, ctx);
  registerCompile(program, ctx);
  registerExplain(program, ctx);
  registerMdef(program, ctx);
  return program;
}

/**
 * Runs `lirc` with `argv` (the arguments after the program name) and returns
 * its exit status: 0 ok, 1 bad input, 2 usage error, 3 trap, 70 internal error.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx: CliContext = { io, exitCode: ExitCode.ok };
  try {
    await createProgram(ctx).parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has already printed the message (and help); --help and --version exit 0.
      return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (e instanceof CliError) {
      io.stderr(`error: ${e.message}\n`);
      return e.exitCode;
    }
    const detail = e instanceof Error ? (process.env.LIRC_DEBUG ? e.stack : e.message) : String(e);
    io.stderr(`internal error: ${detail}\n`);
    return ExitCode.internal;
  }
}
