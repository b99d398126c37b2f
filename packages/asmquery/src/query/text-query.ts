/**
 * Queries written as `.lir` text, for tests of machine definitions and of the
 * engine: the window's actions in Low IR syntax, where each input sits, which
 * values are still needed afterwards, where placed labels are.
 */
import { type Action, parseModule } from '@lirc/low-ir';
import type { Query, ValueLocation } from './matcher.js';

/** A window written as text. */
export interface WindowSpec {
  /** Body actions in `.lir` syntax; parameters are declared from `inputs`. */
  readonly body: string;
  /** Input name → width and where it is. */
  readonly inputs: Readonly<Record<string, { width: number; at: ValueLocation | ValueLocation[] }>>;
  /** Values still needed after the window (beyond their uses inside it), by name → extra uses. */
  readonly liveAfter?: Readonly<Record<string, number>>;
  /** Placed labels: name → byte offset from the next instruction. */
  readonly labels?: Readonly<Record<string, number>>;
  readonly pointerWidth?: 32 | 64;
}

/** A query for the window, plus the ids of named values (throws on bad text). */
export function windowQuery(spec: WindowSpec): {
  query: Query;
  id: (name: string) => number;
  actions: readonly Action[];
} {
  const names = Object.keys(spec.inputs);
  const header = names.map((n) => `%${n}*0: ${spec.inputs[n]!.width}`).join(', ');
  const text = `module ptr${spec.pointerWidth ?? 64}\nfunc @w(${header}) -> () {\n${spec.body}\n}\n`;
  const fn = parseModule(text).functions[0]!;
  const ids = new Map<string, number>();
  const labelIds = new Map<number, string>();
  for (const p of fn.params) ids.set(p.name!, p.id);
  const actions: Action[] = [];
  for (const item of fn.body) {
    if (item.kind !== 'action') continue;
    actions.push(item.action);
    for (const r of item.action.results) ids.set(r.name!, r.id);
    for (const op of item.action.operands)
      if (op.kind === 'label') labelIds.set(op.label.id, op.label.name!);
  }
  const nameOf = new Map([...ids].map(([n, i]) => [i, n]));
  const usesInWindow = new Map<number, number>();
  for (const a of actions) {
    for (const op of a.operands)
      if (op.kind === 'value') usesInWindow.set(op.id, (usesInWindow.get(op.id) ?? 0) + 1);
  }
  const query: Query = {
    actions,
    locations: (id) => {
      const at = spec.inputs[nameOf.get(id) ?? '']?.at;
      return at === undefined ? [] : Array.isArray(at) ? at : [at];
    },
    usesLeft: (id) => (usesInWindow.get(id) ?? 0) + (spec.liveAfter?.[nameOf.get(id) ?? ''] ?? 0),
    labelOffset: (id) => spec.labels?.[labelIds.get(id) ?? ''],
  };
  return {
    query,
    actions,
    id: (name) => {
      const i = ids.get(name);
      if (i === undefined) throw new Error(`no value %${name}`);
      return i;
    },
  };
}

/** Shorthand for a value in a register. */
export const inReg = (reg: string): ValueLocation => ({ kind: 'reg', reg });
