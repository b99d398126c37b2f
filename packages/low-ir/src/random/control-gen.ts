/**
 * Control flow of random programs: regions of constructs (straight-line
 * actions, if/else diamonds and forward skips, loops of three shapes with
 * counters in label parameters, breaks out of loops, early returns through a
 * shared `^ret`, rare branches to a `^trap` block, direct and indirect calls
 * with several results, bursts of 20–40 simultaneously live values) and the
 * bodies of whole functions, including a helper that recurses on an explicit
 * depth parameter. Loop trip counts are bounded by immediates or masks and
 * chosen against the function's step budget, so every program terminates.
 */
import { func } from '../builder.js';
import { genAction, genBinary } from './actions-gen.js';
import { type DraftOperand, type DraftValue, draftValue } from './draft.js';
import type { CarriedSlot, FnGen, FunctionPlan, ModuleContext } from './function-gen.js';
import { FnGen as Gen } from './function-gen.js';

/** Generates about `n` constructs in the current block (and the blocks they open). */
export function genRegion(g: FnGen, n: number): void {
  for (let k = 0; k < n && g.room() > 0; k++) {
    genConstruct(g, n);
    if (g.rng.chance(0.3)) g.mix();
  }
}

function genConstruct(g: FnGen, n: number): void {
  const nested = g.nesting < 3 && n >= 3;
  const kind = g.rng.weighted<(g: FnGen, n: number) => void>([
    [genAction, 70],
    [genDiamond, nested ? 6 : 0],
    [genLoop, nested && g.opts.loops ? 4 : 0],
    [genCall, g.callees.length > 0 ? 6 : 0],
    [genPressure, g.nesting === 0 ? 0.6 : 0],
    [genEarlyReturn, 1],
    [genLoopBreak, g.loops.length > 0 ? 2 : 0],
    [genRareTrapBranch, 0.4],
  ]);
  kind(g, n);
}

/** if/else: `br_if c, ^else(…)`, then-part, `jump ^join(…)`, `^else:` else-part, `^join:`. Or a forward skip. */
function genDiamond(g: FnGen, n: number): void {
  const half = Math.max(1, Math.floor(n / 2));
  g.nesting++;
  if (g.rng.chance(0.3)) {
    // Forward skip: the taken branch bypasses the then-part.
    const join = g.newLabel('join', g.chooseWidths(4));
    g.brIf(g.cond(), join, g.operandsFor(join.widths));
    genRegion(g, g.rng.range(1, half));
    g.jump(join, g.operandsFor(join.widths));
    g.start(join);
  } else {
    const otherwise = g.newLabel('else', g.chooseWidths(4));
    g.brIf(g.cond(), otherwise, g.operandsFor(otherwise.widths));
    genRegion(g, g.rng.range(0, half));
    const join = g.newLabel('join', g.chooseWidths(4));
    g.jump(join, g.operandsFor(join.widths));
    g.start(otherwise);
    genRegion(g, g.rng.range(0, half));
    g.jump(join, g.operandsFor(join.widths));
    g.start(join);
  }
  g.nesting--;
}

/** Largest 2^k - 1 that is at most n (n ≥ 1). */
function maskAtMost(n: number): number {
  return 2 ** Math.floor(Math.log2(n + 1)) - 1;
}

/**
 * A loop with a counter (and perhaps a bound) carried in label parameters,
 * plus up to four state values. Shapes: count up to a bound tested at the
 * top, count down to zero tested at the top, or count up tested at the
 * bottom by a `br_if` back edge. The bound is an immediate or data masked to
 * at most the chosen trip count.
 */
function genLoop(g: FnGen, n: number): void {
  const cap = g.nesting === 0 ? 64 : 12;
  const trips = Math.min(cap, Math.floor(g.room() / (g.mult * 2 * 30)));
  if (trips < 2) return;
  const limit = g.rng.range(1, trips);
  const w = g.intWidth();
  const shape = g.rng.pick(['up', 'down', 'bottom'] as const);
  const fromData = g.rng.chance(0.4);
  const bound: DraftOperand = fromData
    ? g.op('and', [w], [g.value(w), BigInt(maskAtMost(limit))], w)
    : BigInt(limit);
  const stateWidths = g.chooseWidths(4);
  const carryBound = shape !== 'down' && fromData;
  const counterWidths = carryBound ? [w, w] : [w];
  const head = g.newLabel('loop', [...counterWidths, ...stateWidths]);
  const start = shape === 'down' ? bound : 0n;
  g.jump(head, [start, ...(carryBound ? [bound] : []), ...g.operandsFor(stateWidths)]);

  const outerMult = g.mult;
  g.mult = outerMult * (limit + 1);
  g.nesting++;
  g.start(head);
  const slots: CarriedSlot[] = g.pool
    .slice(g.carried.length, g.carried.length + counterWidths.length)
    .map((value) => ({ value }));
  const exit = g.newLabel('exit', g.chooseWidths(4));
  g.carried.push(...slots);
  g.loops.push({ exit });
  const counter = () => slots[0]!.value;
  const limitOperand = (): DraftOperand => (carryBound ? slots[1]!.value : bound);
  if (shape === 'up') {
    const test = g.rng.pick(['ge_u', 'ge_s', 'eq']);
    const done = g.op(test, [w], [counter(), limitOperand()], 1);
    g.brIf(done, exit, g.operandsFor(exit.widths));
  } else if (shape === 'down') {
    g.brIf(g.op('eqz', [w], [counter()], 1), exit, g.operandsFor(exit.widths));
  }
  genRegion(g, g.rng.range(2, Math.max(2, n)));
  g.loops.pop();
  g.carried.length -= slots.length;
  const i = counter();
  const next = g.op(shape === 'down' ? 'sub' : 'add', [w], [i, 1n], w);
  const again = [next, ...(carryBound ? [slots[1]!.value] : []), ...g.operandsFor(stateWidths)];
  if (shape === 'bottom') {
    // `ne` only against an immediate bound (≥ 1): a data bound may be 0, which `next` has passed.
    const test = g.rng.pick(carryBound ? ['lt_u', 'lt_s'] : ['lt_u', 'lt_s', 'ne']);
    g.brIf(g.op(test, [w], [next, limitOperand()], 1), head, again);
    g.jump(exit, g.operandsFor(exit.widths));
  } else {
    g.jump(head, again);
  }
  g.mult = outerMult;
  g.nesting--;
  g.start(exit);
}

/** `br_if c, ^exit(…)` out of the innermost loop. */
function genLoopBreak(g: FnGen): void {
  const loop = g.loops[g.loops.length - 1]!;
  g.brIf(g.cond(), loop.exit, g.operandsFor(loop.exit.widths));
}

/** `br_if c, ^ret(results…)`: an early return. */
function genEarlyReturn(g: FnGen): void {
  g.brIf(g.cond(), g.returnLabel(), g.resultOperands());
}

/** A branch to `^trap` on a condition that is almost never true. */
function genRareTrapBranch(g: FnGen): void {
  const w = g.intWidth();
  const c = g.op('eq', [w], [g.value(w), g.rng.bits(w)], 1, { keep: false });
  g.brIf(c, g.trapLabel(), []);
}

/** A call (sometimes through func_addr and call_indirect) to a callee the budget allows. */
export function genCall(g: FnGen): boolean {
  const cands = g.callees.filter((c) => g.affords(c.cost + c.params.length + 4));
  if (cands.length === 0) return false;
  const callee = g.rng.pick(cands);
  const args = callee.params.map((w) => g.operand(w, 0.15));
  const results = callee.results.map((w) => draftValue(w));
  g.charge(callee.cost);
  if (g.rng.chance(0.15)) {
    const p = g.opts.pointerWidth;
    const target = g.op('func_addr', [], [func(callee.name)], p, { keep: false });
    g.add('call_indirect', [], [target, ...args], results);
  } else {
    g.add('call', [], [func(callee.name), ...args], results);
  }
  return true;
}

/**
 * 20–40 values computed and kept live together (sometimes across a call),
 * then folded into one: register pressure for the compiler.
 */
function genPressure(g: FnGen): void {
  const count = g.rng.range(20, 40);
  if (!g.affords(count * 3 + 10)) return;
  const w = g.intWidth();
  const values: DraftValue[] = [];
  for (let k = 0; k < count; k++) values.push(genBinary(g, w));
  if (g.callees.length > 0 && g.rng.chance(0.5)) genCall(g);
  let acc = values[count - 1]!;
  for (let k = count - 2; k >= 0; k--) {
    const opcode = g.rng.pick(['add', 'xor', 'sub', 'or', 'mul']);
    acc = g.op(opcode, [w], [acc, values[k]!], w);
  }
}

// ---- whole functions -------------------------------------------------------------------

/** Generates a function body of about `size` constructs; sets its step bound in `plan.cost`. */
export function genFunction(
  ctx: ModuleContext,
  plan: FunctionPlan,
  callees: readonly FunctionPlan[],
  budget: number,
  size: number,
): void {
  const g = new Gen(ctx, plan, callees, budget);
  genRegion(g, size);
  g.returnHere();
  plan.cost = g.end();
}

/**
 * A helper that calls itself: its first parameter is a depth, masked to at
 * most `maxDepth`; at 0 it returns from `^base`, else it calls itself with
 * depth - 1. Its step bound is (maxDepth + 1) times one activation's.
 */
export function genRecursiveFunction(
  ctx: ModuleContext,
  plan: FunctionPlan,
  callees: readonly FunctionPlan[],
  budget: number,
  size: number,
): void {
  const maxDepth = ctx.rng.pick([1, 3, 7]);
  const g = new Gen(ctx, plan, callees, Math.floor(budget / (maxDepth + 1)));
  const w = plan.params[0]!;
  const depth = g.op('and', [w], [g.pool[0]!, BigInt(maxDepth)], w, { keep: false });
  const base = g.newLabel('base', g.chooseWidths(3));
  const atZero = g.rng.chance(0.5)
    ? g.op('eqz', [w], [depth], 1, { keep: false })
    : g.op('le_u', [w], [depth, 0n], 1, { keep: false });
  g.brIf(atZero, base, g.operandsFor(base.widths));
  // The depth lives through whatever blocks the region opens.
  const slot: CarriedSlot = { value: depth };
  g.carried.push(slot);
  genRegion(g, g.rng.range(1, size));
  g.carried.pop();
  const less = g.op('sub', [w], [slot.value, 1n], w, { keep: false });
  const args = plan.params.slice(1).map((pw) => g.operand(pw, 0.15));
  g.add(
    'call',
    [],
    [func(plan.name), less, ...args],
    plan.results.map((rw) => draftValue(rw)),
  );
  genRegion(g, g.rng.range(1, size));
  g.returnHere();
  g.start(base);
  genRegion(g, g.rng.range(0, size));
  g.returnHere();
  plan.cost = g.end() * (maxDepth + 1);
}
