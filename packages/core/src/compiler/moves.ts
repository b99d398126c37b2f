/**
 * Emitting moves between locations as machine instructions, by asking
 * AsmQuery like for any other action: register → register is a `copy.W`
 * (or `reinterpret.W` across register classes), constant → register a
 * `const.W`. The form chosen must put the value exactly where asked.
 */
import {
  type Candidate,
  type CodeBuffer,
  type LoadedMachine,
  type Matcher,
  type OperandInput,
  paramRegisters,
} from '@lirc/asmquery';
import type { Action } from '@lirc/low-ir';
import { type Location, locationKey } from '../state.js';
import { CompileError } from './errors.js';

const SOURCE = -2;
const RESULT = -1;

/** Emits `to ← from` for a `width`-bit value; returns the form used and its offset. */
export function emitMove(
  machine: LoadedMachine,
  matcher: Matcher,
  code: CodeBuffer,
  from: Location,
  to: Location,
  width: number,
): { form: string; offset: number } {
  if (to.kind !== 'reg') {
    throw new CompileError(
      `moving a value to ${locationKey(to)} is not implemented yet (spilling comes with frames)`,
    );
  }
  if (from.kind === 'stack') {
    throw new CompileError(
      `reloading from ${locationKey(from)} is not implemented yet (spilling comes with frames)`,
    );
  }
  const opcodes = from.kind === 'const' ? ['const'] : ['copy', 'reinterpret'];
  for (const opcode of opcodes) {
    if (!machine.registry.get(opcode)?.widths.some((w) => w[0] === width)) continue;
    const action: Action = {
      opcode,
      widths: [width],
      results: [{ id: RESULT, width, uses: 1 }],
      operands:
        from.kind === 'const'
          ? [{ kind: 'imm', value: from.value }]
          : [{ kind: 'value', id: SOURCE }],
    };
    const candidates = matcher.query({
      actions: [action],
      locations: (id) =>
        id === SOURCE && from.kind === 'reg' ? [{ kind: 'reg', reg: from.name }] : [],
      usesLeft: () => 1,
    });
    for (const c of candidates) {
      const operands = placeMove(machine, c, from, to.name);
      if (operands) return { form: c.form.name, offset: code.emit(c.form, operands) };
    }
  }
  throw new CompileError(
    `${machine.def.name} has no instruction that moves a ${width}-bit value from ${locationKey(from)} to ${locationKey(to)}`,
  );
}

/** Operands that make candidate `c` move `from` into register `to`, or undefined if it cannot. */
function placeMove(
  machine: LoadedMachine,
  c: Candidate,
  from: Location,
  to: string,
): Record<string, OperandInput> | undefined {
  const where = c.outputs.get(RESULT);
  if (where?.kind !== 'param' || c.writes.length > 0) return undefined;
  const operands: Record<string, OperandInput> = {};
  for (const [name, b] of c.bindings) {
    const p = c.form.params[name]!;
    const accepts = (reg: string) =>
      paramRegisters(p, machine.registers, machine.classes).some((r) => r.name === reg);
    if (name === where.param) {
      if (!accepts(to)) return undefined;
      if (b.kind === 'value' && (from.kind !== 'reg' || from.name !== to)) return undefined; // tied
      operands[name] = { reg: to };
    } else if (b.kind === 'value') {
      if (from.kind !== 'reg' || !b.satisfied || !accepts(from.name)) return undefined;
      operands[name] = { reg: from.name };
    } else if (b.kind === 'imm') {
      if (p.kind !== 'imm') return undefined; // the constant would itself need a register
      operands[name] = { imm: b.value };
    } else if (b.kind === 'reg') operands[name] = { reg: b.reg };
    else return undefined;
  }
  return operands;
}
