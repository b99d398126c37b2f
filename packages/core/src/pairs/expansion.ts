/**
 * The expansion of one Low IR action into narrower actions, for the pair
 * legalization (stage.ts): a rule (rules-*.ts) builds a small graph of new
 * actions whose inputs are the halves of the action's operands, then `emit`
 * writes it out with exact use counts, which a rule never counts by hand:
 *
 * - every input (`use`) holds the one use of an existing value that the
 *   original operand consumed; it is cloned when the graph reads it more
 *   than once and dropped when it reads it not at all (clones come first,
 *   then drops, then the actions, so a clone never finds its value gone);
 * - a new action's result is declared with as many uses as the graph reads
 *   it, plus those `keep` adds (the uses of the original result it stands
 *   for);
 * - pure actions nobody reads are not emitted, pure actions whose
 *   operands are all immediates are folded into an immediate with the
 *   action's own evaluator (so a constant's halves stay immediates), and
 *   an immediate that makes an action one of its operands or a constant
 *   (x + 0, x & 0, x * 1, a select on a known condition) makes it that.
 *
 * The graph of one action has a bounded size: the work stays O(1) per
 * original action.
 */
import { type Action, type ActionRegistry, type Operand, type ValueDef, wrap } from '@lirc/low-ir';
import { CompileError } from '../compiler/errors.js';

/** What an expansion writes to: fresh value ids and the output stream. */
export interface ExpansionTarget {
  readonly registry: ActionRegistry;
  readonly pointerWidth: number;
  /** A fresh value id of the output function. */
  newId(): number;
  /** Writes one action to the output. */
  emit(action: Action): void;
}

/** Something the graph counts reads of: an input use or a new action's result. */
abstract class Item {
  /** Reads by live actions of the graph, plus uses kept for outside. */
  refs = 0;
  /** A name for the output value (results the stage names after the original). */
  name: string | undefined;
}

/** One use of an existing value of the output stream. */
class Input extends Item {
  constructor(readonly operand: Operand) {
    super();
  }
}

/** One result of a new action. */
class Result extends Item {
  id = -1;
  constructor(
    readonly node: Node,
    readonly width: number,
  ) {
    super();
  }
}

/** A new action. */
interface Node {
  readonly opcode: string;
  readonly widths: readonly number[];
  readonly args: readonly (Ref | Operand)[];
  readonly results: Result[];
  readonly pure: boolean;
  dead: boolean;
}

/** An operand inside an expansion: an immediate or a counted item. */
export type Ref = bigint | Item;

/** A 64-bit value as its two 32-bit halves, low first. */
export interface Halves {
  readonly lo: Ref;
  readonly hi: Ref;
}

/** Whether `x` is a Ref rather than a plain Low IR operand (a symbol, a function). */
function isRef(x: Ref | Operand): x is Ref {
  return typeof x === 'bigint' || x instanceof Item;
}

/** The graph of one action's expansion; see the module comment. */
export class Expansion {
  private readonly inputs: Input[] = [];
  private readonly nodes: Node[] = [];
  /** The functions the expansion calls (the stage adds the helpers among them to the module). */
  readonly called: string[] = [];

  constructor(private readonly target: ExpansionTarget) {}

  /** One use of an existing operand (an immediate stays one). */
  use(operand: Operand): Ref {
    if (operand.kind === 'imm') return operand.value;
    const input = new Input(operand);
    this.inputs.push(input);
    return input;
  }

  /**
   * A pure action with one result (its width from the registry). With only
   * immediate operands it is folded into the immediate it computes.
   */
  op(opcode: string, widths: number | readonly number[], args: readonly Ref[]): Ref {
    const ws = typeof widths === 'number' ? [widths] : widths;
    const spec = this.spec(opcode);
    if (!spec.effects.pure)
      throw new CompileError(
        `internal: op() of '${opcode}', which is not pure (use read or effect)`,
      );
    const sig = spec.signature(ws, this.target.pointerWidth);
    const simpler = simplify(opcode, ws[0] ?? 0, args);
    if (simpler !== undefined) return simpler;
    if (args.every((a) => typeof a === 'bigint') && spec.evaluate !== undefined) {
      const widthOf = (k: number) => {
        const rule = sig.operands[k];
        return rule?.kind === 'value' && rule.width !== 'any' ? rule.width : 64;
      };
      const values = (args as bigint[]).map((a, k) => wrap(a, widthOf(k)));
      const folded = spec.evaluate(ws)(values, NO_MEMORY);
      if (folded !== undefined) return folded;
    }
    return this.node(opcode, ws, args, resultWidths(sig.results), true)[0]!;
  }

  /** An action with one result that is not pure (a load: it may trap, so it stays even unread). */
  read(opcode: string, widths: readonly number[], args: readonly Ref[]): Ref {
    const sig = this.spec(opcode).signature(widths, this.target.pointerWidth);
    return this.node(opcode, widths, args, resultWidths(sig.results), false)[0]!;
  }

  /**
   * A 64-bit value from its halves (`join.64.32`), for a float action that
   * takes it whole; never folded (a machine that keeps 64-bit integers in
   * pairs may have no other way to put a 64-bit constant in a float register).
   */
  join(h: Halves): Ref {
    return this.node('join', [64, 32], [h.lo, h.hi], [64], true)[0]!;
  }

  /** A constant as a value of `width` (for a result that must be a value). */
  materialize(ref: Ref, width: number): Ref {
    if (typeof ref !== 'bigint') return ref;
    return this.node('const', [width], [ref], [width], true)[0]!;
  }

  /** An action kept for its effect (a store, a `trap_if`); it has no result. */
  effect(opcode: string, widths: readonly number[], args: readonly (Ref | Operand)[]): void {
    this.node(opcode, widths, args, [], false);
  }

  /** A call of `callee` with results of `widths`: one result each. */
  call(callee: string, args: readonly Ref[], widths: readonly number[]): Ref[] {
    this.called.push(callee);
    return this.node('call', [], [{ kind: 'func', name: callee }, ...args], widths, false);
  }

  /** Counts `uses` reads of `ref` from outside the expansion (the uses of the result it stands for). */
  keep(ref: Ref, uses: number, name?: string): void {
    if (typeof ref === 'bigint') return;
    ref.refs += uses;
    if (name !== undefined && ref instanceof Result && ref.name === undefined) ref.name = name;
  }

  /** Writes the expansion (see the module comment). */
  emit(): void {
    for (let k = this.nodes.length - 1; k >= 0; k--) {
      const n = this.nodes[k]!;
      if (!n.pure || n.results.some((r) => r.refs > 0)) continue;
      n.dead = true;
      for (const a of n.args) if (a instanceof Item) a.refs--;
    }
    for (const i of this.inputs)
      if (i.refs > 1) this.write('clone', [i.operand, { kind: 'imm', value: BigInt(i.refs - 1) }]);
    for (const i of this.inputs) if (i.refs === 0) this.write('drop', [i.operand]);
    for (const n of this.nodes) {
      if (n.dead) continue;
      const results: ValueDef[] = n.results.map((r) => {
        r.id = this.target.newId();
        return {
          id: r.id,
          width: r.width,
          uses: r.refs,
          ...(r.name !== undefined ? { name: r.name } : {}),
        };
      });
      this.target.emit({
        opcode: n.opcode,
        widths: n.widths,
        results,
        operands: n.args.map((a) => (isRef(a) ? operandOf(a) : a)),
      });
    }
  }

  private write(opcode: string, operands: Operand[]): void {
    this.target.emit({ opcode, widths: [], results: [], operands });
  }

  private node(
    opcode: string,
    widths: readonly number[],
    args: readonly (Ref | Operand)[],
    results: readonly number[],
    pure: boolean,
  ): Ref[] {
    const node: Node = { opcode, widths, args, results: [], pure, dead: false };
    for (const a of args) if (a instanceof Item) a.refs++;
    for (const w of results) node.results.push(new Result(node, w));
    this.nodes.push(node);
    return node.results;
  }

  private spec(opcode: string) {
    const spec = this.target.registry.get(opcode);
    if (spec === undefined) throw new CompileError(`the pair legalization needs '${opcode}'`);
    return spec;
  }
}

/** The output operand a ref stands for (after `emit`). */
export function operandOf(ref: Ref): Operand {
  if (typeof ref === 'bigint') return { kind: 'imm', value: ref };
  if (ref instanceof Input) return ref.operand;
  const id = (ref as Result).id;
  if (id < 0)
    throw new CompileError('internal: a result of a pair expansion read before it was emitted');
  return { kind: 'value', id };
}

/**
 * An operation with an immediate operand that gives one of its operands or a
 * constant whatever the other is (x + 0, x & 0, x * 1, a select on a known
 * condition…), or undefined.
 */
function simplify(opcode: string, width: number, args: readonly Ref[]): Ref | undefined {
  const [a, b, c] = args;
  if (a === undefined || b === undefined) return undefined;
  const ones = (1n << BigInt(width)) - 1n;
  const is = (r: Ref, v: bigint) => typeof r === 'bigint' && BigInt.asUintN(width, r) === v;
  switch (opcode) {
    case 'add':
    case 'or':
    case 'xor':
      if (is(b, 0n)) return a;
      if (is(a, 0n)) return b;
      if (opcode === 'or' && (is(a, ones) || is(b, ones))) return ones;
      return undefined;
    case 'sub':
    case 'shl':
    case 'shr_u':
    case 'shr_s':
      return is(b, 0n) ? a : undefined;
    case 'and':
      if (is(a, 0n) || is(b, 0n)) return 0n;
      if (is(b, ones)) return a;
      return is(a, ones) ? b : undefined;
    case 'mul':
      if (is(a, 0n) || is(b, 0n)) return 0n;
      if (is(b, 1n)) return a;
      return is(a, 1n) ? b : undefined;
    case 'select':
      if (c === undefined || typeof a !== 'bigint') return undefined;
      return (a & 1n) === 1n ? b : c;
    default:
      return undefined;
  }
}

function resultWidths(results: readonly number[] | 'declared'): readonly number[] {
  if (results === 'declared')
    throw new CompileError('internal: op() of an action with declared results');
  return results;
}

/** Folding reads no memory: only pure actions are folded. */
const NO_MEMORY = {
  memory: {
    load(): bigint {
      throw new CompileError('internal: a folded action read memory');
    },
    store(): void {
      throw new CompileError('internal: a folded action wrote memory');
    },
  },
};
