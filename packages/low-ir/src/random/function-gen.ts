/**
 * The state of the generator inside one function: the block being drafted,
 * the pool of values live in it, values carried through every block of an
 * enclosing construct (loop counters and bounds), labels, and the running
 * upper bound of interpreter steps. The action and control generators
 * (actions-gen.ts, control-gen.ts) work through the small API here: pick an
 * operand of a width, add an action, branch, jump, start a block.
 */
import type { FunctionBuilder, ModuleBuilder } from '../builder.js';
import { sym } from '../builder.js';
import {
  BlockDraft,
  type DraftOperand,
  type DraftValue,
  draftValue,
  emitBlock,
  isDraft,
  type LabelSlot,
  labelOf,
} from './draft.js';
import type { ResolvedOptions } from './options.js';
import { edgeInteger, type Prng } from './prng.js';

/** A function of the module as its callers see it. */
export interface FunctionPlan {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Index of the depth parameter of a self-recursive helper. */
  readonly depthParam?: number;
  /** Upper bound of interpreter steps of one call (known once the body is generated). */
  cost: number;
}

/** The memory region the module's loads and stores stay in. */
export interface MemoryLayout {
  /** Memory size in bytes (`memory N`). */
  readonly size: number;
  /** First byte of the region. */
  readonly base: number;
  /** Region size in bytes (a power of two; base + region ≤ size). */
  readonly region: number;
}

/** What a function's generator sees of the module. */
export interface ModuleContext {
  readonly rng: Prng;
  readonly opts: ResolvedOptions;
  readonly mb: ModuleBuilder;
  readonly memory: MemoryLayout | undefined;
}

/** A label with the number of carried values it takes first and the widths of the rest. */
export interface LabelInfo {
  readonly slot: LabelSlot;
  /** How many carried values (outermost first) every branch to it passes first. */
  readonly depth: number;
  /** Widths of the other parameters. */
  readonly widths: readonly number[];
}

/** An enclosing loop, for `br_if` out of its body. */
export interface LoopInfo {
  readonly exit: LabelInfo;
}

/** A value passed through every block of an enclosing construct. */
export interface CarriedSlot {
  value: DraftValue;
}

const CONDITIONS = ['eq', 'ne', 'lt_s', 'lt_u', 'le_s', 'le_u', 'gt_s', 'gt_u', 'ge_s', 'ge_u'];

/** The generator's state inside one function. */
export class FnGen {
  readonly rng: Prng;
  readonly opts: ResolvedOptions;
  /** The builder's function, once the first block is emitted. */
  private fb: FunctionBuilder | undefined;
  /** The block being drafted; undefined right after a terminator. */
  private block: BlockDraft | undefined;
  /** Values usable in the current block. */
  pool: DraftValue[] = [];
  /** Values every branch within the current construct passes first (the accumulator, then loop counters…). */
  readonly carried: CarriedSlot[] = [];
  /** How many times the current code may run per call (product of enclosing trip counts). */
  mult = 1;
  /** Steps of the blocks emitted so far (each action times its block's multiplicity). */
  private cost = 0;
  /** Nesting depth of diamonds and loops. */
  nesting = 0;
  readonly loops: LoopInfo[] = [];
  private labelCount = 0;
  private retLabel: LabelInfo | undefined;
  private trapBlock: LabelInfo | undefined;

  constructor(
    readonly ctx: ModuleContext,
    readonly plan: FunctionPlan,
    /** The functions this one may call. */
    readonly callees: readonly FunctionPlan[],
    /** Upper bound of steps for one call of this function. */
    readonly budget: number,
  ) {
    this.rng = ctx.rng;
    this.opts = ctx.opts;
    const params = plan.params.map((w) => draftValue(w));
    this.block = new BlockDraft(undefined, params, 1);
    this.pool = [...params];
    const accWidth = this.opts.widths[this.opts.widths.length - 1]!;
    const seedValue = params.find((p) => p.width === accWidth);
    const init =
      seedValue ?? this.op('const', [accWidth], [edgeInteger(this.rng, accWidth)], accWidth);
    this.carried.push({ value: init });
  }

  /** The accumulator: carried through every block, mixed with values, folded into the results. */
  get acc(): DraftValue {
    return this.carried[0]!.value;
  }

  /** Mixes `v` (default: a recent pool value) into the accumulator, so it is observable. */
  mix(v?: DraftValue): void {
    const cands = this.pool.filter((x) => !x.float);
    const source =
      v ??
      (cands.length > 0
        ? cands[cands.length - 1 - this.rng.below(Math.min(3, cands.length))]
        : undefined);
    if (source === undefined) return;
    const w = this.acc.width;
    const x = source.width === w ? source : this.convert(source, w, false);
    const opcode = this.rng.pick(['xor', 'add', 'sub', 'xor']);
    let acc = this.acc;
    if (this.rng.chance(0.3))
      acc = this.op('rotl', [w], [acc, BigInt(this.rng.range(1, w - 1))], w, { keep: false });
    this.carried[0]!.value = this.op(opcode, [w], [acc, x], w, { keep: false });
  }

  /** Operands for the function's results; the first is combined with the accumulator. */
  resultOperands(): DraftOperand[] {
    const results = this.operandsFor(this.plan.results, 0.05);
    if (results.length === 0) return results;
    const w = this.plan.results[0]!;
    const acc = this.acc.width === w ? this.acc : this.convert(this.acc, w, false);
    results[0] = this.op(this.rng.pick(['xor', 'add']), [w], [results[0]!, acc], w, {
      keep: false,
    });
    return results;
  }

  /** An estimate (from above) of the steps generated so far. */
  spent(): number {
    const pending = this.block ? this.block.items.length * this.block.mult * 2 : 0;
    return this.cost + pending;
  }

  /** Steps still available. */
  room(): number {
    return this.budget - this.spent();
  }

  /** Accounts for `steps` more per run of the current code (a callee's steps). */
  charge(steps: number): void {
    this.cost += steps * this.mult;
  }

  /** Whether code costing `steps` per run may be added at the current multiplicity. */
  affords(steps: number): boolean {
    return this.mult * steps * 2 <= this.room();
  }

  // ---- actions -------------------------------------------------------------------

  /** Drafts an action; its results join the pool unless `keep` is false. */
  add(
    opcode: string,
    widths: readonly number[],
    operands: readonly DraftOperand[],
    results: readonly DraftValue[] = [],
    keep = true,
  ): readonly DraftValue[] {
    const block = this.current();
    block.items.push({ opcode, widths, operands, results });
    if (keep) this.pool.push(...results);
    return results;
  }

  /** Drafts an action with one result of `width` and returns it. */
  op(
    opcode: string,
    widths: readonly number[],
    operands: readonly DraftOperand[],
    width: number,
    options: { float?: boolean; keep?: boolean } = {},
  ): DraftValue {
    const r = draftValue(width, options.float ?? false);
    this.add(opcode, widths, operands, [r], options.keep ?? true);
    return r;
  }

  /** A random integer width of the allowed ones. */
  intWidth(): number {
    return this.rng.pick(this.opts.widths);
  }

  /** A pool value of this width (and floatness), favouring recent ones. */
  find(width: number, float = false): DraftValue | undefined {
    const cands = this.pool.filter((v) => v.width === width && v.float === float);
    if (cands.length === 0) return undefined;
    if (this.rng.chance(0.6))
      return cands[cands.length - 1 - this.rng.below(Math.min(4, cands.length))];
    return this.rng.pick(cands);
  }

  /** A value of `width` (never an immediate): from the pool, converted from another, or a constant. */
  value(width: number): DraftValue {
    const found = this.rng.chance(0.9) ? this.find(width) : undefined;
    if (found) return found;
    const others = this.pool.filter((v) => !v.float && v.width !== width);
    if (others.length > 0 && this.rng.chance(0.8))
      return this.convert(this.rng.pick(others), width);
    return this.op('const', [width], [edgeInteger(this.rng, width)], width);
  }

  /** An operand of `width`: an edge-case immediate with probability `immRate`, else a value. */
  operand(width: number, immRate = 0.15): DraftOperand {
    if (this.rng.chance(immRate)) return edgeInteger(this.rng, width);
    return this.value(width);
  }

  /** `v` as a `to`-bit value (zext/sext up, trunc down, copy when equal). */
  convert(v: DraftValue, to: number, keep = true): DraftValue {
    if (v.width === to) return this.op('copy', [to], [v], to, { keep });
    if (v.width < to) {
      const opcode = this.rng.chance(0.5) ? 'zext' : 'sext';
      return this.op(opcode, [to, v.width], [v], to, { keep });
    }
    return this.op('trunc', [to, v.width], [v], to, { keep });
  }

  /** A 1-bit condition: a pool flag, a new comparison or flag, or rarely an immediate. */
  cond(): DraftOperand {
    const r = this.rng.below(100);
    if (r < 3) return this.rng.pick([0n, 1n]);
    if (r < 35) {
      const flag = this.find(1);
      if (flag) return flag;
    }
    const w = this.intWidth();
    const a = this.value(w);
    const kind = this.rng.below(10);
    if (kind === 0) return this.op(this.rng.pick(['eqz', 'sign']), [w], [a], 1);
    if (kind === 1) {
      const opcode = this.rng.pick(['add_carry', 'add_overflow', 'sub_overflow']);
      return this.op(opcode, [w], [a, this.operand(w)], 1);
    }
    return this.op(this.rng.pick(CONDITIONS), [w], [a, this.operand(w, 0.4)], 1);
  }

  // ---- blocks and labels ------------------------------------------------------------

  /** A new label taking the first `depth` carried values, then parameters of `widths`. */
  newLabel(kind: string, widths: readonly number[], depth = this.carried.length): LabelInfo {
    const slot: LabelSlot = { kind: 'slot', name: `${kind}${this.labelCount++}` };
    return { slot, depth, widths };
  }

  /** Widths for the extra parameters of a new label: some pool values' widths. */
  chooseWidths(max: number): number[] {
    const allowed = (v: DraftValue) =>
      !v.float && (v.width !== 1 || this.rng.chance(0.3)) && v.width <= 64;
    const cands = this.pool
      .filter(allowed)
      .filter((v) => v.width === 1 || this.opts.widths.includes(v.width));
    return this.rng.sample(cands, this.rng.range(0, max)).map((v) => v.width);
  }

  /** Operands for parameters of `widths` (pool values, sometimes immediates). */
  operandsFor(widths: readonly number[], immRate = 0.1): DraftOperand[] {
    const used = new Set<DraftValue>();
    return widths.map((w) => {
      // Prefer distinct values, so a branch passes many different values.
      const fresh = this.pool.filter((v) => v.width === w && !v.float && !used.has(v));
      if (fresh.length > 0 && !this.rng.chance(immRate)) {
        const v = this.rng.chance(0.5) ? fresh[fresh.length - 1]! : this.rng.pick(fresh);
        used.add(v);
        return v;
      }
      return this.operand(w, immRate);
    });
  }

  /** The operands of a branch to `info`: the carried values, then `extras`. */
  private branchOperands(info: LabelInfo, extras: readonly DraftOperand[]): DraftOperand[] {
    if (this.carried.length < info.depth)
      throw new Error('generator bug: branch to an outer label');
    if (
      info.widths.length !== extras.length ||
      extras.some((e, k) => isDraft(e) && e.width !== info.widths[k])
    ) {
      throw new Error(`generator bug: arguments do not match ^${info.slot.name}`);
    }
    return [...this.carried.slice(0, info.depth).map((s) => s.value), ...extras];
  }

  /** Ends the block with `jump ^label(carried…, extras…)`. */
  jump(info: LabelInfo, extras: readonly DraftOperand[]): void {
    this.terminate('jump', [info.slot, ...this.branchOperands(info, extras)]);
  }

  /** `br_if cond, ^label(carried…, extras…)`; the block goes on. */
  brIf(cond: DraftOperand, info: LabelInfo, extras: readonly DraftOperand[]): void {
    this.add('br_if', [], [cond, info.slot, ...this.branchOperands(info, extras)]);
  }

  /** Ends the current block with a terminator and streams it through the builder. */
  terminate(opcode: string, operands: readonly DraftOperand[]): void {
    const block = this.current();
    block.items.push({ opcode, widths: [], operands, results: [] });
    const style = { cloneRate: 0.12, dropRate: 0.4 };
    const emitted = emitBlock(
      block,
      this.rng,
      style,
      () => this.fb!,
      (params) => {
        if (block.label === undefined) {
          const p = this.plan;
          this.fb = this.ctx.mb.function(p.name, params, p.results);
          return this.fb.params;
        }
        return this.fb!.bind(labelOf(block.label, this.fb!), params);
      },
    );
    this.cost += emitted * block.mult;
    this.block = undefined;
    this.pool = [];
  }

  /** Starts the block of `info`: carried values and extras become its parameters. */
  start(info: LabelInfo): void {
    if (this.block !== undefined) throw new Error('generator bug: falling through into a label');
    if (this.carried.length !== info.depth) throw new Error('generator bug: label depth mismatch');
    const carried = this.carried.map((s) => (s.value = draftValue(s.value.width)));
    const extras = info.widths.map((w) => draftValue(w));
    const params = [...carried, ...extras];
    this.block = new BlockDraft(info.slot, params, this.mult);
    this.pool = [...params];
  }

  private current(): BlockDraft {
    if (this.block === undefined) throw new Error('generator bug: action after a terminator');
    return this.block;
  }

  // ---- shared exit blocks --------------------------------------------------------------

  /** The function's shared return block `^ret(results…)`. */
  returnLabel(): LabelInfo {
    this.retLabel ??= this.newLabel('ret', this.plan.results, 0);
    return this.retLabel;
  }

  /** The function's shared `^trap` block (`trap unreachable`). */
  trapLabel(): LabelInfo {
    this.trapBlock ??= this.newLabel('trap', [], 0);
    return this.trapBlock;
  }

  /** Ends the current block by returning values of the result widths (or jumping to `^ret`). */
  returnHere(): void {
    if (this.carried.length !== 1) throw new Error('generator bug: return inside a loop');
    const results = this.resultOperands();
    if (this.retLabel !== undefined && this.rng.chance(0.5)) this.jump(this.retLabel, results);
    else this.terminate('return', results);
  }

  /** Emits the shared return and trap blocks (if used) and ends the function; returns its step bound. */
  end(): number {
    this.mult = 1;
    this.carried.length = 0;
    if (this.retLabel?.slot.label !== undefined) {
      this.start(this.retLabel);
      this.terminate('return', [...this.pool]);
    }
    if (this.trapBlock?.slot.label !== undefined) {
      this.start(this.trapBlock);
      this.terminate('trap', [sym('unreachable')]);
    }
    this.fb!.end();
    return this.cost;
  }
}
