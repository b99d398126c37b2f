/**
 * Test helper: assembles a list of (form name, operands) with AsmQuery and a
 * machine definition into bytes. Labels are given as the target's byte
 * offset from the start of the instruction, as encodeForm takes them.
 */

import type { MachineDefinition } from '@lirc/asmquery';
import { type CompiledForm, encodeForm, loadMachine, type Operands } from '@lirc/asmquery';

/** One instruction: a form name and its operands. */
export type Line = readonly [form: string, operands?: Operands];

/** An assembler for one machine: lines to bytes. */
export function assembler(def: MachineDefinition): (lines: readonly Line[]) => Uint8Array {
  const machine = loadMachine(def);
  const forms = new Map<string, CompiledForm>();
  for (const f of machine.forms) if (!forms.has(f.name)) forms.set(f.name, f);
  return (lines) => {
    const bytes: number[] = [];
    for (const [name, operands] of lines) {
      const form = forms.get(name);
      if (form === undefined) throw new Error(`no form named '${name}'`);
      const encoded = encodeForm(machine, form, operands ?? {});
      if (encoded.relocations.length > 0) throw new Error(`'${name}' needs relocation`);
      bytes.push(...encoded.bytes);
    }
    return new Uint8Array(bytes);
  };
}

/** A register operand. */
export const r = (name: string) => ({ reg: name });
/** An immediate operand. */
export const i = (value: number | bigint) => ({ imm: value });
