/**
 * `lirc run <input> --target <name> --invoke <export> [args...]`: compile a
 * WebAssembly module (.wasm or .wat) for a target, instantiate it (data
 * segments, start function), call one exported function and print its
 * results, one per line: `<type>:<signed decimal>` for an integer,
 * `<type>:<number>` for a float (wasm-values.ts). Exit 3 with
 * `trap: <kind>` on stderr when instantiation or the call traps. A Low IR
 * module (.lir) goes to lir-invoke.ts, which calls one of its functions.
 */
import type { FuncType, WasmModule } from '@lirc/wasm';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { isLirFile } from '../inputs.js';
import { CliError, ExitCode } from '../io.js';
import { invokeLir } from '../lir-invoke.js';
import { compileProgress, jsonStatsOption, quietOption } from '../progress.js';
import { targetMachine, targetOption } from '../targets.js';
import { userError } from '../wasm-errors.js';
import { loadWasm } from '../wasm-load.js';
import {
  checkImports,
  type ExportRun,
  faultError,
  linkFailure,
  runExport,
  trapText,
} from '../wasm-run.js';
import { formatStats } from '../wasm-stats.js';
import {
  argumentRange,
  formatResult,
  type IntegerType,
  parseArgument,
  signatureText,
} from '../wasm-values.js';

interface RunOptions {
  invoke: string;
  target: string;
  optimize?: boolean;
  stats?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** Shown after the options in `lirc run --help`. */
const HELP_NOTES = `
Integer arguments are in the parameter's signed or unsigned range: decimal or
0x hex. Float arguments are in JavaScript's number syntax (2.5, -0, 1e30, NaN,
-Infinity); f32 ones are rounded to single precision. Put a negative hex
number or -Infinity after --. Results print one per line: integers as
<type>:<signed decimal>, floats as f32:/f64: and JavaScript's String() of the
value (f32 0.1 prints f32:0.10000000149011612; -0 prints -0, any NaN NaN).
The module may import only from "spectest".

A Low IR module (.lir): --invoke names a function (the @ is optional); its
arguments are integers (decimal, negative or 0x hex) that fit the parameters'
widths; results print as in lirc interp, i<width>:<signed value>. Under an
emulator (a target the host does not run) the module's memory is at address
0, as lirc interp has it; run natively the code gets no memory, since Low IR
addresses are machine addresses and page 0 is never mapped: an access faults
(exit 1).

Exit status: 0 ok; 1 invalid or unsupported module, unknown export, missing
import, a data or element segment that does not fit; 2 usage error (also a missing, extra or bad argument); 3 trap (on
stderr as "trap: <kind>", e.g. "trap: integer divide by zero").`;

/** Adds the `run` subcommand to `program`. */
export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('compile a WebAssembly or Low IR module and call one of its functions')
    .argument('<input>', 'WebAssembly module (.wasm, .wat) or Low IR module (.lir)')
    .argument('[args...]', "the export's arguments")
    .requiredOption('--invoke <export>', 'exported function to call')
    .addOption(targetOption())
    .option('-O, --optimize', "run binaryen's optimizer on the module first")
    .option('--stats', 'print sizes and times per phase on stderr')
    .addOption(jsonStatsOption())
    .addOption(quietOption())
    .addHelpText('after', HELP_NOTES)
    .action(async (file: string, rawArgs: string[], options: RunOptions, command: Command) => {
      const json = options.json ?? false;
      const stats = json || (options.stats ?? false);
      const progress = () =>
        compileProgress(ctx.io, `compiling for ${options.target}`, options.quiet ?? false);
      const usage = (message: string): never =>
        command.error(`error: ${message}`, {
          exitCode: ExitCode.usage,
          code: 'lirc.invalidArgument',
        });
      if (isLirFile(file)) {
        const { invoke, target } = options;
        await invokeLir(ctx, {
          ...{ file, invoke, args: rawArgs, target, stats, json, usage },
          progress: progress(),
        });
        return;
      }
      const loaded = await loadWasm(file, { optimize: options.optimize ?? false });
      const module = loaded.module;
      checkImports(module, file);
      const name = options.invoke;
      const type = exportedFunctionType(module, name, file);
      const args = parseArguments(rawArgs, type, name, usage);

      let run: ExportRun;
      const bar = progress();
      try {
        run = await runExport(module, targetMachine(options.target), name, args, {
          onProgress: bar.update,
        });
      } catch (e) {
        throw userError(e, { file, target: options.target });
      } finally {
        bar.finish();
      }
      printOutcome(ctx, run, type, file);
      if (stats)
        ctx.io.stderr(
          formatStats(
            {
              target: options.target,
              ran: run.native ? 'native' : 'emulated',
              functions: module.bodies.length,
              codeSectionBytes: module.codeBytes,
              actions: run.stats.actions,
              machineCodeBytes: run.stats.codeBytes,
              binaryenMs: loaded.prepareMs,
              optimized: options.optimize ?? false,
              compileMs: loaded.decodeMs + run.stats.translateAndCompileMs,
              runMs: run.totalMs - run.stats.translateAndCompileMs,
            },
            json,
          ),
        );
    });
}

/**
 * Prints the results (stdout), or the trap (stderr, exit 3) of instantiation
 * or of the call. A trap while instantiating ends the run: the call's
 * outcome means nothing then. A segment that does not fit is a link error
 * (exit 1), as the 2020 spec has it, not a trap.
 */
function printOutcome(ctx: CliContext, run: ExportRun, type: FuncType, file: string): void {
  for (const outcome of [run.init, run.call]) {
    if (outcome.kind === 'fault') throw faultError(outcome);
    const unlinkable = linkFailure(outcome);
    if (unlinkable !== undefined) throw new CliError(`${file}: cannot instantiate: ${unlinkable}`);
    if (outcome.kind === 'trap') {
      ctx.io.stderr(`trap: ${trapText(outcome.trap)}\n`);
      ctx.exitCode = ExitCode.trap;
      return;
    }
  }
  if (run.call.kind !== 'values') return;
  const values = run.call.values;
  type.results.forEach((t, k) => {
    ctx.io.stdout(`${formatResult(values[k]!, t)}\n`);
  });
}

/** The type of exported function `name`; exit 1 if there is none. */
function exportedFunctionType(module: WasmModule, name: string, file: string): FuncType {
  const found = module.exports.find((e) => e.kind === 'func' && e.name === name);
  if (found === undefined) {
    const known = module.exports.filter((e) => e.kind === 'func').map((e) => e.name);
    throw new CliError(
      `${file}: no exported function "${name}" (exported functions: ${known.join(', ') || 'none'})`,
    );
  }
  return module.types[module.functionTypes[found.index]!]!;
}

/**
 * The arguments as bits, by the export's parameter types; `usage` reports a
 * missing, extra or bad argument (a usage error naming the parameter).
 */
function parseArguments(
  texts: readonly string[],
  type: FuncType,
  name: string,
  usage: (message: string) => never,
): bigint[] {
  const params = type.params;
  if (texts.length > params.length)
    usage(
      `extra argument '${texts[params.length]}': export "${name}" takes ${params.length} argument(s) ${signatureText(type)}`,
    );
  return params.map((t, k) => {
    const param = `parameter ${k + 1} (${t}) of export "${name}"`;
    const text = texts[k];
    if (text === undefined)
      usage(
        `missing argument for ${param}: it takes ${params.length} argument(s) ${signatureText(type)}`,
      );
    const bits = parseArgument(text, t);
    if (bits === 'not an integer' || bits === 'not a number')
      usage(`argument '${text}' for ${param} is ${bits}`);
    if (bits === 'out of range')
      usage(`argument '${text}' for ${param} is out of range (${argumentRange(t as IntegerType)})`);
    return bits;
  });
}
