/**
 * Block drafts: the generator writes one block at a time into a draft, and
 * only when the block's terminator is known does it stream the block through
 * the FunctionBuilder. By then every value's uses are known, so the builder
 * gets exact declared use counts. Emission also spreads `clone` and `drop`
 * over the block: some values declare fewer uses and are cloned (while they
 * still have a use left) before a
 * later use, some unused values declare one use and are dropped.
 */
import type {
  BuildOperand,
  FuncName,
  FunctionBuilder,
  Label,
  ParamSpec,
  Sym,
  Value,
} from '../builder.js';
import type { Prng } from './prng.js';

/** A value of the block being drafted. */
export interface DraftValue {
  readonly kind: 'draft';
  readonly width: number;
  /** A float-domain value: only float actions, float comparisons and conversions read it. */
  readonly float: boolean;
  /** The builder's value, once the block is emitted. */
  built?: Value;
}

/**
 * A label of the function being drafted. The builder's label is made when the
 * first block that names it is emitted (the FunctionBuilder exists only once
 * the function's first block is complete).
 */
export interface LabelSlot {
  readonly kind: 'slot';
  readonly name: string;
  label?: Label;
}

/** An operand of a drafted action: a drafted value, an immediate, a label, a function or a symbol. */
export type DraftOperand = DraftValue | bigint | LabelSlot | FuncName | Sym;

/** One drafted action. */
export interface DraftAction {
  readonly opcode: string;
  readonly widths: readonly number[];
  readonly operands: readonly DraftOperand[];
  readonly results: readonly DraftValue[];
}

/** A block under construction: its label (none for the function's first block), parameters and actions. */
export class BlockDraft {
  readonly items: DraftAction[] = [];

  constructor(
    readonly label: LabelSlot | undefined,
    readonly params: readonly DraftValue[],
    /** How many times the block may run per call of its function (for the step estimate). */
    readonly mult: number,
  ) {}
}

/** A new drafted value. */
export function draftValue(width: number, float = false): DraftValue {
  return { kind: 'draft', width, float };
}

/** Whether an operand is a drafted value. */
export function isDraft(op: DraftOperand): op is DraftValue {
  return typeof op === 'object' && op.kind === 'draft';
}

/** The builder's label for a slot (made on first use). */
export function labelOf(slot: LabelSlot, f: FunctionBuilder): Label {
  slot.label ??= f.newLabel(slot.name);
  return slot.label;
}

/** How emission varies use counts. */
export interface EmitStyle {
  /** Probability that a use (after the first) starts a run of uses given by a `clone`. */
  readonly cloneRate: number;
  /** Probability that an unused value declares one use and is dropped. */
  readonly dropRate: number;
}

type Extra =
  | { readonly kind: 'clone'; readonly value: DraftValue; readonly count: number }
  | {
      readonly kind: 'drop';
      readonly value: DraftValue;
    };

/**
 * Streams a finished block (its last action is a terminator) through the
 * builder. `open` receives the parameter specs with their use counts and
 * returns the parameter values (it starts the function or binds the label).
 * Returns the number of actions emitted, clones and drops included.
 */
export function emitBlock(
  block: BlockDraft,
  rng: Prng,
  style: EmitStyle,
  fb: () => FunctionBuilder,
  open: (params: readonly ParamSpec[]) => readonly Value[],
): number {
  const items = block.items;
  const last = items.length - 1;
  const usesAt = new Map<DraftValue, number[]>();
  items.forEach((item, i) => {
    for (const op of item.operands) {
      if (!isDraft(op)) continue;
      const list = usesAt.get(op);
      if (list === undefined) usesAt.set(op, [i]);
      else list.push(i);
    }
  });
  const before: Extra[][] = items.map(() => []);
  const declared = new Map<DraftValue, number>();
  const plan = (v: DraftValue, defIndex: number): void => {
    const uses = usesAt.get(v) ?? [];
    if (uses.length === 0) {
      const drop = rng.chance(style.dropRate);
      declared.set(v, drop ? 1 : 0);
      if (drop) before[rng.chance(0.5) ? defIndex + 1 : last]!.push({ kind: 'drop', value: v });
      return;
    }
    // Split the uses into runs; every run after the first is paid for by a clone.
    const runStarts = [0];
    for (let k = 1; k < uses.length; k++) {
      if (uses[k] !== uses[k - 1] && rng.chance(style.cloneRate)) runStarts.push(k);
    }
    runStarts.push(uses.length);
    declared.set(v, runStarts[1]!);
    for (let r = 1; r + 1 < runStarts.length; r++) {
      const start = runStarts[r]!;
      const count = runStarts[r + 1]! - start;
      // Before the previous run's last use: a value with no use left cannot be cloned.
      before[uses[start - 1]!]!.push({ kind: 'clone', value: v, count });
    }
  };
  for (const p of block.params) plan(p, -1);
  items.forEach((item, i) => {
    for (const r of item.results) plan(r, i);
  });
  const paramValues = open(block.params.map((p) => ({ width: p.width, uses: declared.get(p)! })));
  block.params.forEach((p, k) => {
    p.built = paramValues[k]!;
  });
  const f = fb();
  let emitted = 0;
  items.forEach((item, i) => {
    for (const extra of before[i]!) {
      if (extra.kind === 'clone') f.clone(built(extra.value), extra.count);
      else f.drop(built(extra.value));
      emitted++;
    }
    emitAction(f, item, declared);
    emitted++;
  });
  return emitted;
}

function built(v: DraftValue): Value {
  if (v.built === undefined) throw new Error('generator bug: a value is used before it is emitted');
  return v.built;
}

function toBuild(op: DraftOperand, f: FunctionBuilder): BuildOperand {
  if (typeof op !== 'object') return op;
  if (op.kind === 'draft') return built(op);
  if (op.kind === 'slot') return labelOf(op, f);
  return op;
}

/** Emits one action through the builder's most specific method. */
function emitAction(
  f: FunctionBuilder,
  item: DraftAction,
  declared: Map<DraftValue, number>,
): void {
  const ops = item.operands.map((op) => toBuild(op, f));
  const uses = (v: DraftValue): number => declared.get(v)!;
  const bind = (values: readonly Value[]): void => {
    item.results.forEach((r, k) => {
      r.built = values[k]!;
    });
  };
  switch (item.opcode) {
    case 'jump':
      f.jump(ops[0] as Label, ops.slice(1));
      return;
    case 'br_if':
      f.brIf(ops[0]!, ops[1] as Label, ops.slice(2));
      return;
    case 'return':
      f.ret(ops);
      return;
    case 'trap':
      f.trap((ops[0] as Sym).name);
      return;
    case 'trap_if':
      f.trapIf(ops[0]!, (ops[1] as Sym).name);
      return;
    case 'call': {
      const results = item.results.map((r) => ({ width: r.width, uses: uses(r) }));
      bind(f.call((ops[0] as FuncName).name, ops.slice(1), results));
      return;
    }
    case 'call_indirect': {
      const results = item.results.map((r) => ({ width: r.width, uses: uses(r) }));
      bind(f.callIndirect(ops[0]!, ops.slice(1), results));
      return;
    }
    default:
      if (item.results.length === 0) f.effect(item.opcode, item.widths, ops);
      else if (item.results.length === 1) {
        bind([f.op(item.opcode, item.widths, ops, { uses: uses(item.results[0]!) })]);
      } else {
        bind(
          f.emit(
            item.opcode,
            item.widths,
            ops,
            item.results.map((r) => ({ uses: uses(r) })),
          ),
        );
      }
  }
}
