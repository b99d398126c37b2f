/**
 * Running compiled Tiny code for another machine under its emulator (riscv32
 * under qemu-riscv32): the program is compiled with LIRC's host glue and a
 * start routine that calls the entry once per case (arguments and outcome
 * records in the data segment, written to stdout at the end), wrapped by
 * @lirc/runtime into a static ELF32 executable and run once for all cases.
 */
import type { LoadedMachine } from '@lirc/asmquery';
import {
  batchLayout,
  batchStart,
  findTrapSite,
  guardedEntry,
  OUTCOME_BYTES,
  START,
  signalGlue,
} from '@lirc/core';
import type { FunctionHeader } from '@lirc/low-ir';
import { buildStaticElf32, elf32Layout, runQemu } from '@lirc/runtime';
import type { Program } from './ast.js';
import { compileProgram } from './compile.js';
import type { Outcome } from './frontend.js';

/** Where the executable's data segment goes (far above its code). */
const DATA_ADDRESS = 0x2000_0000;

/** Compiles `program` for `machine` and runs `entry` on each case under the machine's emulator. */
export async function runEmulated(
  program: Program,
  machine: LoadedMachine,
  entry: FunctionHeader,
  cases: readonly (readonly number[])[],
  timeoutMs = 20_000,
): Promise<Outcome[]> {
  const def = machine.def;
  const linux = def.abi.linux;
  if (linux?.emulator === undefined) throw new Error(`${def.name} names no emulator to run on`);
  const layout = batchLayout(def, entry, cases.length, DATA_ADDRESS);
  const glue = [
    guardedEntry(def, entry),
    signalGlue(def, BigInt(layout.block)),
    batchStart(def, entry, cases.length, layout, program.functions[0]!.name),
  ].join('\n');
  const { module } = compileProgram(program, machine, { glue });

  const data = new Uint8Array(layout.size);
  const view = new DataView(data.buffer);
  cases.forEach((args, k) => {
    args.forEach((a, j) => {
      view.setBigInt64(layout.args - DATA_ADDRESS + 8 * (k * args.length + j), BigInt(a), true);
    });
  });
  const elfOptions = {
    machine: linux.elf.machine,
    flags: linux.elf.flags,
    code: module.code,
    entry: module.functions.find((f) => f.name === START)!.offset,
    data,
    dataAddress: DATA_ADDRESS,
  };
  const run = await runQemu({
    qemu: linux.emulator,
    elf: buildStaticElf32(elfOptions).image,
    timeoutMs,
  });
  if (run.status !== 0)
    throw new Error(`${linux.emulator} exited with ${run.status ?? run.signal}: ${run.stderr}`);
  const out = new DataView(run.stdout.buffer, run.stdout.byteOffset, run.stdout.byteLength);
  const codeAddress = elf32Layout(elfOptions).codeAddress;
  return cases.map((_args, k): Outcome => {
    const at = k * layout.recordBytes;
    if (out.getInt32(at, true) === 0)
      return { kind: 'value', value: out.getInt32(at + OUTCOME_BYTES, true) };
    const pc = out.getUint32(at + 8, true);
    const site = findTrapSite(module, pc - codeAddress);
    if (site === undefined) throw new Error(`the code crashed at pc 0x${pc.toString(16)}`);
    return { kind: 'trap', trap: site.kind };
  });
}
