/**
 * Runs a store (store.ts): compiles its modules, the store's call entry
 * `@lirc_wasm_call(thunk, ctx, io)` (sets the stack limit, calls the entry)
 * and the host glue of @lirc/core with LIRC, then makes the queued calls in
 * order. Native: the code is loaded in this process and each call goes
 * through a guarded entry. Emulated: one static executable whose start
 * routine makes every call and writes the outcomes and its data segment to
 * stdout. A fault at a trap site is a trap of that site's kind; a
 * `host_error` trap of a native run carries what the JavaScript host
 * function threw (host.ts).
 */
import type { LoadedMachine } from '@lirc/asmquery';
import {
  batchLayout,
  batchStart,
  type CompiledModule,
  findTrapSite,
  GLUE,
  guardedEntry,
  guardedEntryName,
  hostBlockLayout,
  INSTALL_FAILED,
  ModuleCompiler,
  RESULT_BYTES,
  START,
  signalGlue,
} from '@lirc/core';
import { type FunctionHeader, type LowIrSink, parseLir } from '@lirc/low-ir';
import {
  allocateMemory,
  buildStaticElf32,
  elf32Layout,
  loadCode,
  runQemu,
  signature,
} from '@lirc/runtime';
import { WasmError } from '../errors.js';
import { STORE_BLOCK } from '../translate/layout.js';
import { translateModule } from '../translate/module.js';
import { bindHostCalls, HOST_ERROR_TRAP } from './host.js';
import { GuestSpace, readInt, ZERO_REGION } from './space.js';
import type { CodeRef, Outcome, QueuedCall, Store } from './store.js';

/** The name of the store's call entry. */
export const CALL_ENTRY = 'lirc_wasm_call';

/** Bytes of stack a call may use below the entry's stack pointer before it traps `call_stack_exhausted`. */
export const STACK_BUDGET = 1 << 20;

/** The default time limit of an emulated run (all of a store's calls). */
export const EMULATED_TIMEOUT_MS = 120_000;

/** A run that hit its time limit: the emulator was stopped, no call has an outcome. */
export class RunTimeoutError extends WasmError {}

/** Compile-phase figures of a run. */
export interface RunStats {
  readonly actions: number;
  readonly codeBytes: number;
  readonly translateAndCompileMs: number;
}

function callEntryText(P: number, storeOffset: number): string {
  return [
    `module ptr${P}`,
    `func @${CALL_ENTRY}(%thunk: ${P}, %ctx: ${P}, %io: ${P}) {`,
    `  %blockat = add.${P} %ctx, ${storeOffset}`,
    `  %block = load.${P} %blockat`,
    '  %sp = stack_pointer',
    `  %limit = sub.${P} %sp, ${STACK_BUDGET}`,
    `  store.${P} %block, %limit`,
    `  %countat = add.${P} %block, ${STORE_BLOCK.calls}`,
    '  %count = load.32 %countat',
    '  %counted = add.32 %count, 1',
    '  store.32 %countat, %counted',
    '  call_indirect %thunk, %ctx, %io',
    '  return',
    '}',
  ].join('\n');
}

/** Streams the store's modules and extra text into `sink` (without module()/endModule()). */
function streamModules(store: Store, sink: LowIrSink): number {
  let actions = 0;
  const inner: LowIrSink = { ...sink, module: () => {}, endModule: () => {} };
  for (const { module, prefix } of store.modules) {
    actions += translateModule(module, inner, {
      pointerWidth: store.P,
      prefix,
      types: store.types,
      unsupported: store.unsupported,
    }).actions;
  }
  for (const text of store.extraText) parseLir(text, inner);
  parseLir(callEntryText(store.P, 2 * store.B), inner);
  return actions;
}

/** Told how many of a compile's functions are done, of how many (the modules' defined functions; glue not counted). */
export type CompileProgress = (done: number, total: number) => void;

/**
 * Compiles the store's modules, then the glue text `glue(first)` gives
 * (`first`: the name of the first function compiled).
 */
function compile(
  machine: LoadedMachine,
  store: Store,
  glue: (first: string) => string,
  onProgress?: CompileProgress,
): { module: CompiledModule; actions: number } {
  const compiler = new ModuleCompiler(machine, { verify: store.verify });
  const total = store.modules.reduce((n, { module }) => n + module.bodies.length, 0);
  let done = 0;
  let first: string | undefined;
  const sink: LowIrSink = {
    module: () => {},
    endModule: () => {},
    beginFunction: (h) => {
      first ??= h.name;
      compiler.beginFunction(h);
    },
    label: (l) => compiler.label(l),
    action: (a) => compiler.action(a),
    endFunction: () => {
      compiler.endFunction();
      if (onProgress !== undefined && done < total) onProgress(++done, total);
    },
  };
  compiler.module({ pointerWidth: store.P, data: [], externs: [] });
  const actions = streamModules(store, sink);
  parseLir(glue(first!), sink);
  compiler.endModule();
  return { module: compiler.link(), actions };
}

function callHeader(P: number): FunctionHeader {
  return {
    name: CALL_ENTRY,
    params: [0, 1, 2].map((id) => ({ id, width: P, uses: 1 })),
    results: [],
  };
}

function offsetOf(module: CompiledModule, name: string): number {
  const f = module.functions.find((x) => x.name === name);
  if (f === undefined) throw new Error(`runtime bug: no compiled function @${name}`);
  return f.offset;
}

function codeAddress(module: CompiledModule, base: bigint, ref: CodeRef): bigint {
  return 'address' in ref ? ref.address : base + BigInt(offsetOf(module, ref.name));
}

function resultsOf(call: QueuedCall, read: (at: bigint) => bigint): Outcome {
  return {
    kind: 'values',
    values: call.pending.results.map((t, k) => {
      const bits = read(call.io + BigInt(8 * k));
      return BigInt.asUintN(t === 'i32' || t === 'f32' ? 32 : 64, bits);
    }),
  };
}

function faultOutcome(module: CompiledModule, offset: number, signal: number): Outcome {
  const site = findTrapSite(module, offset);
  return site ? { kind: 'trap', trap: site.kind } : { kind: 'fault', signal, offset };
}

const ALT_STACK_BYTES = 64 * 1024;

/** Runs the store in this process (the target is the host). */
export function runNative(store: Store, run: { onProgress?: CompileProgress } = {}): RunStats {
  store.markRun();
  const started = performance.now();
  const { def } = store.target.machine;
  const P = store.P;
  const layout = hostBlockLayout(P, def.abi.linux!);
  const block = allocateMemory(layout.size);
  const altStack = allocateMemory(ALT_STACK_BYTES);
  const results = allocateMemory(RESULT_BYTES);
  const header = callHeader(P);
  const { module, actions } = compile(
    store.target.machine,
    store,
    () => `module ptr${P}\n${guardedEntry(def, header)}\n${signalGlue(def, block.address)}`,
    run.onProgress,
  );
  const translateAndCompileMs = performance.now() - started;
  const code = loadCode(module.code);
  try {
    for (const slot of store.codeSlots)
      store.space.writeInt(slot.at, store.B, codeAddress(module, code.address, slot.code));
    const view = block.view();
    view.setBigUint64(layout.codeStart, code.address, true);
    view.setBigUint64(layout.codeEnd, code.address + BigInt(code.size), true);
    const install = code.function(
      offsetOf(module, GLUE.install),
      signature(['ptr', 'ptr'], ['i64']),
    );
    const uninstall = code.function(offsetOf(module, GLUE.uninstall), signature([], ['i64']));
    const enter = code.function(
      offsetOf(module, guardedEntryName(CALL_ENTRY)),
      signature(['ptr', 'ptr', 'ptr', 'ptr', 'ptr'], ['i32']),
    );
    const hosts = bindHostCalls(store);
    try {
      const installed = install(altStack.address, BigInt(ALT_STACK_BYTES));
      if (installed !== 0n) throw new Error(`installing the signal glue failed (${installed})`);
      try {
        for (const call of store.calls) {
          const thunk = codeAddress(module, code.address, call.thunk);
          hosts?.takeError();
          const status = enter(block.address, results.address, thunk, call.context, call.io);
          const outcome =
            status === 0
              ? resultsOf(call, (at) => readInt(store.space.read(at, 8), 0, 8))
              : faultOutcome(
                  module,
                  Number(view.getBigUint64(layout.trapPc, true) - code.address),
                  view.getInt32(layout.trapSignal, true),
                );
          const thrown = outcome.kind === 'trap' && outcome.trap === HOST_ERROR_TRAP;
          const error = thrown ? hosts?.takeError() : undefined;
          call.pending.outcome = error
            ? { kind: 'trap', trap: HOST_ERROR_TRAP, ...error }
            : outcome;
        }
      } finally {
        uninstall();
      }
    } finally {
      hosts?.release();
    }
  } finally {
    code.free();
    for (const m of [block, altStack, results]) m.free();
  }
  return { actions, codeBytes: module.code.length, translateAndCompileMs };
}

/** Runs the store as a static executable under the machine's emulator. */
export async function runEmulated(
  store: Store,
  run: { timeoutMs?: number; onProgress?: CompileProgress } = {},
): Promise<RunStats> {
  store.markRun();
  if (store.hostCalls.length > 0)
    throw new Error('runtime bug: JavaScript host functions in an emulated store');
  const started = performance.now();
  const space = store.space;
  if (!(space instanceof GuestSpace))
    throw new Error('runtime bug: an emulated store needs a guest space');
  const { def } = store.target.machine;
  const linux = def.abi.linux!;
  const P = store.P;
  const header = callHeader(P);
  const calls = store.calls;
  const batchAt = space.base + Math.ceil(space.used / 16) * 16;
  const batch = batchLayout(def, header, calls.length, batchAt);
  const dumpBytes = space.used;
  const { module, actions } = compile(
    store.target.machine,
    store,
    (first) =>
      [
        `module ptr${P}`,
        guardedEntry(def, header),
        signalGlue(def, BigInt(batch.block)),
        batchStart(def, header, calls.length, batch, first, {
          address: space.base,
          bytes: dumpBytes,
        }),
      ].join('\n'),
    run.onProgress,
  );
  const translateAndCompileMs = performance.now() - started;
  const image = new Uint8Array(batch.records - space.base);
  const options = {
    machine: linux.elf.machine,
    flags: linux.elf.flags,
    code: module.code,
    entry: offsetOf(module, START),
    data: image,
    dataSize: Math.max(
      batch.records - space.base + batch.recordBytes * calls.length,
      ZERO_REGION + space.zeroUsed,
    ),
    dataAddress: space.base,
  };
  const codeBase = BigInt(elf32Layout(options).codeAddress);
  for (const slot of store.codeSlots)
    space.writeInt(slot.at, store.B, codeAddress(module, codeBase, slot.code));
  image.set(space.image());
  const view = new DataView(image.buffer);
  calls.forEach((call, k) => {
    const at = batch.args - space.base + 24 * k;
    view.setBigUint64(at, codeAddress(module, codeBase, call.thunk), true);
    view.setBigUint64(at + 8, call.context, true);
    view.setBigUint64(at + 16, call.io, true);
  });
  const elf = buildStaticElf32(options);
  const timeoutMs = run.timeoutMs ?? EMULATED_TIMEOUT_MS;
  const ran = await runQemu({
    qemu: linux.emulator,
    elf: elf.image,
    timeoutMs,
  });
  if (ran.timedOut)
    throw new RunTimeoutError(
      `the run under ${linux.emulator} took longer than its time limit of ${timeoutMs / 1000} s (a call that does not end?)`,
    );
  if (ran.status === INSTALL_FAILED)
    throw new Error('installing the signal glue failed under the emulator');
  const recordsBytes = batch.recordBytes * calls.length;
  if (ran.status !== 0 || ran.stdout.length !== recordsBytes + dumpBytes)
    throw new Error(
      `the emulated run failed: status ${ran.status}, signal ${ran.signal ?? 'none'}, ${ran.stdout.length} bytes of output: ${ran.stderr}`,
    );
  const out = ran.stdout;
  const dump = out.subarray(recordsBytes);
  space.write(BigInt(space.base), dump);
  const records = new DataView(out.buffer, out.byteOffset, recordsBytes);
  calls.forEach((call, k) => {
    const at = k * batch.recordBytes;
    call.pending.outcome =
      records.getInt32(at, true) === 0
        ? resultsOf(call, (a) => readInt(dump, Number(a) - space.base, 8))
        : faultOutcome(
            module,
            records.getUint32(at + 8, true) - Number(codeBase),
            records.getInt32(at + 16, true),
          );
  });
  return { actions, codeBytes: module.code.length, translateAndCompileMs };
}
