/**
 * Legalization: rewriting an action the machine has no form for into other
 * Low IR actions it may have, as rules written in Low IR and tried only when
 * AsmQuery finds nothing. The rules are generic (no ISA named): the machine
 * definition decides, by what it can do, whether a rule is needed.
 *
 * - `select.W c, a, b` (RISC-V has no conditional move) becomes a mask:
 *   m = 0 - zext(c); r = (a & m) | (b & ~m).
 */
import type { Action, Operand, ValueDef } from '@lirc/low-ir';
import { valueName } from './context.js';

/** Makes fresh value ids for the values a rule introduces. */
export type FreshId = () => number;

/** A value a rule introduces, named `%.N` in listings and messages. */
export function syntheticValue(fresh: FreshId, width: number, uses: number): ValueDef {
  const id = fresh();
  return { id, width, uses, name: valueName(id).slice(1) };
}

/** The actions that replace `a`, or undefined when no rule applies. */
export function legalize(a: Action, fresh: FreshId): Action[] | undefined {
  if (a.opcode === 'select' && a.widths[0]! > 1) {
    const w = a.widths[0]!;
    const [c, x, y] = a.operands as [Operand, Operand, Operand];
    const r = a.results[0];
    if (!r) return [];
    const def = (uses = 1): ValueDef => syntheticValue(fresh, w, uses);
    const cz = def();
    const m = def(2);
    const xm = def();
    const nm = def();
    const yn = def();
    const use = (d: ValueDef): Operand => ({ kind: 'value', id: d.id });
    return [
      { opcode: 'zext', widths: [w, 1], results: [cz], operands: [c] },
      { opcode: 'neg', widths: [w], results: [m], operands: [use(cz)] },
      { opcode: 'and', widths: [w], results: [xm], operands: [x, use(m)] },
      { opcode: 'not', widths: [w], results: [nm], operands: [use(m)] },
      { opcode: 'and', widths: [w], results: [yn], operands: [y, use(nm)] },
      { opcode: 'or', widths: [w], results: [r], operands: [use(xm), use(yn)] },
    ];
  }
  return undefined;
}
