/**
 * The pair legalization: a Low IR → Low IR stage for machines whose integer
 * registers are 32 bits wide. Every 64-bit value `%x` becomes two 32-bit
 * values, its low and high halves, each with the uses `%x` has; every
 * action on 64-bit values becomes 32-bit actions (rules.ts,
 * rules-shift.ts, built and counted by expansion.ts); parameters, results
 * and arguments are split low half first (flow.ts); division, remainder
 * and `mulh` call helpers written in Low IR (helpers.ts), which the stage
 * adds to the module after the first function that uses them. Actions
 * without 64-bit values pass through with their values renamed.
 *
 * The stage streams: each action is rewritten when it arrives, in O(1)
 * work, holding only the live values of the current block (values.ts).
 * The ModuleCompiler puts it in front of its function compiler when
 * `splitsWideIntegers` holds for the machine; its output is plain Low IR,
 * so a ModuleCollector (or the interpreter behind one) can take it too.
 *
 * A 64-bit float stays whole where a float action defines it, and float
 * actions take their 64-bit operands whole, joined from halves where they
 * were pairs (`join.64.32`); a whole value is split (`trunc.32.64`,
 * `high.32.64`) for each use that needs halves: integer actions, control
 * flow, calls and returns, so every value that crosses a label, a call or
 * a return is a pair (rules-float.ts, which also has the conversions
 * between 64-bit integers and floats). The decision is made at each use,
 * from the value's entry: O(1).
 *
 * Not handled yet (a CompileError names the action): concrete locations
 * (`in $reg`, `in [n]`) on 64-bit CC entries.
 */
import type { MachineDefinition } from '@lirc/asmquery';
import {
  type Action,
  type ActionRegistry,
  type FunctionHeader,
  formatAction,
  type LabelDef,
  type LowIrSink,
  type ModuleHeader,
  type Operand,
  type ResultSlot,
  STANDARD_REGISTRY,
} from '@lirc/low-ir';
import { CompileError } from '../compiler/errors.js';
import { Expansion, type ExpansionTarget, operandOf, type Ref } from './expansion.js';
import { PairFlow } from './flow.js';
import { emitHelper, isHelper, withCallees } from './helpers.js';
import { type Arg, isHalves } from './rule.js';
import { RULES } from './rules.js';
import { FLOAT_RULES, isFloatOperand, WHOLE_SELECT } from './rules-float.js';
import {
  HALF_WIDTH,
  halfLocation,
  halfName,
  splitImmediate,
  ValueMap,
  valueOperand,
} from './values.js';

/**
 * Whether a machine keeps 64-bit integers in pairs of 32-bit registers: the
 * register class untyped values go to (the first class of its ABI's
 * argument registers) holds 32-bit values but not 64-bit ones.
 */
export function splitsWideIntegers(def: MachineDefinition): boolean {
  const first = Object.keys(def.abi.args)[0];
  const integers = def.classes.find((c) => c.name === first);
  const widths = integers?.widths ?? [];
  return widths.includes(32) && !widths.includes(64);
}

/** Options of the pair stage. */
export interface PairStageOptions {
  /** The action registry (the machine's); the standard one by default. */
  readonly registry?: ActionRegistry;
  /** The machine's name, for messages. */
  readonly machine?: string;
}

/** The pair legalization as a sink that writes the rewritten stream to `out`. */
export class PairLegalizer implements LowIrSink {
  private readonly registry: ActionRegistry;
  private readonly values = new ValueMap();
  private readonly flow: PairFlow;
  private readonly target: ExpansionTarget;
  private pointerWidth = 32;
  private header: FunctionHeader | undefined;
  /** Helpers already in the module, and those the current function calls. */
  private readonly emitted = new Set<string>();
  private wanted: string[] = [];
  private current: Action | undefined;

  constructor(
    private readonly out: LowIrSink,
    private readonly options: PairStageOptions = {},
  ) {
    this.registry = options.registry ?? STANDARD_REGISTRY;
    this.flow = new PairFlow(this.values, out);
    this.values.splitter = (whole) => this.split(whole);
    this.target = {
      registry: this.registry,
      pointerWidth: 32,
      newId: () => this.values.newId(),
      emit: (a) => {
        const pos = this.current?.pos;
        out.action(pos !== undefined ? { ...a, pos } : a);
      },
    };
  }

  module(header: ModuleHeader): void {
    if (header.pointerWidth !== HALF_WIDTH)
      throw new CompileError(
        `the module has ${header.pointerWidth}-bit pointers, but ${this.machine()} keeps 64-bit values in pairs of 32-bit registers`,
      );
    this.pointerWidth = header.pointerWidth;
    const split = (widths: readonly number[]) =>
      widths.flatMap((w) => (w === 64 ? [HALF_WIDTH, HALF_WIDTH] : [w]));
    for (const e of header.externs) this.flow.declare(e.name, e.params);
    this.out.module({
      ...header,
      externs: header.externs.map((e) => ({
        ...e,
        params: split(e.params),
        results: split(e.results),
      })),
    });
  }

  beginFunction(header: FunctionHeader): void {
    this.flow.beginFunction(header);
    this.header = header;
    this.values.reset();
    const params = header.params.flatMap((p, k) =>
      this.values.define(p, () => `parameter ${k + 1} of @${header.name}`),
    );
    const results = header.results.flatMap((r, k): ResultSlot[] => {
      if (r.width !== 64) return [r];
      const loc = halfLocation(r.loc, () => `result ${k + 1} of @${header.name}`);
      const half = { width: HALF_WIDTH, ...(loc !== undefined ? { loc } : {}) };
      return [half, half];
    });
    this.out.beginFunction({ ...header, params, results });
  }

  label(def: LabelDef): void {
    this.flow.label(def);
  }

  action(a: Action): void {
    this.current = a;
    switch (a.opcode) {
      case 'jump':
      case 'br_if':
        this.flow.branch(a);
        break;
      case 'return':
        this.flow.ret(a);
        break;
      case 'call':
      case 'call_indirect':
        this.flow.call(a);
        break;
      case 'clone':
      case 'drop':
        this.retain(a);
        break;
      default:
        if (a.widths.includes(64)) this.expand(a);
        else this.pass(a);
    }
  }

  endFunction(): void {
    this.flow.endFunction();
    this.out.endFunction();
    for (const name of this.wanted.flatMap(withCallees)) {
      if (this.emitted.has(name)) continue;
      this.emitted.add(name);
      emitHelper(name, this.out);
    }
    this.wanted = [];
    this.header = undefined;
  }

  endModule(): void {
    this.out.endModule();
  }

  /** An action without 64-bit values: its values renamed. */
  private pass(a: Action): void {
    const operands = this.flow.narrowOperands(a.operands);
    const results = a.results.flatMap((r) => this.values.define(r, () => 'a result'));
    if (a.opcode === 'func_addr' && a.results[0] && a.operands[0]?.kind === 'func') {
      const e = this.values.get(a.results[0].id);
      if (e.kind === 'one') this.values.bind(a.results[0].id, { ...e, func: a.operands[0].name });
    }
    this.out.action({ ...a, operands, results });
  }

  /** `clone` and `drop`: of both halves of a 64-bit value (its immediate halves need none). */
  private retain(a: Action): void {
    const [v, n] = a.operands;
    if (v?.kind !== 'value') throw new CompileError(`internal: ${a.opcode} of a ${v?.kind}`);
    const cloning = a.opcode === 'clone';
    const e = cloning ? this.values.get(v.id) : this.values.consumeWhole(v.id);
    if (cloning && n?.kind === 'imm') e.left += Number(n.value);
    const halves = e.kind === 'pair' ? [e.lo, e.hi] : [e.operand];
    for (const h of halves)
      if (h.kind === 'value') this.out.action({ ...a, operands: [h, ...a.operands.slice(1)] });
  }

  /** An action with 64 among its widths, through its rule. */
  private expand(a: Action): void {
    const select = a.opcode === 'select' && this.selectsWhole(a);
    const floats = select || FLOAT_RULES.has(a.opcode);
    const rule = select ? WHOLE_SELECT : (FLOAT_RULES.get(a.opcode) ?? RULES.get(a.opcode));
    const spec = this.registry.get(a.opcode);
    if (rule === undefined || spec === undefined) throw this.unsupported(a);
    const sig = spec.signature(a.widths, this.pointerWidth);
    const x = new Expansion(this.target);
    const args = a.operands.map((op, k): Arg => {
      const operandRule = sig.operands[k];
      const wide =
        (operandRule?.kind === 'value' || operandRule?.kind === 'imm') && operandRule.width === 64;
      // A 64-bit float operand is taken whole (rules-float.ts).
      const whole = wide && floats && (select ? k > 0 : isFloatOperand(a.opcode, k));
      if (op.kind === 'imm') {
        if (!wide) return op.value;
        const [lo, hi] = splitImmediate(op.value);
        return whole ? x.join({ lo, hi }) : { lo, hi };
      }
      if (op.kind !== 'value') throw this.unsupported(a);
      const e = whole ? this.values.consumeWhole(op.id) : this.values.consume(op.id);
      if (e.kind === 'pair') {
        const h = { lo: x.use(e.lo), hi: x.use(e.hi) };
        return whole ? x.join(h) : h;
      }
      return x.use(e.operand);
    });
    const result = rule(x, args, a.widths);
    const r = a.results[0];
    let kept: { lo: Ref; hi: Ref } | Ref | undefined;
    if (r !== undefined) {
      if (r.width === 64 && typeof result === 'bigint') {
        const [lo, hi] = splitImmediate(result);
        kept = { lo, hi };
      } else if (r.width === 64 && result !== undefined && !isHalves(result)) {
        x.keep(result, r.uses, r.name);
        kept = result;
      } else if (r.width === 64) {
        if (result === undefined || !isHalves(result)) throw this.unsupported(a);
        x.keep(result.lo, r.uses, halfName(r.name, 'lo'));
        x.keep(result.hi, r.uses, halfName(r.name, 'hi'));
        kept = result;
      } else {
        if (result === undefined || isHalves(result)) throw this.unsupported(a);
        kept = x.materialize(result, r.width);
        x.keep(kept, r.uses, r.name);
      }
    }
    x.emit();
    if (r !== undefined && kept !== undefined && r.uses > 0) {
      const named = r.name !== undefined ? { name: r.name } : {};
      this.values.bind(
        r.id,
        isHalves(kept)
          ? { kind: 'pair', lo: operandOf(kept.lo), hi: operandOf(kept.hi), left: r.uses, ...named }
          : r.width === 64
            ? { kind: 'whole', operand: operandOf(kept), left: r.uses, ...named }
            : { kind: 'one', operand: operandOf(kept), width: r.width, left: r.uses, ...named },
      );
    }
    for (const name of x.called) if (isHelper(name)) this.wanted.push(name);
  }

  /** Whether a `select.64` chooses between floats kept whole (either of them is). */
  private selectsWhole(a: Action): boolean {
    return a.operands
      .slice(1)
      .some((op) => op.kind === 'value' && this.values.get(op.id).kind === 'whole');
  }

  /**
   * One use of a whole 64-bit float as one use of each half: `clone` it,
   * then `trunc.32.64` and `high.32.64` (the machine has them, through
   * memory if it must).
   */
  private split(whole: Operand): [Operand, Operand] {
    const pos = this.current?.pos;
    const at = pos !== undefined ? { pos } : {};
    this.out.action({
      opcode: 'clone',
      widths: [],
      results: [],
      operands: [whole, { kind: 'imm', value: 1n }],
      ...at,
    });
    return (['trunc', 'high'] as const).map((opcode): Operand => {
      const id = this.values.newId();
      this.out.action({
        opcode,
        widths: [HALF_WIDTH, 64],
        operands: [whole],
        results: [{ id, width: HALF_WIDTH, uses: 1 }],
        ...at,
      });
      return valueOperand(id);
    }) as [Operand, Operand];
  }

  private unsupported(a: Action): CompileError {
    const text = formatAction(a, (id) => this.values.nameOf(id), this.registry);
    return new CompileError(
      `@${this.header?.name ?? '?'}: ${this.machine()} keeps 64-bit values in pairs of 32-bit registers, and the pair legalization does not handle \`${text}\` yet`,
    );
  }

  private machine(): string {
    return this.options.machine ?? 'this machine';
  }
}
