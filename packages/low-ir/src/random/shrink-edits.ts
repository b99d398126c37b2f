/**
 * Edits of a Module for the shrinker. Each edit returns a new module (sharing
 * what it does not change) that keeps every use count balanced: a removed
 * use of a value becomes a `drop`, a removed definition becomes a `const`.
 * Edits do not check that the result verifies; the shrinker verifies every
 * candidate and skips those that do not.
 */
import type { Action, BodyItem, FunctionDef, LabelDef, Module, Operand, ValueDef } from '../ir.js';

const CONTROL = new Set(['jump', 'br_if', 'return', 'trap']);
/** Actions the shrinker does not count as work: constants, moves and use-count bookkeeping. */
const TRIVIAL = new Set(['const', 'copy', 'drop', 'clone']);

function action(
  opcode: string,
  widths: readonly number[],
  operands: readonly Operand[],
  results: readonly ValueDef[] = [],
): BodyItem {
  return { kind: 'action', action: { opcode, widths, operands, results } };
}

function drop(id: number): BodyItem {
  return action('drop', [], [{ kind: 'value', id }]);
}

/** Drops for every value operand of an action (its uses, which the edit removes). */
function dropsFor(a: Action): BodyItem[] {
  if (a.opcode === 'clone') return [];
  return a.operands.flatMap((op) => (op.kind === 'value' ? [drop(op.id)] : []));
}

/** The module with function `name` replaced. */
function withFunction(m: Module, fn: FunctionDef): Module {
  return { ...m, functions: m.functions.map((f) => (f.name === fn.name ? fn : f)) };
}

/** The function with `body`. */
function withBody(fn: FunctionDef, body: readonly BodyItem[]): FunctionDef {
  return { ...fn, body };
}

/** Whether an action may be replaced by constants for its results (and drops for its operands). */
export function isReplaceable(item: BodyItem): boolean {
  if (item.kind !== 'action') return false;
  const opcode = item.action.opcode;
  return !CONTROL.has(opcode) && (opcode === 'copy' || !TRIVIAL.has(opcode));
}

/** Whether an action counts toward a program's size as real work. */
export function isNonTrivial(item: BodyItem): boolean {
  return item.kind === 'action' && !TRIVIAL.has(item.action.opcode);
}

/** Replaces the actions at `indices` of `fnName` by drops of their operands and `const 0` results. */
export function replaceWithConstants(
  m: Module,
  fnName: string,
  indices: readonly number[],
): Module {
  const fn = m.functions.find((f) => f.name === fnName)!;
  const set = new Set(indices);
  const body = fn.body.flatMap((item, i) => {
    if (!set.has(i) || item.kind !== 'action') return [item];
    const a = item.action;
    const consts = a.results.map((r) =>
      action('const', [r.width], [{ kind: 'imm', value: 0n }], [r]),
    );
    return [...dropsFor(a), ...consts];
  });
  return withFunction(m, withBody(fn, body));
}

/** Removes the function `name` (callers must be gone already). */
export function removeFunction(m: Module, name: string): Module {
  return { ...m, functions: m.functions.filter((f) => f.name !== name) };
}

/** Whether any other function names `name` (call or func_addr). */
export function isReferenced(m: Module, name: string): boolean {
  return m.functions.some(
    (f) =>
      f.name !== name &&
      f.body.some(
        (item) =>
          item.kind === 'action' &&
          item.action.operands.some((op) => op.kind === 'func' && op.name === name),
      ),
  );
}

/** Replaces every use of the constant defined at `index` by its immediate; removes it and its clones and drops. */
export function propagateConstant(m: Module, fnName: string, index: number): Module | undefined {
  const fn = m.functions.find((f) => f.name === fnName)!;
  const item = fn.body[index];
  if (item?.kind !== 'action' || item.action.opcode !== 'const') return undefined;
  const id = item.action.results[0]!.id;
  const imm = item.action.operands[0]!;
  const body = fn.body.flatMap((it, i): BodyItem[] => {
    if (i === index) return [];
    if (it.kind !== 'action') return [it];
    const a = it.action;
    if (!a.operands.some((op) => op.kind === 'value' && op.id === id)) return [it];
    if (a.opcode === 'clone' || a.opcode === 'drop') return [];
    const operands = a.operands.map((op) => (op.kind === 'value' && op.id === id ? imm : op));
    return [{ kind: 'action', action: { ...a, operands } }];
  });
  return withFunction(m, withBody(fn, body));
}

/** Changes the declared uses of the values in `deltas` (by id). */
function adjustUses(fn: FunctionDef, deltas: ReadonlyMap<number, number>): FunctionDef {
  const fix = (d: ValueDef): ValueDef => {
    const delta = deltas.get(d.id);
    return delta === undefined ? d : { ...d, uses: d.uses + delta };
  };
  const body = fn.body.map((item): BodyItem => {
    if (item.kind === 'label') {
      return { kind: 'label', label: { ...item.label, params: item.label.params.map(fix) } };
    }
    if (item.action.results.length === 0) return item;
    return { kind: 'action', action: { ...item.action, results: item.action.results.map(fix) } };
  });
  return { ...fn, params: fn.params.map(fix), body };
}

/** Removes `drop %v` at `index` and lowers %v's declared uses by one. */
export function removeDrop(m: Module, fnName: string, index: number): Module | undefined {
  const fn = m.functions.find((f) => f.name === fnName)!;
  const item = fn.body[index];
  if (item?.kind !== 'action' || item.action.opcode !== 'drop') return undefined;
  const op = item.action.operands[0]!;
  if (op.kind !== 'value') return undefined;
  const body = fn.body.filter((_, i) => i !== index);
  return withFunction(m, adjustUses(withBody(fn, body), new Map([[op.id, -1]])));
}

/** Removes every clone and drop of a function and declares each value's uses as its references. */
export function stripCloneAndDrop(m: Module, fnName: string): Module | undefined {
  const fn = m.functions.find((f) => f.name === fnName)!;
  const isCd = (it: BodyItem) =>
    it.kind === 'action' && (it.action.opcode === 'clone' || it.action.opcode === 'drop');
  if (!fn.body.some(isCd)) return undefined;
  const body = fn.body.filter((it) => !isCd(it));
  const refs = new Map<number, number>();
  for (const it of body) {
    if (it.kind !== 'action') continue;
    for (const op of it.action.operands)
      if (op.kind === 'value') refs.set(op.id, (refs.get(op.id) ?? 0) + 1);
  }
  const set = (d: ValueDef): ValueDef => ({ ...d, uses: refs.get(d.id) ?? 0 });
  const items = body.map((item): BodyItem => {
    if (item.kind === 'label')
      return { kind: 'label', label: { ...item.label, params: item.label.params.map(set) } };
    return { kind: 'action', action: { ...item.action, results: item.action.results.map(set) } };
  });
  return withFunction(m, { ...fn, params: fn.params.map(set), body: items });
}

/** The `br_if` at `index` never branches: it becomes drops of its operands. */
export function branchNeverTaken(m: Module, fnName: string, index: number): Module | undefined {
  const fn = m.functions.find((f) => f.name === fnName)!;
  const item = fn.body[index];
  if (item?.kind !== 'action' || item.action.opcode !== 'br_if') return undefined;
  const body = [...fn.body.slice(0, index), ...dropsFor(item.action), ...fn.body.slice(index + 1)];
  return withFunction(m, withBody(fn, body));
}

/** Index of the label that starts the block holding item `index` (-1 for the first block). */
function blockStart(fn: FunctionDef, index: number): number {
  for (let i = index; i >= 0; i--) if (fn.body[i]!.kind === 'label') return i;
  return -1;
}

/** Index just past the block holding item `index`. */
function blockEnd(fn: FunctionDef, index: number): number {
  for (let i = index + 1; i < fn.body.length; i++) if (fn.body[i]!.kind === 'label') return i;
  return fn.body.length;
}

/**
 * The `br_if` at `index` always branches: it becomes a `jump` with the same
 * target and arguments, the rest of its block is removed, and whatever uses
 * the block's values still had are dropped before the jump.
 */
export function branchAlwaysTaken(m: Module, fnName: string, index: number): Module | undefined {
  const fn = m.functions.find((f) => f.name === fnName)!;
  const item = fn.body[index];
  if (item?.kind !== 'action' || item.action.opcode !== 'br_if') return undefined;
  const start = blockStart(fn, index);
  const params = start < 0 ? fn.params : (fn.body[start] as { label: LabelDef }).label.params;
  const remaining = new Map<number, number>();
  for (const p of params) remaining.set(p.id, p.uses);
  for (let i = start + 1; i < index; i++) {
    const it = fn.body[i]!;
    if (it.kind !== 'action') continue;
    const a = it.action;
    if (a.opcode === 'clone') {
      const v = a.operands[0]!;
      const n = a.operands[1]!;
      if (v.kind === 'value' && n.kind === 'imm')
        remaining.set(v.id, (remaining.get(v.id) ?? 0) + Number(n.value));
    } else {
      for (const op of a.operands)
        if (op.kind === 'value') remaining.set(op.id, (remaining.get(op.id) ?? 0) - 1);
    }
    for (const r of a.results) remaining.set(r.id, r.uses);
  }
  const operands = item.action.operands.slice(1);
  for (const op of operands)
    if (op.kind === 'value') remaining.set(op.id, (remaining.get(op.id) ?? 0) - 1);
  const drops: BodyItem[] = [];
  for (const [id, n] of remaining) for (let k = 0; k < n; k++) drops.push(drop(id));
  const jump = action('jump', [], operands);
  const body = [...fn.body.slice(0, index), ...drops, jump, ...fn.body.slice(blockEnd(fn, index))];
  return withFunction(m, withBody(fn, body));
}

/** Ids of the labels some jump or br_if of the function names, outside items [from, to). */
function referencedLabels(fn: FunctionDef, from: number, to: number): Set<number> {
  const ids = new Set<number>();
  fn.body.forEach((it, i) => {
    if (it.kind !== 'action' || (i >= from && i < to)) return;
    for (const op of it.action.operands) if (op.kind === 'label') ids.add(op.label.id);
  });
  return ids;
}

/** Removes the block at label index `index` if no branch outside it names its label. */
export function removeDeadBlock(m: Module, fnName: string, index: number): Module | undefined {
  const fn = m.functions.find((f) => f.name === fnName)!;
  const item = fn.body[index];
  const end = blockEnd(fn, index);
  if (item?.kind !== 'label' || referencedLabels(fn, index, end).has(item.label.label.id))
    return undefined;
  const body = [...fn.body.slice(0, index), ...fn.body.slice(end)];
  return withFunction(m, withBody(fn, body));
}

/**
 * Removes parameter `k` of the label at `index`: it becomes a `const 0` at
 * the top of the block, and every branch to the label drops the argument.
 */
export function labelParamToConstant(
  m: Module,
  fnName: string,
  index: number,
  k: number,
): Module | undefined {
  const fn = m.functions.find((f) => f.name === fnName)!;
  const item = fn.body[index];
  if (item?.kind !== 'label' || k >= item.label.params.length) return undefined;
  const def = item.label;
  const param = def.params[k]!;
  const labelId = def.label.id;
  const body = fn.body.flatMap((it, i): BodyItem[] => {
    if (i === index) {
      const params = def.params.filter((_, j) => j !== k);
      const constant = action('const', [param.width], [{ kind: 'imm', value: 0n }], [param]);
      return [{ kind: 'label', label: { ...def, params } }, constant];
    }
    if (it.kind !== 'action' || (it.action.opcode !== 'jump' && it.action.opcode !== 'br_if')) {
      return [it];
    }
    const ops = it.action.operands;
    const at = ops.findIndex((op) => op.kind === 'label');
    const target = ops[at];
    if (target?.kind !== 'label' || target.label.id !== labelId) return [it];
    const arg = ops[at + 1 + k]!;
    const operands = ops.filter((_, j) => j !== at + 1 + k);
    const branch: BodyItem = { kind: 'action', action: { ...it.action, operands } };
    return arg.kind === 'value' ? [drop(arg.id), branch] : [branch];
  });
  return withFunction(m, withBody(fn, body));
}

/** Sets immediate operand `k` of the action at `index` to `value`. */
export function setImmediate(
  m: Module,
  fnName: string,
  index: number,
  k: number,
  value: bigint,
): Module | undefined {
  const fn = m.functions.find((f) => f.name === fnName)!;
  const item = fn.body[index];
  if (item?.kind !== 'action' || item.action.opcode === 'clone') return undefined;
  const op = item.action.operands[k];
  if (op?.kind !== 'imm' || op.value === value) return undefined;
  const operands = item.action.operands.map(
    (o, j): Operand => (j === k ? { kind: 'imm', value } : o),
  );
  const body = fn.body.map(
    (it, i): BodyItem =>
      i === index ? { kind: 'action', action: { ...item.action, operands } } : it,
  );
  return withFunction(m, withBody(fn, body));
}

/**
 * Inlines the block of the label a `jump` at `index` names, if that jump is
 * the label's only reference: the jump becomes `copy` actions defining the
 * label's parameters from its arguments, followed by the block's actions.
 */
export function inlineBlock(m: Module, fnName: string, index: number): Module | undefined {
  const fn = m.functions.find((f) => f.name === fnName)!;
  const item = fn.body[index];
  if (item?.kind !== 'action' || item.action.opcode !== 'jump') return undefined;
  const [target, ...args] = item.action.operands;
  if (target?.kind !== 'label') return undefined;
  let refs = 0;
  for (const it of fn.body) {
    if (it.kind !== 'action') continue;
    for (const op of it.action.operands)
      if (op.kind === 'label' && op.label.id === target.label.id) refs++;
  }
  const at = fn.body.findIndex(
    (it) => it.kind === 'label' && it.label.label.id === target.label.id,
  );
  if (refs !== 1 || at < 0) return undefined;
  const end = blockEnd(fn, at);
  if (index > at && index < end) return undefined; // a block jumping to itself
  const def = (fn.body[at] as { label: LabelDef }).label;
  const copies = def.params.map((p, k) => action('copy', [p.width], [args[k]!], [p]));
  const moved = [...copies, ...fn.body.slice(at + 1, end)];
  const body = fn.body.flatMap((it, i) => {
    if (i === index) return moved;
    if (i >= at && i < end) return [];
    return [it];
  });
  return withFunction(m, withBody(fn, body));
}

/**
 * Removes parameter `k` of function `fnName`: it becomes `const value` at the
 * top of the body, and every direct call drops the argument. (Indirect calls
 * are left alone: they then trap `bad_call_target`.)
 */
export function functionParamToConstant(
  m: Module,
  fnName: string,
  k: number,
  value: bigint,
): Module | undefined {
  const fn = m.functions.find((f) => f.name === fnName)!;
  const param = fn.params[k];
  if (param === undefined) return undefined;
  const constant = action('const', [param.width], [{ kind: 'imm', value }], [param]);
  const functions = m.functions.map((f) => {
    const body = f.body.flatMap((it): BodyItem[] => {
      if (it.kind !== 'action' || it.action.opcode !== 'call') return [it];
      const callee = it.action.operands[0];
      if (callee?.kind !== 'func' || callee.name !== fnName) return [it];
      const arg = it.action.operands[1 + k]!;
      const operands = it.action.operands.filter((_, j) => j !== 1 + k);
      return [
        ...(arg.kind === 'value' ? [drop(arg.id)] : []),
        { kind: 'action', action: { ...it.action, operands } },
      ];
    });
    if (f.name !== fnName) return withBody(f, body);
    return { ...f, params: f.params.filter((_, j) => j !== k), body: [constant, ...body] };
  });
  return { ...m, functions };
}

/** Removes every block no branch outside it names, until none is left. */
function withoutDeadBlocks(fn: FunctionDef): FunctionDef {
  for (;;) {
    const at = fn.body.findIndex(
      (it, i) =>
        it.kind === 'label' && !referencedLabels(fn, i, blockEnd(fn, i)).has(it.label.label.id),
    );
    if (at < 0) return fn;
    fn = withBody(fn, [...fn.body.slice(0, at), ...fn.body.slice(blockEnd(fn, at))]);
  }
}

/**
 * The `jump` at `index` becomes `return 0, …` (dropping its arguments), and
 * the blocks that are no longer reached go.
 */
export function returnInsteadOfJump(m: Module, fnName: string, index: number): Module | undefined {
  const fn = m.functions.find((f) => f.name === fnName)!;
  const item = fn.body[index];
  if (item?.kind !== 'action' || item.action.opcode !== 'jump') return undefined;
  const zeros = fn.results.map((): Operand => ({ kind: 'imm', value: 0n }));
  const ret = action('return', [], zeros);
  const body = [
    ...fn.body.slice(0, index),
    ...dropsFor(item.action),
    ret,
    ...fn.body.slice(index + 1),
  ];
  return withFunction(m, withoutDeadBlocks(withBody(fn, body)));
}
