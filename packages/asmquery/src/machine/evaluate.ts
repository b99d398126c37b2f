/**
 * Evaluating a form's semantics on concrete operands, with the action
 * registry's evaluators: what the instruction must do according to its
 * definition. Tests of machine definitions run the real instruction on the
 * same operands (natively, or in an emulator) and compare, which is how a
 * form's Low IR is checked against the hardware.
 */
import { type MemoryAccess, TrapSignal, wrap } from '@lirc/low-ir';
import type { CompiledForm } from './load.js';

/** Where control goes after the form, if it transfers control. */
export type SemanticsControl =
  | { readonly kind: 'jump'; readonly label: string }
  | { readonly kind: 'trap' }
  | { readonly kind: 'call' }
  | { readonly kind: 'return' };

/** What a form's semantics compute. */
export interface SemanticsOutcome {
  /** Every value the snippet defines, by name (outputs and intermediates). */
  readonly values: ReadonlyMap<string, bigint>;
  /** A control transfer the semantics take (a taken branch, a jump, a trap, a call, a return). */
  readonly control?: SemanticsControl;
  /** Set when an action traps by Low IR's rules (a division by zero…): its trap kind. */
  readonly trapped?: string;
}

/**
 * Evaluates `form`'s semantics. `read` gives the value of a register or
 * immediate parameter (it is reduced to the parameter's width); memory
 * actions go through `memory`. Actions without an evaluator throw.
 */
export function evaluateSemantics(
  form: CompiledForm,
  read: (param: string) => bigint,
  memory: MemoryAccess,
): SemanticsOutcome {
  const values = new Map<string, bigint>();
  const results: bigint[] = [];
  const param = (name: string): bigint => {
    const p = form.params[name]!;
    return 'width' in p ? wrap(read(name), p.width) : 0n;
  };
  for (const a of form.semantics) {
    const args = a.operands.map((o, i) => {
      if (o.kind === 'param') return o.as === 'value' ? param(o.name) : 0n;
      if (o.kind === 'internal') return results[o.producer]!;
      return wrap(o.value, a.operandWidths[i]!);
    });
    switch (a.spec.effects.control) {
      case 'jump':
      case 'branch': {
        const target = a.operands.find((o) => o.kind === 'param' && o.as === 'label');
        const taken = a.spec.effects.control === 'jump' || args[0] === 1n;
        if (taken && target?.kind === 'param')
          return { values, control: { kind: 'jump', label: target.name } };
        results.push(0n);
        continue;
      }
      case 'trap':
        return { values, control: { kind: 'trap' } };
      case 'call':
        return { values, control: { kind: 'call' } };
      case 'return':
        return { values, control: { kind: 'return' } };
      case 'none':
        break;
    }
    if (a.opcode === 'trap_if') {
      if (args[0] === 1n) return { values, control: { kind: 'trap' } };
      results.push(0n);
      continue;
    }
    if (a.spec.evaluate === undefined) {
      throw new Error(
        `${form.name}: ${a.key} has no evaluator, so its semantics cannot be evaluated`,
      );
    }
    let r: bigint | undefined;
    try {
      r = a.spec.evaluate(a.widths)(args, { memory });
    } catch (e) {
      if (!(e instanceof TrapSignal)) throw e;
      return { values, trapped: e.trapKind };
    }
    results.push(r ?? 0n);
    if (a.result !== undefined && r !== undefined) values.set(a.result, r);
  }
  return { values };
}
