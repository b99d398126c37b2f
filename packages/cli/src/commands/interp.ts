/**
 * `lirc interp <file> --invoke <function> [args...]`: parse, verify and run
 * one function on the reference interpreter, printing its results (one
 * `i<width>:<value>` per line) or the trap it hit (exit 3).
 */
import {
  fitsWidth,
  Interpreter,
  InterpreterError,
  printToString,
  replayModule,
} from '@lirc/low-ir';
import { type Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../context.js';
import { CliError, ExitCode } from '../io.js';
import { readModule } from '../load.js';
import { formatValue, parseInteger } from '../values.js';

interface InterpOptions {
  invoke: string;
  print?: boolean;
  stats?: boolean;
  maxSteps?: number;
}

function parseMaxSteps(text: string): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError('expected a positive integer');
  }
  return n;
}

export function registerInterp(program: Command, ctx: CliContext): void {
  program
    .command('interp')
    .description('run a function of a .lir file on the reference interpreter')
    .argument('<file>', 'Low IR text file (.lir)')
    .argument('[args...]', 'integer arguments: decimal, negative or 0x hex')
    .requiredOption('--invoke <function>', 'function to call (without the @)')
    .option('--print', 'print the canonical text of the module first')
    .option('--stats', 'print the number of interpreter steps on stderr')
    .option('--max-steps <n>', 'trap with step_limit after this many steps', parseMaxSteps)
    .action((file: string, rawArgs: string[], options: InterpOptions, command: Command) => {
      const args = rawArgs.map((text) => {
        const value = parseInteger(text);
        if (value === undefined) {
          command.error(`error: argument '${text}' is not an integer`, {
            exitCode: ExitCode.usage,
            code: 'lirc.invalidArgument',
          });
        }
        return value;
      });
      const module = readModule(file);
      if (options.print) ctx.io.stdout(printToString((sink) => replayModule(module, sink)));

      const name = options.invoke.replace(/^@/, '');
      const fn = module.functions.find((f) => f.name === name);
      if (fn === undefined) {
        const known = module.functions.map((f) => `@${f.name}`).join(', ') || 'none';
        throw new CliError(`${file}: no function @${name} to invoke (functions: ${known})`);
      }
      if (args.length !== fn.params.length) {
        throw new CliError(`@${name} takes ${fn.params.length} argument(s), got ${args.length}`);
      }
      args.forEach((value, k) => {
        const width = fn.params[k]!.width;
        if (!fitsWidth(value, width)) {
          throw new CliError(
            `argument ${k + 1} of @${name} (${value}) does not fit in ${width} bits`,
          );
        }
      });

      const interpreter = new Interpreter(module, {
        verify: false, // readModule verified it
        ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
      });
      let result: ReturnType<Interpreter['call']>;
      try {
        result = interpreter.call(name, args);
      } catch (e) {
        // A program the interpreter cannot run (a syscall): bad input, not an internal error.
        if (e instanceof InterpreterError) throw new CliError(`${file}: ${e.message}`);
        throw e;
      }
      if (result.kind === 'trap') {
        ctx.io.stderr(
          `trap: ${result.trap} in @${result.function} at action #${result.actionIndex}: ${result.action}\n`,
        );
        if (options.stats) ctx.io.stderr(`steps: ${result.steps}\n`);
        ctx.exitCode = ExitCode.trap;
        return;
      }
      result.values.forEach((value, k) => {
        ctx.io.stdout(`${formatValue(value, fn.results[k]!.width)}\n`);
      });
      if (options.stats) ctx.io.stderr(`steps: ${result.steps}\n`);
    });
}
