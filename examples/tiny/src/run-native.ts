/**
 * Running compiled Tiny code natively, in this process (an x86_64 host):
 * the program is compiled with LIRC's host glue (a guarded entry for the
 * entry function and the signal handler, both Low IR from @lirc/core), the
 * code is loaded into executable memory by @lirc/runtime and called once
 * per case. A fault inside the code (a division by zero) comes back through
 * the glue as a trap whose kind the module's trap sites give.
 */
import type { LoadedMachine } from '@lirc/asmquery';
import {
  findTrapSite,
  GLUE,
  guardedEntry,
  guardedEntryName,
  hostBlockLayout,
  RESULT_BYTES,
  signalGlue,
} from '@lirc/core';
import type { FunctionHeader } from '@lirc/low-ir';
import { allocateMemory, loadCode, signature } from '@lirc/runtime';
import type { Program } from './ast.js';
import { compileProgram } from './compile.js';
import type { Outcome } from './frontend.js';

/** Bytes of the alternate stack the signal handler runs on. */
const ALT_STACK_BYTES = 64 * 1024;

/** Compiles `program` for `machine` and runs `entry` on each case, natively. */
export function runNative(
  program: Program,
  machine: LoadedMachine,
  entry: FunctionHeader,
  cases: readonly (readonly number[])[],
): Outcome[] {
  const linux = machine.def.abi.linux;
  if (linux === undefined) throw new Error(`${machine.def.name} has no Linux ABI to run on`);
  const layout = hostBlockLayout(machine.def.pointerWidth, linux);
  const block = allocateMemory(layout.size);
  const altStack = allocateMemory(ALT_STACK_BYTES);
  const results = allocateMemory(RESULT_BYTES);
  try {
    const glue = `${guardedEntry(machine.def, entry)}\n${signalGlue(machine.def, block.address)}`;
    const { module } = compileProgram(program, machine, { glue });
    const offsetOf = (name: string) => module.functions.find((f) => f.name === name)!.offset;
    const code = loadCode(module.code);
    try {
      const view = block.view();
      view.setBigUint64(layout.codeStart, code.address, true);
      view.setBigUint64(layout.codeEnd, code.address + BigInt(code.size), true);
      const install = code.function(offsetOf(GLUE.install), signature(['ptr', 'ptr'], ['i64']));
      const uninstall = code.function(offsetOf(GLUE.uninstall), signature([], ['i64']));
      const enter = code.function(
        offsetOf(guardedEntryName(entry.name)),
        signature(['ptr', 'ptr', ...entry.params.map(() => 'i32' as const)], ['i32']),
      );
      if (install(altStack.address, BigInt(ALT_STACK_BYTES)) !== 0n)
        throw new Error('installing the signal handler failed');
      try {
        return cases.map((args): Outcome => {
          if (enter(block.address, results.address, ...args) === 0)
            return { kind: 'value', value: results.view().getInt32(0, true) };
          const pc = view.getBigUint64(layout.trapPc, true);
          const site = findTrapSite(module, Number(pc - code.address));
          if (site === undefined) throw new Error(`the code crashed at pc 0x${pc.toString(16)}`);
          return { kind: 'trap', trap: site.kind };
        });
      } finally {
        uninstall();
      }
    } finally {
      code.free();
    }
  } finally {
    for (const m of [block, altStack, results]) m.free();
  }
}
