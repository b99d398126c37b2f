/**
 * Compiling and running `.lir` functions in tests, on both machines: x86_64
 * natively in this process, riscv32 under qemu, both through the host glue
 * of @lirc/core (Low IR guarded entries, signal handler and start routine:
 * see execute.ts). The runners here return each case's first result and
 * throw on a trap; execute.ts reports traps with their kind.
 */
import { Interpreter, loadLir } from '@lirc/low-ir';
import {
  type CaseOutcome,
  type ExecuteOptions,
  executeRiscv,
  executeRiscvSync,
  executeX86,
} from './execute.js';

export { compile, compileModule, RV, X86 } from './machines.js';

/** The reference results of `fn` on each case (signed, at each result's width). */
export function interpret(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
): bigint[] {
  const module = loadLir(text);
  const header = module.functions.find((f) => f.name === fn)!;
  const it = new Interpreter(module);
  return cases.map((args) => {
    const r = it.call(fn, args);
    if (r.kind === 'trap') throw new Error(`${fn}(${args}) traps: ${r.trap}`);
    return BigInt.asIntN(header.results[0]!.width, r.values[0]!);
  });
}

/** Options of the runners. */
export type RunOptions = ExecuteOptions;

/** Each case's first result; throws if a case trapped or faulted. */
function firstResults(fn: string, outcomes: readonly CaseOutcome[]): bigint[] {
  return outcomes.map((o, k) => {
    if (o.kind === 'values') return o.values[0]!;
    const what = o.kind === 'trap' ? `trap ${o.trap}` : `signal ${o.signal} at offset ${o.offset}`;
    throw new Error(`@${fn}, case ${k + 1}: ${what}`);
  });
}

/** Runs `fn` natively on x86_64 for each case. */
export function runX86(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
  options: RunOptions = {},
): bigint[] {
  return firstResults(fn, executeX86(text, fn, cases, options));
}

/** Runs `fn` under qemu-riscv32 for each case (one executable for all cases). */
export async function runRiscv(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
  options: RunOptions = {},
): Promise<bigint[]> {
  return firstResults(fn, await executeRiscv(text, fn, cases, options));
}

/** runRiscv, synchronously (for the shrinker, whose predicate cannot wait). */
export function runRiscvSync(
  text: string,
  fn: string,
  cases: readonly (readonly bigint[])[],
  options: RunOptions = {},
): bigint[] {
  return firstResults(fn, executeRiscvSync(text, fn, cases, options));
}
