/**
 * `lirc run file.lir --invoke NAME args…`: the Low IR side of `lirc run`
 * (commands/run.ts sends `.lir` files here). It reads and verifies the
 * module, parses the arguments by the function's parameter widths (as `lirc
 * interp` does: decimal, negative or 0x hex, each fitting its width), runs
 * the function compiled for the target (lir-run.ts) and prints its results
 * one per line as `i<width>:<signed value>`, the format of `lirc interp`, so
 * the two can be compared. Exit statuses are those of a Wasm run: 1 for a
 * bad module or an unknown function, 2 for a missing, extra or bad
 * argument, 3 for a trap (`trap: <kind>` on stderr).
 */
import { fitsWidth } from '@lirc/low-ir';
import type { CliContext } from './context.js';
import { CliError, ExitCode } from './io.js';
import { runLirFunction } from './lir-run.js';
import { readModule } from './load.js';
import type { Progress } from './progress.js';
import { targetMachine } from './targets.js';
import { formatValue, parseInteger } from './values.js';
import { formatStats } from './wasm-stats.js';

/** What `lirc run` was given for a `.lir` file. */
export interface LirInvocation {
  readonly file: string;
  readonly invoke: string;
  readonly args: readonly string[];
  readonly target: string;
  readonly stats: boolean;
  /** Print the stats as JSON. */
  readonly json: boolean;
  /** Hears the compile's progress. */
  readonly progress: Progress;
  /** Reports a usage error (exit 2); does not return. */
  readonly usage: (message: string) => never;
}

/** Runs the invocation, printing results (or the trap) through `ctx`. */
export async function invokeLir(ctx: CliContext, inv: LirInvocation): Promise<void> {
  const module = readModule(inv.file);
  const name = inv.invoke.replace(/^@/, '');
  const fn = module.functions.find((f) => f.name === name);
  if (fn === undefined) {
    const known = module.functions.map((f) => `@${f.name}`).join(', ') || 'none';
    throw new CliError(`${inv.file}: no function @${name} to invoke (functions: ${known})`);
  }
  const widths = fn.params.map((p) => p.width);
  const shape = `(${widths.join(', ')})`;
  if (inv.args.length > widths.length)
    inv.usage(
      `extra argument '${inv.args[widths.length]}': @${name} takes ${widths.length} argument(s) ${shape}`,
    );
  const args = widths.map((width, k) => {
    const text = inv.args[k];
    const param = `parameter ${k + 1} (${width} bits) of @${name}`;
    if (text === undefined)
      inv.usage(`missing argument for ${param}: it takes ${widths.length} argument(s) ${shape}`);
    const value = parseInteger(text);
    if (value === undefined) inv.usage(`argument '${text}' for ${param} is not an integer`);
    if (!fitsWidth(value, width))
      inv.usage(`argument '${text}' for ${param} does not fit in ${width} bits`);
    return value;
  });

  const target = { name: inv.target, machine: targetMachine(inv.target) };
  let run: Awaited<ReturnType<typeof runLirFunction>>;
  try {
    run = await runLirFunction({
      module,
      file: inv.file,
      target,
      fn,
      args,
      onProgress: inv.progress.update,
    });
  } finally {
    inv.progress.finish();
  }
  const outcome = run.outcome;
  if (outcome.kind === 'fault')
    throw new CliError(
      `${inv.file}: @${name} faulted outside any trap site (signal ${outcome.signal} at code offset 0x${outcome.offset.toString(16)})${module.header.memorySize !== undefined && run.native ? `; lirc run gives a module no memory on ${inv.target} (Low IR addresses are machine addresses; see docs/objects.md)` : ''}`,
    );
  if (outcome.kind === 'trap') {
    ctx.io.stderr(`trap: ${outcome.trap}\n`);
    ctx.exitCode = ExitCode.trap;
  } else
    outcome.values.forEach((v, k) => {
      ctx.io.stdout(`${formatValue(v, fn.results[k]!.width)}\n`);
    });
  if (inv.stats)
    ctx.io.stderr(
      formatStats(
        {
          target: inv.target,
          ran: run.native ? 'native' : 'emulated',
          functions: module.functions.length,
          actions: run.actions,
          machineCodeBytes: run.codeBytes,
          compileMs: run.compileMs,
          runMs: run.runMs,
        },
        inv.json,
      ),
    );
}
