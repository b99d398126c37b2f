/**
 * Running one function of a Low IR module compiled for a target, for
 * `lirc run file.lir`: the module is compiled with @lirc/core's host glue
 * (a guarded entry for the function, the signal glue, on an emulated target
 * the start routine of a one-case batch), so a fault at a trap site comes
 * back as that trap's kind and any other fault as a fault at a code offset.
 *
 * - Native (the target's ELF machine is the host's): in this process, the
 *   code mapped with @lirc/runtime's loadCode and the entry called through
 *   koffi. Low IR addresses are machine addresses and Linux keeps page 0
 *   unmapped, so the module's `memory` is not provided: an access faults.
 * - Emulated: a static ELF32 executable under the definition's emulator
 *   (qemu-riscv32), with the module's memory (and data) at address 0, as
 *   the interpreter addresses it, and the glue's data after it.
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
  OUTCOME_BYTES,
  RESULT_BYTES,
  START,
  signalGlue,
} from '@lirc/core';
import type { FunctionHeader, Module } from '@lirc/low-ir';
import {
  allocateMemory,
  buildStaticElf32,
  elf32Layout,
  loadCode,
  runQemu,
  signature,
} from '@lirc/runtime';
import { hostElfMachine } from '@lirc/wasm';
import { CliError } from './io.js';
import { compileLir } from './lir-compile.js';

/** What the call came to. */
export type LirOutcome =
  | { readonly kind: 'values'; readonly values: readonly bigint[] }
  | { readonly kind: 'trap'; readonly trap: string }
  /** A fault outside every trap site: `signal` at byte `offset` of the code. */
  | { readonly kind: 'fault'; readonly signal: number; readonly offset: number };

/** An outcome with the figures of the run. */
export interface LirRun {
  readonly outcome: LirOutcome;
  readonly native: boolean;
  readonly codeBytes: number;
  readonly actions: number;
  readonly compileMs: number;
  readonly runMs: number;
}

/** A compilation target: its name (for messages) and loaded definition. */
export interface LirTarget {
  readonly name: string;
  readonly machine: LoadedMachine;
}

const ALT_STACK_BYTES = 64 * 1024;
/** Where an emulated executable's code goes: far above any module memory at address 0. */
const EMULATED_CODE_BASE = 0x4000_0000;
/** Where the glue's data goes when the module has no memory. */
const EMULATED_DATA = 0x2000_0000;

/** The outcome of a fault at code offset `offset`: its trap site's kind, or a fault. */
function faultOutcome(code: CompiledModule, offset: number, signal: number): LirOutcome {
  const site = findTrapSite(code, offset);
  return site ? { kind: 'trap', trap: site.kind } : { kind: 'fault', signal, offset };
}

/** One call: function `fn` of `module` (read from `file`) with `args` (bits, at each parameter's width). */
export interface LirCall {
  readonly module: Module;
  readonly file: string;
  readonly target: LirTarget;
  readonly fn: FunctionHeader;
  readonly args: readonly bigint[];
  /** Told after each of the module's functions: `done` of `total` compiled. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Compiles the call's module for its target and makes the call. */
export async function runLirFunction(call: LirCall): Promise<LirRun> {
  const linux = call.target.machine.def.abi.linux;
  if (linux === undefined)
    throw new CliError(
      `${call.target.name} has no Linux ABI in its definition: lirc run cannot run it`,
    );
  return linux.elf.machine === hostElfMachine() ? runNative(call) : runEmulated(call);
}

async function runNative({ module, file, target, fn, args, onProgress }: LirCall): Promise<LirRun> {
  const def = target.machine.def;
  const P = def.pointerWidth;
  const layout = hostBlockLayout(P, def.abi.linux!);
  const block = allocateMemory(layout.size);
  const altStack = allocateMemory(ALT_STACK_BYTES);
  const results = allocateMemory(RESULT_BYTES * Math.max(1, fn.results.length));
  try {
    const glue = `${guardedEntry(def, fn)}\n${signalGlue(def, block.address)}`;
    const compiled = compileLir(module, file, target, glue, onProgress ? { onProgress } : {});
    const started = performance.now();
    const offsetOf = (name: string) => compiled.code.functions.find((f) => f.name === name)!.offset;
    const code = loadCode(compiled.code.code);
    try {
      const view = block.view();
      view.setBigUint64(layout.codeStart, code.address, true);
      view.setBigUint64(layout.codeEnd, code.address + BigInt(code.size), true);
      const install = code.function(offsetOf(GLUE.install), signature(['ptr', 'ptr'], ['i64']));
      const uninstall = code.function(offsetOf(GLUE.uninstall), signature([], ['i64']));
      const kinds = fn.params.map((p) => (p.width === 64 ? 'i64' : 'i32') as 'i64' | 'i32');
      const enter = code.function(
        offsetOf(guardedEntryName(fn.name)),
        signature(['ptr', 'ptr', ...kinds], ['i32']),
      );
      if (install(altStack.address, BigInt(ALT_STACK_BYTES)) !== 0n)
        throw new Error('installing the signal glue failed');
      let outcome: LirOutcome;
      try {
        const actual = args.map((a, k) =>
          kinds[k] === 'i64' ? BigInt.asIntN(64, a) : Number(BigInt.asIntN(32, a)),
        );
        if (enter(block.address, results.address, ...actual) === 0) {
          const out = results.view();
          const values = fn.results.map((r, k) =>
            BigInt.asIntN(r.width, out.getBigUint64(RESULT_BYTES * k, true)),
          );
          outcome = { kind: 'values', values };
        } else {
          const offset = Number(view.getBigUint64(layout.trapPc, true) - code.address);
          outcome = faultOutcome(compiled.code, offset, view.getInt32(layout.trapSignal, true));
        }
      } finally {
        uninstall();
      }
      return {
        outcome,
        native: true,
        codeBytes: compiled.code.code.length,
        actions: compiled.actions,
        compileMs: compiled.compileMs,
        runMs: performance.now() - started,
      };
    } finally {
      code.free();
    }
  } finally {
    for (const m of [block, altStack, results]) m.free();
  }
}

/** The module's memory image from address 0 (memory size, or the end of its data). */
function memoryImage(module: Module): Uint8Array {
  const h = module.header;
  const end = Math.max(h.memorySize ?? 0, ...h.data.map((d) => d.offset + d.bytes.length));
  const image = new Uint8Array(end);
  for (const d of h.data) image.set(d.bytes, d.offset);
  return image;
}

async function runEmulated({
  module,
  file,
  target,
  fn,
  args,
  onProgress,
}: LirCall): Promise<LirRun> {
  const def = target.machine.def;
  const linux = def.abi.linux!;
  if (def.pointerWidth !== 32)
    throw new CliError(`${target.name}: lirc run emulates only 32-bit targets (static ELF32)`);
  const image = memoryImage(module);
  // One data segment: the memory at 0 (if any), then the glue's data on the next page.
  const dataAddress = image.length > 0 ? 0 : EMULATED_DATA;
  const glueAt = dataAddress + Math.ceil(image.length / 4096) * 4096;
  const layout = batchLayout(def, fn, 1, glueAt);
  const first = module.functions[0]!.name;
  const glue = [
    guardedEntry(def, fn),
    signalGlue(def, BigInt(layout.block)),
    batchStart(def, fn, 1, layout, first),
  ].join('\n');
  const compiled = compileLir(module, file, target, glue, onProgress ? { onProgress } : {});
  const data = new Uint8Array(layout.records - dataAddress);
  data.set(image);
  const view = new DataView(data.buffer);
  args.forEach((a, j) => {
    view.setBigUint64(layout.args - dataAddress + 8 * j, BigInt.asUintN(64, a), true);
  });
  const options = {
    machine: linux.elf.machine,
    flags: linux.elf.flags,
    code: compiled.code.code,
    entry: compiled.code.functions.find((f) => f.name === START)!.offset,
    data,
    dataSize: layout.records + layout.recordBytes - dataAddress,
    dataAddress,
    base: EMULATED_CODE_BASE,
  };
  const elf = buildStaticElf32(options);
  const started = performance.now();
  const run = await runQemu({ qemu: linux.emulator, elf: elf.image, timeoutMs: 60_000 });
  const runMs = performance.now() - started;
  if (run.timedOut)
    throw new CliError(`${file}: @${fn.name} ran past 60 s under ${linux.emulator}`);
  if (run.status === INSTALL_FAILED) throw new Error('installing the signal glue failed');
  if (run.status !== 0 || run.stdout.length !== layout.recordBytes)
    throw new Error(
      `${linux.emulator} ended with status ${run.status} (signal ${run.signal ?? 'none'}) and ${run.stdout.length} bytes of output: ${run.stderr}`,
    );
  const out = new DataView(run.stdout.buffer, run.stdout.byteOffset, run.stdout.byteLength);
  let outcome: LirOutcome;
  if (out.getInt32(0, true) === 0) {
    const values = fn.results.map((r, j) =>
      BigInt.asIntN(r.width, out.getBigUint64(OUTCOME_BYTES + RESULT_BYTES * j, true)),
    );
    outcome = { kind: 'values', values };
  } else {
    const offset = out.getUint32(8, true) - elf32Layout(options).codeAddress;
    outcome = faultOutcome(compiled.code, offset, out.getInt32(16, true));
  }
  return {
    outcome,
    native: false,
    codeBytes: compiled.code.code.length,
    actions: compiled.actions,
    compileMs: compiled.compileMs,
    runMs,
  };
}
