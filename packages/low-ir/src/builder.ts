/**
 * The streaming builder: the API a producer (a frontend, a test, another
 * compiler) uses to write Low IR. Each call turns into one sink call at once;
 * the builder keeps only counters and the current function's name, so
 * building never needs a whole function in memory. It does not verify: tee
 * the sink through a Verifier for that.
 */

import { STANDARD_REGISTRY } from './actions/standard.js';
import type {
  Action,
  ExternDecl,
  LabelRef,
  Location,
  ModuleHeader,
  Operand,
  ResultSlot,
  ValueDef,
} from './ir.js';
import { DEFAULT_MODULE_HEADER } from './ir.js';
import type { ActionRegistry } from './registry.js';
import { allowsWidths, formatWidths } from './registry.js';
import type { LowIrSink } from './sink.js';

/** A handle on an SSA value made by the builder. */
export interface Value {
  readonly id: number;
  readonly width: number;
  readonly name?: string;
}

/** A handle on a label of the function being built. */
export interface Label extends LabelRef {
  readonly kind: 'label';
}

/** A function named as an operand (of `call` or `func_addr`). */
export interface FuncName {
  readonly kind: 'func';
  readonly name: string;
}

/** A symbolic operand such as a trap kind. */
export interface Sym {
  readonly kind: 'sym';
  readonly name: string;
}

/** Anything the builder accepts as an operand; numbers and bigints are immediates. */
export type BuildOperand = Value | Label | FuncName | Sym | bigint | number;

/** A parameter (of a function or label) or a declared result. */
export interface ParamSpec {
  readonly width: number;
  readonly uses?: number;
  readonly name?: string;
  readonly loc?: Location;
}

/** Options for a value an action defines. */
export interface ResultOptions {
  readonly uses?: number;
  readonly name?: string;
}

/** Names a function as an operand. */
export function func(name: string): FuncName {
  return { kind: 'func', name };
}

/** A symbolic operand (trap kinds). */
export function sym(name: string): Sym {
  return { kind: 'sym', name };
}

function isValue(x: BuildOperand): x is Value {
  return typeof x === 'object' && !('kind' in x);
}

function toOperand(x: BuildOperand): Operand {
  if (typeof x === 'bigint') return { kind: 'imm', value: x };
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x))
      throw new Error(`immediate ${x} is not a safe integer; pass a bigint`);
    return { kind: 'imm', value: BigInt(x) };
  }
  if (isValue(x)) return { kind: 'value', id: x.id };
  if (x.kind === 'label')
    return { kind: 'label', label: { id: x.id, ...(x.name ? { name: x.name } : {}) } };
  return x;
}

/** Writes a module into a sink, one function at a time. */
export class ModuleBuilder {
  private open: FunctionBuilder | undefined;
  readonly header: ModuleHeader;

  constructor(
    private readonly sink: LowIrSink,
    header: Partial<ModuleHeader> = {},
    readonly registry: ActionRegistry = STANDARD_REGISTRY,
  ) {
    this.header = { ...DEFAULT_MODULE_HEADER, ...header };
    sink.module(this.header);
  }

  /** Starts a function; finish it with `end()` before starting the next. */
  function(
    name: string,
    params: readonly ParamSpec[],
    results: readonly (number | ResultSlot)[],
    options: { stackDepth?: number } = {},
  ): FunctionBuilder {
    if (this.open) throw new Error(`function @${this.open.name} is still open`);
    const fb = new FunctionBuilder(this, this.sink, name, () => {
      this.open = undefined;
    });
    const paramDefs = params.map((p) => fb.define(p));
    this.sink.beginFunction({
      name,
      params: paramDefs,
      results: results.map((r) => (typeof r === 'number' ? { width: r } : r)),
      ...(options.stackDepth !== undefined ? { stackDepth: options.stackDepth } : {}),
    });
    fb.params = paramDefs.map(asValue);
    this.open = fb;
    return fb;
  }

  /** Ends the module. */
  end(): void {
    if (this.open) throw new Error(`function @${this.open.name} is still open`);
    this.sink.endModule();
  }
}

function asValue(def: ValueDef): Value {
  return { id: def.id, width: def.width, ...(def.name !== undefined ? { name: def.name } : {}) };
}

/** Writes the body of one function. */
export class FunctionBuilder {
  /** The function's parameters, in order. */
  params: readonly Value[] = [];
  private nextValue = 0;
  private nextLabel = 0;

  constructor(
    private readonly module: ModuleBuilder,
    private readonly sink: LowIrSink,
    readonly name: string,
    private readonly onEnd: () => void,
  ) {}

  /** Allocates a value definition (used for parameters and results). */
  define(spec: ParamSpec): ValueDef {
    return {
      id: this.nextValue++,
      width: spec.width,
      uses: spec.uses ?? 1,
      ...(spec.name !== undefined ? { name: spec.name } : {}),
      ...(spec.loc !== undefined ? { loc: spec.loc } : {}),
    };
  }

  /**
   * Emits any action. `results` gives the uses and names of the results (and
   * the widths of declared results, for calls). Returns the result values.
   */
  emit(
    opcode: string,
    widths: number | readonly number[],
    operands: readonly BuildOperand[],
    results: readonly (ResultOptions & { width?: number })[] = [],
  ): Value[] {
    const ws = typeof widths === 'number' ? [widths] : widths;
    const spec = this.module.registry.get(opcode);
    if (spec === undefined) throw new Error(`unknown action '${opcode}'`);
    if (!allowsWidths(spec, ws))
      throw new Error(`${opcode} does not allow widths ${formatWidths(ws) || '(none)'}`);
    const sig = spec.signature(ws, this.module.header.pointerWidth);
    const resultWidths =
      sig.results === 'declared' ? results.map((r) => r.width ?? 0) : sig.results;
    const defs = resultWidths.map((width, i) => this.define({ ...results[i], width }));
    const action: Action = { opcode, widths: ws, results: defs, operands: operands.map(toOperand) };
    this.sink.action(action);
    return defs.map(asValue);
  }

  /** Emits an action with one result and returns it: `f.op('add', 32, [a, b])`. */
  op(
    opcode: string,
    widths: number | readonly number[],
    operands: readonly BuildOperand[],
    result: ResultOptions = {},
  ): Value {
    const [v] = this.emit(opcode, widths, operands, [result]);
    if (v === undefined) throw new Error(`${opcode} has no result`);
    return v;
  }

  /** Emits an action without a result (`store`, `drop`, `trap_if`…). */
  effect(
    opcode: string,
    widths: number | readonly number[],
    operands: readonly BuildOperand[],
  ): void {
    this.emit(opcode, widths, operands);
  }

  /** A new label, placed later with `bind`. */
  newLabel(name?: string): Label {
    return { kind: 'label', id: this.nextLabel++, ...(name !== undefined ? { name } : {}) };
  }

  /** Places `label` here with its parameters (the values live on entry); returns them. */
  bind(label: Label, params: readonly ParamSpec[] = [], stackDepth?: number): Value[] {
    const defs = params.map((p) => this.define(p));
    this.sink.label({
      label: { id: label.id, ...(label.name !== undefined ? { name: label.name } : {}) },
      params: defs,
      ...(stackDepth !== undefined ? { stackDepth } : {}),
    });
    return defs.map(asValue);
  }

  jump(label: Label, args: readonly BuildOperand[] = []): void {
    this.emit('jump', [], [label, ...args]);
  }

  brIf(cond: BuildOperand, label: Label, args: readonly BuildOperand[] = []): void {
    this.emit('br_if', [], [cond, label, ...args]);
  }

  ret(args: readonly BuildOperand[] = []): void {
    this.emit('return', [], args);
  }

  trap(kind: string): void {
    this.emit('trap', [], [sym(kind)]);
  }

  trapIf(cond: BuildOperand, kind: string): void {
    this.emit('trap_if', [], [cond, sym(kind)]);
  }

  /** Calls `callee`; `results` gives each result's width (and uses/name). */
  call(
    callee: string,
    args: readonly BuildOperand[],
    results: readonly (number | ParamSpec)[],
  ): Value[] {
    return this.emit('call', [], [func(callee), ...args], results.map(toResult));
  }

  callIndirect(
    target: BuildOperand,
    args: readonly BuildOperand[],
    results: readonly (number | ParamSpec)[],
  ): Value[] {
    return this.emit('call_indirect', [], [target, ...args], results.map(toResult));
  }

  /** Gives `value` `count` more uses. */
  clone(value: Value, count = 1): void {
    this.emit('clone', [], [value, count]);
  }

  /** Consumes one use of `value`. */
  drop(value: Value): void {
    this.emit('drop', [], [value]);
  }

  /** Ends the function. */
  end(): void {
    this.sink.endFunction();
    this.onEnd();
  }
}

function toResult(r: number | ParamSpec): ResultOptions & { width: number } {
  return typeof r === 'number' ? { width: r } : r;
}

/** Declares an extern (host) function for the module header. */
export function externDecl(
  name: string,
  params: readonly number[],
  results: readonly number[],
): ExternDecl {
  return { name, params, results };
}
