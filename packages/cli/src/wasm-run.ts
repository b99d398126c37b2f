/**
 * Running one export of a WebAssembly module on a target, for `lirc run`:
 * a store of @lirc/wasm with the module instantiated (its `spectest`
 * imports linked to the spectest host module), the export invoked once, and
 * the store run (compiled by LIRC, then natively or under the target's
 * emulator). Also the checks that come before: which imports can be met.
 */
import type { LoadedMachine } from '@lirc/asmquery';
import {
  type CompileProgress,
  createStore,
  type ExternValue,
  type Outcome,
  type RunStats,
  runStore,
  SEGMENT_TRAPS,
  spectest,
  targetFor,
  WASM_TRAPS,
  type WasmModule,
} from '@lirc/wasm';
import { CliError } from './io.js';

/** The only host module `lirc run` provides. */
export const HOST_MODULE = 'spectest';

/**
 * Refuses a module that imports from anything but the spectest host module
 * (exit 1, naming the first such import). Unknown spectest names and
 * mismatched types are found when linking (LinkError).
 */
export function checkImports(module: WasmModule, file: string): void {
  const other = module.imports.find((imp) => imp.module !== HOST_MODULE);
  if (other !== undefined)
    throw new CliError(
      `${file}: cannot provide import "${other.module}"."${other.name}" (${other.kind}): lirc run provides only the "${HOST_MODULE}" module`,
    );
}

/** How a run went: instantiation (data segments, start function), then the call. */
export interface ExportRun {
  /** The instantiation's outcome; when it trapped, `call` is not meaningful. */
  readonly init: Outcome;
  /** The export's outcome: results as bits (unsigned), or a trap. */
  readonly call: Outcome;
  /** Compile figures of the store. */
  readonly stats: RunStats;
  /** Milliseconds of the whole run (compiling, loading and the calls). */
  readonly totalMs: number;
  /** Whether the code ran in this process (else under the target's emulator). */
  readonly native: boolean;
}

/**
 * Instantiates `module` in a fresh store for `machine`, calls export `name`
 * with `args` (bits), and runs the store (`onProgress` hears the compile).
 */
export async function runExport(
  module: WasmModule,
  machine: LoadedMachine,
  name: string,
  args: readonly bigint[],
  options: { readonly onProgress?: CompileProgress } = {},
): Promise<ExportRun> {
  const target = targetFor(machine);
  const store = createStore(target);
  const host = module.imports.length > 0 ? spectest(store) : new Map<string, ExternValue>();
  const instance = store.instantiate(module, (from, what) =>
    from === HOST_MODULE ? host.get(what) : undefined,
  );
  const call = store.invoke(instance, name, args);
  const started = performance.now();
  const stats = await runStore(store, options);
  const totalMs = performance.now() - started;
  return {
    init: outcomeOf(instance.init.outcome),
    call: outcomeOf(call.outcome),
    stats,
    totalMs,
    native: target.native,
  };
}

function outcomeOf(outcome: Outcome | undefined): Outcome {
  if (outcome === undefined) throw new Error('the store ran but left a call without an outcome');
  return outcome;
}

/** The spec's wording of a trap kind (`integer divide by zero`); other kinds read as their words. */
export function trapText(kind: string): string {
  return Object.hasOwn(WASM_TRAPS, kind)
    ? WASM_TRAPS[kind as keyof typeof WASM_TRAPS]
    : kind.replaceAll('_', ' ');
}

/**
 * The spec's wording when `outcome` says the module could not be
 * instantiated (a segment that does not fit: a link error, not a trap).
 */
export function linkFailure(outcome: Outcome): string | undefined {
  return outcome.kind === 'trap' && Object.hasOwn(SEGMENT_TRAPS, outcome.trap)
    ? SEGMENT_TRAPS[outcome.trap as keyof typeof SEGMENT_TRAPS]
    : undefined;
}

/** A fault that is not at a trap site: a bug of LIRC's code, reported as an internal error. */
export function faultError(outcome: Outcome & { kind: 'fault' }): Error {
  return new Error(
    `the compiled code faulted outside any trap site (signal ${outcome.signal} at code offset 0x${outcome.offset.toString(16)})`,
  );
}
