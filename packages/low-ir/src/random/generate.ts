/**
 * generateProgram: a seeded, reproducible random Low IR program for
 * differential testing (generate, verify, interpret, compile, compare). The
 * module is streamed through the ModuleBuilder into a Verifier, a
 * ModuleCollector and a TextPrinter at once; a program that does not verify
 * is a generator bug and throws. Helpers are generated before their callers
 * (so calls are acyclic and each caller knows its callees' step bounds),
 * then the entry `@main`.
 */
import { ModuleBuilder } from '../builder.js';
import { ModuleCollector } from '../collector.js';
import { formatDiagnostic } from '../errors.js';
import type { DataSegment } from '../ir.js';
import { teeSink } from '../sink.js';
import { TextPrinter } from '../text/printer.js';
import { Verifier } from '../verifier.js';
import { genFunction, genRecursiveFunction } from './control-gen.js';
import type { FunctionPlan, MemoryLayout, ModuleContext } from './function-gen.js';
import {
  type RandomProgram,
  type RandomProgramOptions,
  type ResolvedOptions,
  resolveOptions,
} from './options.js';
import { edgePattern, Prng } from './prng.js';

/** The name of the entry function of every generated program. */
export const RANDOM_ENTRY = 'main';

function planMemory(rng: Prng): MemoryLayout {
  const size = rng.pick([256, 512, 1024, 4096]);
  const region = rng.pick([64, 128, size / 4, size / 2]);
  const base = rng.below((size - region) / 8 + 1) * 8;
  return { size, base, region };
}

function initialData(rng: Prng, mem: MemoryLayout): DataSegment[] {
  const length = rng.range(8, Math.min(48, mem.region));
  const offset = mem.base + rng.below(Math.floor((mem.region - length) / 8) + 1) * 8;
  const bytes = new Uint8Array(length);
  for (let k = 0; k < length; k++) bytes[k] = rng.below(256);
  return [{ offset, bytes }];
}

/** Parameter widths: few usually, sometimes exactly `maxParams`. */
function paramWidths(rng: Prng, opts: ResolvedOptions, min: number): number[] {
  const n = rng.chance(0.15) ? opts.maxParams : rng.range(min, Math.min(6, opts.maxParams));
  return Array.from({ length: n }, () => rng.pick(opts.widths));
}

/** Result widths: 0 to 4 (callers see 3 or more results often). */
function resultWidths(rng: Prng, opts: ResolvedOptions, min: number): number[] {
  const n = Math.max(
    min,
    rng.weighted([
      [0, 1],
      [1, 3],
      [2, 2],
      [3, 2],
      [4, 2],
    ] as const),
  );
  return Array.from({ length: n }, () => rng.pick(opts.widths));
}

/**
 * Generates a random program from `seed`. The same seed and options give the
 * same program, byte for byte. The program verifies, and one call of its
 * entry with its arguments runs within `options.maxSteps` interpreter steps
 * (it may trap: division by zero, a `trap_if` guard, out of bounds if asked).
 */
export function generateProgram(
  seed: number | bigint,
  options: RandomProgramOptions = {},
): RandomProgram {
  const opts = resolveOptions(options);
  const rng = new Prng(seed);
  const memory = opts.memory ? planMemory(rng) : undefined;
  const collector = new ModuleCollector();
  const verifier = new Verifier();
  const lines: string[] = [];
  const printer = new TextPrinter((line) => lines.push(line));
  const mb = new ModuleBuilder(teeSink(verifier, collector, printer), {
    pointerWidth: opts.pointerWidth,
    ...(memory ? { memorySize: memory.size, data: initialData(rng, memory) } : {}),
  });
  const ctx: ModuleContext = { rng, opts, mb, memory };

  const plans: FunctionPlan[] = [];
  const helpers = opts.calls ? rng.range(0, opts.maxFunctions) : 0;
  const recursive = opts.calls && opts.recursion && rng.chance(0.35) ? rng.range(0, helpers) : -1;
  for (let k = 0; k <= helpers; k++) {
    const budget = rng.range(Math.floor(opts.maxSteps / 40), Math.floor(opts.maxSteps / 8));
    const size = rng.range(4, Math.max(4, Math.floor(opts.size / 2)));
    if (k === recursive) {
      const params = [rng.pick(opts.widths), ...paramWidths(rng, opts, 0)].slice(0, opts.maxParams);
      const plan: FunctionPlan = {
        name: 'rec',
        params: params.length > 0 ? params : [opts.widths[0]!],
        results: resultWidths(rng, opts, 1),
        depthParam: 0,
        cost: 0,
      };
      genRecursiveFunction(ctx, plan, [...plans], budget, Math.max(1, Math.floor(size / 2)));
      plans.push(plan);
    }
    if (k === helpers) break;
    const plan: FunctionPlan = {
      name: `f${k}`,
      params: paramWidths(rng, opts, 0),
      results: resultWidths(rng, opts, 0),
      cost: 0,
    };
    genFunction(ctx, plan, [...plans], budget, size);
    plans.push(plan);
  }
  const main: FunctionPlan = {
    name: RANDOM_ENTRY,
    params: paramWidths(rng, opts, 1),
    results: resultWidths(rng, opts, 1),
    cost: 0,
  };
  // Mandatory code after the budget runs out (loop tails, returns) stays within the other 20%.
  genFunction(ctx, main, plans, Math.floor(opts.maxSteps * 0.8), opts.size);
  mb.end();

  const text = `${lines.join('\n')}\n`;
  if (!verifier.ok) {
    const problems = verifier.diagnostics.map((d) => formatDiagnostic(d)).join('\n');
    throw new Error(
      `generateProgram(${seed}): generator bug, the program does not verify:\n${problems}\n${text}`,
    );
  }
  const args = main.params.map((w) => edgePattern(rng, w));
  return { module: collector.result(), entry: RANDOM_ENTRY, args, text };
}
