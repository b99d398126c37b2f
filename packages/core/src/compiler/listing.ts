/**
 * The assembly listing of a compiled function: one line per instruction
 * (offset, assembly text from the machine definition's templates, and the
 * actions it implements), with a line for each label. Golden tests compare
 * listings with files next to their `.lir` inputs; `lirc compile` can print
 * them. Built only when the compiler's `listing` option is on, from the
 * emissions the function context kept.
 */
import {
  type BufferOperand,
  type CompiledForm,
  formatForm,
  type LoadedMachine,
  type OperandInput,
} from '@lirc/asmquery';
import type { InstructionRecord } from './context.js';

/** One emitted instruction, as the code buffer was given it. */
export interface Emission {
  readonly offset: number;
  readonly form: CompiledForm;
  readonly operands: Readonly<Record<string, BufferOperand>>;
}

/**
 * A label's name: its source name or `^3` for the function's labels,
 * `^epilogue` and `^stub1` for LIRC's own.
 */
export function labelName(
  id: number,
  epilogue: number,
  names: ReadonlyMap<number, string> = new Map(),
): string {
  if (id === epilogue) return '^epilogue';
  const name = names.get(id);
  if (name !== undefined) return `^${name}`;
  return id >= 0 ? `^${id}` : `^stub${-id}`;
}

/**
 * The listing of `records`, whose k-th entry was emitted as `emissions[k]`.
 * `labels` maps label ids to offsets (in the same coordinates as the records).
 */
export function formatListing(
  machine: LoadedMachine,
  name: string,
  records: readonly InstructionRecord[],
  emissions: readonly Emission[],
  labels: ReadonlyMap<number, number>,
  epilogue: number,
  labelNames: ReadonlyMap<number, string>,
): string {
  const at = new Map<number, string[]>();
  for (const [id, offset] of labels) {
    const names = at.get(offset) ?? [];
    names.push(labelName(id, epilogue, labelNames));
    at.set(offset, names);
  }
  const lines = [`func @${name}`];
  records.forEach((r, k) => {
    for (const l of (at.get(r.offset) ?? []).sort()) lines.push(`${l}:`);
    at.delete(r.offset);
    const e = emissions[k];
    const text = e ? formatEmission(machine, e, epilogue, labelNames) : r.form;
    const asm = text.split('\n');
    const comment = `; ${r.actions.join('; ')}`;
    asm.forEach((line, j) => {
      const offset = j === 0 ? r.offset.toString(16).padStart(4, '0') : '    ';
      const note = j === 0 ? comment : '';
      lines.push(`  ${offset}  ${line.padEnd(32)}${note}`.trimEnd());
    });
  });
  for (const [, names] of [...at].sort((a, b) => a[0] - b[0]))
    for (const l of names.sort()) lines.push(`${l}:`);
  return `${lines.join('\n')}\n`;
}

/** The assembly text of one emitted instruction (labels by name, functions as `@name`). */
export function formatEmission(
  machine: LoadedMachine,
  e: Emission,
  epilogue: number,
  labelNames: ReadonlyMap<number, string>,
): string {
  const names = new Map<string, string>();
  const operands: Record<string, OperandInput> = {};
  for (const [param, op] of Object.entries(e.operands)) {
    if ('labelId' in op) {
      names.set(param, labelName(op.labelId, epilogue, labelNames));
      operands[param] = { label: 0 };
    } else operands[param] = op;
  }
  return formatForm(machine, e.form, operands, {
    labelText: (param) => names.get(param) ?? '?',
    funcText: (fn) => `@${fn}`,
  });
}
