/**
 * Targets of the runtime: a machine definition, and whether this host runs
 * its code natively. That is decided by data, not by name: the machine
 * definition's ELF machine number (abi.linux.elf) against the ELF header of
 * the running Node executable. A store gets the space and executor of its
 * target (space.ts, execute.ts).
 */
import { readFileSync } from 'node:fs';
import type { LoadedMachine } from '@lirc/asmquery';
import { WasmError } from '../errors.js';
import { type CompileProgress, type RunStats, runEmulated, runNative } from './execute.js';
import { GuestSpace, HostSpace, type Space } from './space.js';
import { Store, type Target } from './store.js';

/** Where an emulated target's data segment starts. */
export const GUEST_DATA_BASE = 0x2000_0000;

let hostMachine: number | undefined;

/** The ELF machine number of this host (from the running executable's header). */
export function hostElfMachine(): number {
  if (hostMachine === undefined) {
    const header = readFileSync('/proc/self/exe').subarray(0, 20);
    hostMachine = header[18]! | (header[19]! << 8);
  }
  return hostMachine;
}

/** The target for a loaded machine definition. */
export function targetFor(machine: LoadedMachine): Target {
  const linux = machine.def.abi.linux;
  if (linux === undefined)
    throw new WasmError(
      `the ${machine.def.name} definition has no Linux ABI (abi.linux): the runtime cannot run its code`,
    );
  return { machine, native: linux.elf.machine === hostElfMachine() };
}

/** A new, empty store for a target. */
export function createStore(target: Target): Store {
  return new Store(target, target.native ? new HostSpace() : new GuestSpace(GUEST_DATA_BASE));
}

/** Options of runStore. */
export interface RunOptions {
  /** Time limit of an emulated run. */
  readonly timeoutMs?: number;
  /** Called after the calls, before the space is freed: read what the run left there. */
  readonly inspect?: (space: Space) => void;
  /** Called as the compile before the run goes: functions done of all. */
  readonly onProgress?: CompileProgress;
}

/** Runs a store on its target (natively or under the emulator) and frees its host memory. */
export async function runStore(store: Store, options: RunOptions = {}): Promise<RunStats> {
  try {
    const stats = store.target.native
      ? runNative(store, options)
      : await runEmulated(store, options);
    options.inspect?.(store.space);
    return stats;
  } finally {
    store.space.free();
  }
}
