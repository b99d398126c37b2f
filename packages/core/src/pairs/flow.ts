/**
 * Control flow and calls in the pair stage (stage.ts): the arguments of
 * `jump`, `br_if`, `return`, `call` and `call_indirect`, label parameters
 * and call results, with every 64-bit value split into its halves, low
 * first (the 32-bit psABI order for a 64-bit argument of a host function).
 *
 * A value argument carries its own width; an immediate takes the width of
 * the parameter it goes to. Where that width is not known yet:
 *
 * - a `jump` waits for the next label (a jump ends its block, so one comes
 *   next): when that is its label, the label declares the widths;
 * - otherwise a forward branch to a label no earlier branch passed a value
 *   in that position goes to a stub label instead, with the value arguments
 *   only; the stub is written just before the label's definition (a block
 *   boundary), where it jumps to the label with the immediates split by
 *   the widths the label declares;
 * - a call of a function defined later takes such an immediate as narrow
 *   (32 bits or fewer) and remembers it: the function's header is refused
 *   if that parameter is 64 bits (define it before its callers, or pass a
 *   value);
 * - `call_indirect` knows its callee only through a `func_addr` of the same
 *   block; otherwise such an immediate is a CompileError.
 *
 * An immediate that does not fit 32 bits is a 64-bit argument wherever it
 * goes. State is per label and per function name: O(1) work per action.
 */
import type {
  Action,
  FunctionHeader,
  LabelDef,
  LabelRef,
  LowIrSink,
  Operand,
  ValueDef,
} from '@lirc/low-ir';
import { CompileError } from '../compiler/errors.js';
import {
  fitsHalf,
  HALF_WIDTH,
  type Split,
  splitImmediate,
  type ValueMap,
  valueOperand,
} from './values.js';

/** A branch sent to a stub until its label's parameter widths are known. */
interface Stub {
  readonly label: LabelRef;
  readonly params: ValueDef[];
  /** Per original argument: the stub parameters that carry it, or the immediate. */
  readonly args: readonly (ValueDef[] | bigint)[];
}

/** A branch with its operands taken: the condition's, the label, each argument's entry or immediate. */
interface Branch {
  readonly action: Action;
  readonly cond: readonly Operand[];
  readonly label: LabelRef;
  readonly args: readonly (Split | bigint)[];
}

/** What is known of a label of the function being rewritten. */
interface LabelInfo {
  /** Its parameters' widths, once it is defined. */
  widths?: readonly number[];
  /** Widths of the values earlier branches passed. */
  readonly seen: (number | undefined)[];
  stubs: Stub[];
}

/** The output label of an input label (stubs take the odd ids). */
export function outputLabel(label: LabelRef): LabelRef {
  return { id: 2 * label.id, ...(label.name !== undefined ? { name: label.name } : {}) };
}

/** Branches, labels, returns and calls of the pair stage. */
export class PairFlow {
  /** Parameter widths of the functions seen so far (externs included). */
  private readonly signatures = new Map<string, readonly number[]>();
  /** Functions called before their header, with the parameters an immediate was taken as narrow for. */
  private readonly assumedNarrow = new Map<string, Set<number>>();
  private readonly labels = new Map<number, LabelInfo>();
  private stubs = 0;
  private header: FunctionHeader | undefined;
  /** A jump held back until the next label (see `branch`). */
  private held: Branch | undefined;

  constructor(
    private readonly values: ValueMap,
    private readonly out: LowIrSink,
  ) {}

  /** Knows a function's parameter widths (an extern's, or a header's). */
  declare(name: string, params: readonly number[]): void {
    this.signatures.set(name, params);
  }

  /** Starts a function: checks what earlier calls assumed of it. */
  beginFunction(header: FunctionHeader): void {
    for (const k of this.assumedNarrow.get(header.name) ?? []) {
      if (header.params[k]?.width === 64)
        throw new CompileError(
          `@${header.name} is called before its definition with an immediate for its 64-bit parameter ${k + 1}: on a machine that splits 64-bit values the call needs its width (define @${header.name} before its callers, or pass a value)`,
        );
    }
    this.assumedNarrow.delete(header.name);
    this.declare(
      header.name,
      header.params.map((p) => p.width),
    );
    this.header = header;
    this.labels.clear();
    this.stubs = 0;
    this.held = undefined;
  }

  /**
   * Defines a label: first a jump held back for it (or sent to a stub),
   * then the stubs that wait for it, then the label with its parameters
   * split.
   */
  label(def: LabelDef): void {
    const info = this.info(def.label);
    const widths = def.params.map((p) => p.width);
    info.widths = widths;
    const held = this.held;
    this.held = undefined;
    if (held !== undefined) this.emitBranch(held);
    for (const stub of info.stubs) {
      this.out.label({ label: stub.label, params: stub.params });
      const args = stub.args.flatMap((a, k) =>
        typeof a === 'bigint' ? immediateArgs(a, widths[k]!) : a.map((d) => valueOperand(d.id)),
      );
      this.jumpAction('jump', [], def.label, args);
    }
    info.stubs = [];
    this.values.endBlock();
    const params = def.params.flatMap((p, k) =>
      this.values.define(
        p,
        () => `@${this.fn()}: parameter ${k + 1} of ^${def.label.name ?? def.label.id}`,
      ),
    );
    this.out.label({
      label: outputLabel(def.label),
      params,
      ...(def.stackDepth !== undefined ? { stackDepth: def.stackDepth } : {}),
      ...(def.pos !== undefined ? { pos: def.pos } : {}),
    });
  }

  /** Ends the function: a jump still held back goes to a stub (its label never came). */
  endFunction(): void {
    const held = this.held;
    this.held = undefined;
    if (held !== undefined) this.emitBranch(held);
  }

  /**
   * `jump ^L(args)` or `br_if c, ^L(args)`. A jump whose immediates need
   * widths not known yet is held back until the next label (a jump ends its
   * block, so a label comes next): if that is its label, the widths are
   * there, with no stub.
   */
  branch(a: Action): void {
    const conditional = a.opcode === 'br_if';
    const cond = conditional ? this.narrowOperands(a.operands.slice(0, 1)) : [];
    const target = a.operands[conditional ? 1 : 0];
    if (target?.kind !== 'label') throw new CompileError(`internal: ${a.opcode} without a label`);
    const info = this.info(target.label);
    const args = a.operands.slice(conditional ? 2 : 1).map((op): Split | bigint => {
      if (op.kind === 'value') return this.values.consume(op.id);
      if (op.kind === 'imm') return op.value;
      throw new CompileError(`internal: a ${op.kind} as a branch argument`);
    });
    if (info.widths === undefined)
      args.forEach((e, k) => {
        if (typeof e !== 'bigint') info.seen[k] ??= e.kind === 'pair' ? 64 : e.width;
      });
    const branch: Branch = { action: a, cond, label: target.label, args };
    if (!conditional && !this.widthsKnown(branch)) this.held = branch;
    else this.emitBranch(branch);
  }

  /** The width of the parameter an immediate argument goes to, if known. */
  private widthAt(b: Branch, k: number, value: bigint): number | undefined {
    const info = this.info(b.label);
    return info.widths?.[k] ?? info.seen[k] ?? (fitsHalf(value) ? undefined : 64);
  }

  private widthsKnown(b: Branch): boolean {
    return b.args.every((e, k) => typeof e !== 'bigint' || this.widthAt(b, k, e) !== undefined);
  }

  /** Writes a branch: to its label if the widths are known, else to a new stub. */
  private emitBranch(b: Branch): void {
    if (this.widthsKnown(b)) {
      const ops = b.args.flatMap((e, k) =>
        typeof e === 'bigint' ? immediateArgs(e, this.widthAt(b, k, e)!) : entryOperands(e),
      );
      this.jumpAction(b.action.opcode, b.cond, b.label, ops, b.action);
      return;
    }
    // A stub: its parameters carry the value arguments; it is written before the label.
    const params: ValueDef[] = [];
    const args = b.args.map((e) => {
      if (typeof e === 'bigint') return e;
      const widths = e.kind === 'pair' ? [HALF_WIDTH, HALF_WIDTH] : [e.width];
      const defs = widths.map((width) => ({ id: this.values.newId(), width, uses: 1 }));
      params.push(...defs);
      return defs;
    });
    const n = this.stubs++;
    const name = `${b.label.name ?? `L${b.label.id}`}.${n}`;
    const stub: Stub = { label: { id: 2 * n + 1, name }, params, args };
    this.info(b.label).stubs.push(stub);
    const ops = b.args.flatMap((e) => (typeof e === 'bigint' ? [] : entryOperands(e)));
    this.out.action({
      ...b.action,
      operands: [...b.cond, { kind: 'label', label: stub.label }, ...ops],
    });
  }

  /** `return args`, split by the function's result widths. */
  ret(a: Action): void {
    const results = this.header!.results;
    const ops = a.operands.flatMap((op, k) =>
      op.kind === 'imm' ? immediateArgs(op.value, results[k]?.width ?? 32) : this.narrowOrPair(op),
    );
    this.out.action({ ...a, operands: ops });
  }

  /** `call @f(args)` and `call_indirect p, args`, with results split. */
  call(a: Action): void {
    const direct = a.opcode === 'call';
    const head = a.operands[0]!;
    let callee: string | undefined;
    let target: Operand[];
    if (direct) {
      if (head.kind !== 'func') throw new CompileError('internal: a call without a function');
      callee = head.name;
      target = [head];
    } else if (head.kind === 'value') {
      const e = this.values.consume(head.id);
      if (e.kind !== 'one')
        throw new CompileError(`@${this.fn()}: call_indirect through a 64-bit value`);
      callee = e.func;
      target = [e.operand];
    } else target = [head];
    const params = callee !== undefined ? this.signatures.get(callee) : undefined;
    const args = a.operands.slice(1).flatMap((op, k) => {
      if (op.kind !== 'imm') return this.narrowOrPair(op);
      const width = params?.[k] ?? (fitsHalf(op.value) ? undefined : 64);
      if (width !== undefined) return immediateArgs(op.value, width);
      if (callee === undefined)
        throw new CompileError(
          `@${this.fn()}: call_indirect through a value that is not a func_addr of this block, with the immediate ${op.value} as argument ${k + 1}: on a machine that splits 64-bit values its width is needed (pass a value)`,
        );
      if (params === undefined) {
        const slots = this.assumedNarrow.get(callee) ?? new Set<number>();
        slots.add(k);
        this.assumedNarrow.set(callee, slots);
      }
      return [op];
    });
    const results = a.results.flatMap((r, k) =>
      this.values.define(r, () => `@${this.fn()}: result ${k + 1} of a call`),
    );
    this.out.action({ ...a, results, operands: [...target, ...args] });
  }

  /** The output operands of value operands that are not 64 bits wide (and immediates). */
  narrowOperands(ops: readonly Operand[]): Operand[] {
    return ops.map((op) => {
      if (op.kind === 'label') return { kind: 'label', label: outputLabel(op.label) };
      if (op.kind !== 'value') return op;
      const name = this.values.nameOf(op.id);
      const e = this.values.consume(op.id);
      if (e.kind === 'pair')
        throw new CompileError(
          `@${this.fn()}: the 64-bit value ${name} as an operand of an action that takes no 64-bit values`,
        );
      return e.operand;
    });
  }

  private narrowOrPair(op: Operand): Operand[] {
    return op.kind === 'value' ? this.values.take(op.id) : [op];
  }

  private jumpAction(
    opcode: string,
    cond: readonly Operand[],
    label: LabelRef,
    args: readonly Operand[],
    original?: Action,
  ): void {
    this.out.action({
      opcode,
      widths: [],
      results: [],
      operands: [...cond, { kind: 'label', label: outputLabel(label) }, ...args],
      ...(original?.pos !== undefined ? { pos: original.pos } : {}),
    });
  }

  private info(label: LabelRef): LabelInfo {
    let info = this.labels.get(label.id);
    if (info === undefined) {
      info = { seen: [], stubs: [] };
      this.labels.set(label.id, info);
    }
    return info;
  }

  private fn(): string {
    return this.header?.name ?? '?';
  }
}

/** The output operands of one use of a value. */
function entryOperands(e: Split): Operand[] {
  return e.kind === 'pair' ? [e.lo, e.hi] : [e.operand];
}

/** An immediate argument for a parameter of `width`: its halves when that is 64. */
function immediateArgs(value: bigint, width: number): Operand[] {
  if (width !== 64) return [{ kind: 'imm', value }];
  return splitImmediate(value).map((v): Operand => ({ kind: 'imm', value: v }));
}
