/**
 * The machines Tiny compiles for: the two machine definitions LIRC ships,
 * loaded once through @lirc/asmquery. x86_64 code runs natively (on an
 * x86_64 host), riscv32 code under the emulator its definition names.
 */
import { type LoadedMachine, loadMachine, type MachineDefinition } from '@lirc/asmquery';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';

/** Target name → machine definition, and how its code runs here. */
const TARGETS: Readonly<Record<string, { def: MachineDefinition; nativeOn?: string }>> = {
  x86_64: { def: x86_64, nativeOn: 'x64' },
  riscv32: { def: riscv32 },
};

/** The names of the targets, in table order. */
export const TARGET_NAMES: readonly string[] = Object.keys(TARGETS);

const loaded = new Map<string, LoadedMachine>();

/** The loaded machine definition of target `name` (an Error naming the choices if unknown). */
export function targetMachine(name: string): LoadedMachine {
  const target = TARGETS[name];
  if (target === undefined)
    throw new Error(`unknown target '${name}' (targets: ${TARGET_NAMES.join(', ')})`);
  let machine = loaded.get(name);
  if (machine === undefined) {
    machine = loadMachine(target.def);
    loaded.set(name, machine);
  }
  return machine;
}

/** Whether code for target `name` runs natively in this Node process. */
export function runsNatively(name: string): boolean {
  return TARGETS[name]?.nativeOn === process.arch;
}
