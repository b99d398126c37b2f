/**
 * The targets `lirc` compiles for: ONE table from target name to machine
 * definition package, the only code that maps the one to the other.
 * @lirc/wasm and @lirc/core take a loaded machine definition and decide
 * everything else (pointer width, native or emulated) from its data.
 */
import { type LoadedMachine, loadMachine, type MachineDefinition } from '@lirc/asmquery';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';
import { hostElfMachine } from '@lirc/wasm';
import { Option } from 'commander';

/** Target name (as given to `--target`) to machine definition. */
const TARGETS: Readonly<Record<string, MachineDefinition>> = {
  x86_64,
  riscv32,
};

/** The names `--target` accepts, in table order. */
export const TARGET_NAMES: readonly string[] = Object.keys(TARGETS);

const loaded = new Map<string, LoadedMachine>();

/** The loaded machine definition of target `name` (loaded once per process). */
export function targetMachine(name: string): LoadedMachine {
  let machine = loaded.get(name);
  if (machine === undefined) {
    const def = TARGETS[name];
    if (def === undefined) throw new Error(`unknown target ${name}`); // commander checked the choice
    machine = loadMachine(def);
    loaded.set(name, machine);
  }
  return machine;
}

/**
 * The default target: the first one whose code this host runs natively (its
 * ELF machine is the running Node's), else the first of the table.
 */
export function hostTarget(): string {
  let host: number | undefined;
  try {
    host = hostElfMachine();
  } catch {
    host = undefined; // no /proc/self/exe: not Linux
  }
  const native = TARGET_NAMES.find((name) => TARGETS[name]!.abi.linux?.elf.machine === host);
  return native ?? TARGET_NAMES[0]!;
}

/** The `--target <name>` option: one of the table's names, the host's by default. */
export function targetOption(): Option {
  return new Option('--target <name>', 'machine to compile for')
    .choices(TARGET_NAMES)
    .default(hostTarget());
}
