/**
 * Compiles the Low IR snippet of an instruction form into a small data-flow
 * graph the matcher walks: each action with its key (`add.32`), its operands
 * as parameters, earlier results of the snippet, or literal immediates, and
 * its effects from the action registry.
 *
 * The snippet is parsed by the `.lir` parser inside a synthetic function whose
 * parameters are the form's register and immediate parameters.
 */
import {
  type ActionRegistry,
  type ActionSpec,
  formatWidths,
  LirSyntaxError,
  type Operand,
  parseModule,
} from '@lirc/low-ir';
import type { FormDef, ParamDef } from './types.js';

/** An operand of a snippet action. */
export type SemOperand =
  /** A form parameter, used as a value (register or immediate), label, function or symbol. */
  | {
      readonly kind: 'param';
      readonly name: string;
      readonly as: 'value' | 'label' | 'func' | 'sym';
    }
  /** The result of an earlier snippet action (by index). */
  | { readonly kind: 'internal'; readonly producer: number }
  /** A literal immediate written in the snippet (`ne.32 %a, 0`). */
  | { readonly kind: 'literal'; readonly value: bigint };

/** One action of a form's semantics. */
export interface SemAction {
  /** Opcode and widths: `add.32`, `load_u.32.8`. The matcher indexes forms by it. */
  readonly key: string;
  readonly opcode: string;
  readonly widths: readonly number[];
  readonly spec: ActionSpec;
  /**
   * Fixed operands only for control flow (call, jump, br_if, return: LIRC places their
   * arguments); every operand for other variadic actions (syscall), see `allOperands`.
   */
  readonly operands: readonly SemOperand[];
  /**
   * The snippet lists every operand of a variadic action that is not control flow
   * (`syscall.64 %nr, %a1, %a2`): the form implements only an action with exactly
   * these operands.
   */
  readonly allOperands: boolean;
  /** The width of each operand (what an immediate in that position is reduced to). */
  readonly operandWidths: readonly number[];
  /** The name of the value it defines, if any. */
  readonly result?: string;
  /** Width of that value. */
  readonly resultWidth?: number;
}

/** The key of an action: opcode and width suffixes. */
export function actionKey(opcode: string, widths: readonly number[]): string {
  return `${opcode}${formatWidths(widths)}`;
}

/** Width a parameter's value has in the snippet (undefined for labels, functions and symbols). */
function paramWidth(p: ParamDef): number | undefined {
  return p.kind === 'reg' || p.kind === 'fixed' || p.kind === 'imm' ? p.width : undefined;
}

/**
 * Parses `form.semantics`. Throws an Error whose message says what is wrong
 * (the caller adds the form and field).
 */
export function compileSemantics(
  form: FormDef,
  registry: ActionRegistry,
  pointerWidth: number,
): SemAction[] {
  const valueParams = Object.entries(form.params).filter(([, p]) => paramWidth(p) !== undefined);
  const header = valueParams.map(([n, p]) => `%${n}*0: ${paramWidth(p)}`).join(', ');
  const text = `module ptr${pointerWidth}\nfunc @form(${header}) -> () {\n${form.semantics}\n}\n`;
  let module: ReturnType<typeof parseModule>;
  try {
    module = parseModule(text, { registry });
  } catch (e) {
    if (e instanceof LirSyntaxError) {
      // Line 3 of the synthetic text is line 1 of the snippet.
      throw new Error(`line ${e.pos.line - 2}, column ${e.pos.column}: ${e.detail}`);
    }
    throw e;
  }
  const fn = module.functions[0]!;
  const paramOfId = new Map<number, string>();
  for (const p of fn.params) paramOfId.set(p.id, p.name!);
  const producerOfId = new Map<number, number>();
  const actions: SemAction[] = [];
  const toSemOperand = (op: Operand): SemOperand => {
    if (op.kind === 'value') {
      const param = paramOfId.get(op.id);
      if (param !== undefined) return { kind: 'param', name: param, as: 'value' };
      return { kind: 'internal', producer: producerOfId.get(op.id)! };
    }
    if (op.kind === 'imm') return { kind: 'literal', value: op.value };
    if (op.kind === 'label') return { kind: 'param', name: op.label.name!, as: 'label' };
    return { kind: 'param', name: op.name, as: op.kind };
  };
  for (const item of fn.body) {
    if (item.kind === 'label') {
      throw new Error(`labels cannot be defined in semantics (^${item.label.label.name})`);
    }
    const a = item.action;
    const spec = registry.get(a.opcode)!;
    const sig = spec.signature(a.widths, pointerWidth);
    // Arguments of control flow are placed by LIRC; a variadic action that is not control
    // flow (syscall) lists its operands, each bound to a parameter like a fixed operand.
    const allOperands = sig.variadic === true && spec.effects.control === 'none';
    const operands = a.operands.map(toSemOperand);
    if (a.operands.length > sig.operands.length && !allOperands) {
      throw new Error(
        `${a.opcode}: write no arguments in semantics (LIRC places them per the calling convention)`,
      );
    }
    const valueWidth = (op: Operand): number => {
      if (op.kind !== 'value') return 64;
      const p = form.params[paramOfId.get(op.id) ?? ''];
      return (p && paramWidth(p)) ?? actions[producerOfId.get(op.id)!]?.resultWidth ?? 64;
    };
    if (a.results.length > 1) throw new Error(`${a.opcode}: at most one result in semantics`);
    const result = a.results[0];
    if (result) producerOfId.set(result.id, actions.length);
    actions.push({
      key: actionKey(a.opcode, a.widths),
      opcode: a.opcode,
      widths: a.widths,
      spec,
      operands,
      allOperands,
      operandWidths: a.operands.map((op, k) => {
        const rule = sig.operands[k];
        if (rule === undefined) return valueWidth(op); // a variadic operand: its value's width
        return rule.kind === 'value' && rule.width !== 'any'
          ? rule.width
          : rule.kind === 'imm' && rule.width !== undefined
            ? rule.width
            : 64;
      }),
      ...(result ? { result: result.name!, resultWidth: result.width } : {}),
    });
  }
  if (actions.length === 0) throw new Error('the semantics have no action');
  return actions;
}
