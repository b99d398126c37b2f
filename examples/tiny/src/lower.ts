/**
 * Lowering Tiny to Low IR through @lirc/low-ir's streaming builder: each
 * function becomes a Low IR function on 32-bit values, written straight
 * into a LowIrSink (the reference interpreter's collector, or @lirc/core's
 * ModuleCompiler) as the syntax tree is walked once.
 *
 * Variables become SSA values the simple way: the lowering keeps an
 * environment (the variables in scope, in declaration order, each with its
 * current value). An assignment replaces the value; at a join (after an
 * `if`, a loop head, the end of `&&`/`||`) every variable in scope is
 * passed as a label argument, so the label's parameters are the variables'
 * new values. Use counts: the environment owns one use of each value; a
 * read `clone`s it (one more use, consumed by the reader); a value the
 * environment lets go of (reassigned, out of scope, at `return`) is
 * `drop`ped.
 */
import {
  type BuildOperand,
  type FunctionBuilder,
  type Label,
  type LowIrSink,
  ModuleBuilder,
  type Value,
} from '@lirc/low-ir';
import type { BinaryOp, Expr, FnDecl, Program, Stmt } from './ast.js';

/** Bits of every Tiny value. */
export const WIDTH = 32;

/** The Low IR comparison of each comparison operator, and its negation. */
const COMPARISONS: Partial<Record<BinaryOp, { readonly op: string; readonly not: string }>> = {
  '==': { op: 'eq', not: 'ne' },
  '!=': { op: 'ne', not: 'eq' },
  '<': { op: 'lt_s', not: 'ge_s' },
  '<=': { op: 'le_s', not: 'gt_s' },
  '>': { op: 'gt_s', not: 'le_s' },
  '>=': { op: 'ge_s', not: 'lt_s' },
};

/** The Low IR action of each arithmetic operator (division truncates; by zero traps). */
const ARITHMETIC: Partial<Record<BinaryOp, string>> = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div_s',
  '%': 'rem_s',
};

/**
 * Writes `program` (checked by checkProgram) into `sink` as one Low IR
 * module with `pointerWidth`-bit pointers (the target's: Tiny itself uses no
 * memory). Each Tiny function `f(a, b)` becomes `@f(32, 32) -> (32)`.
 */
export function lowerProgram(program: Program, sink: LowIrSink, pointerWidth: 32 | 64): void {
  const module = new ModuleBuilder(sink, { pointerWidth });
  for (const fn of program.functions) lowerFunction(module, fn);
  module.end();
}

function lowerFunction(module: ModuleBuilder, fn: FnDecl): void {
  const f = module.function(
    fn.name,
    fn.params.map((name) => ({ width: WIDTH, uses: 1, name })),
    [WIDTH],
  );
  const lowering = new FunctionLowering(f);
  fn.params.forEach((name, k) => {
    lowering.env.push({ name, value: f.params[k]! });
  });
  if (!lowering.block(fn.body)) lowering.returnValue(0);
  f.end();
}

/** A variable in scope and its current value. */
interface Binding {
  readonly name: string;
  value: Value;
}

class FunctionLowering {
  readonly env: Binding[] = [];

  constructor(private readonly f: FunctionBuilder) {}

  /** Lowers statements in a new scope; returns true if every path ended in `return`. */
  block(body: readonly Stmt[]): boolean {
    const outer = this.env.length;
    for (const s of body) {
      if (this.stmt(s)) return true; // what follows a return is unreachable
    }
    this.leaveScope(outer);
    return false;
  }

  /** Drops the variables declared after the first `size` ones. */
  private leaveScope(size: number): void {
    for (const b of this.env.splice(size)) this.f.drop(b.value);
  }

  /** The current values of the variables in scope (label arguments). */
  private values(): Value[] {
    return this.env.map((b) => b.value);
  }

  /** Gives every variable in scope one more use, for a branch that passes them. */
  private cloneAll(): void {
    for (const b of this.env) this.f.clone(b.value);
  }

  /** The names of the variables in scope, in order (what a join label's parameters stand for). */
  private names(): string[] {
    return this.env.map((b) => b.name);
  }

  /**
   * Places `label` with one parameter per variable of `names` (plus
   * `extra`); they become the variables in scope. Returns the extra ones.
   */
  private bindJoin(label: Label, names: readonly string[], extra = 0): Value[] {
    const params = this.f.bind(
      label,
      Array.from({ length: names.length + extra }, () => ({ width: WIDTH, uses: 1 })),
    );
    this.env.splice(0, this.env.length, ...names.map((name, k) => ({ name, value: params[k]! })));
    return params.slice(names.length);
  }

  /** Returns `value` after letting go of every variable. */
  returnValue(value: BuildOperand): void {
    this.leaveScope(0);
    this.f.ret([value]);
  }

  /** Lowers one statement; returns true if it ends every path (a `return`). */
  private stmt(s: Stmt): boolean {
    switch (s.kind) {
      case 'var':
        this.env.push({ name: s.name, value: this.value(s.init) });
        return false;
      case 'assign': {
        const value = this.value(s.value);
        const binding = this.lookup(s.name);
        this.f.drop(binding.value);
        binding.value = value;
        return false;
      }
      case 'return':
        this.returnValue(this.operand(s.value));
        return true;
      case 'expr': {
        const v = this.operand(s.expr);
        if (typeof v !== 'number') this.f.drop(v);
        return false;
      }
      case 'if':
        return this.ifStmt(s.cond, s.then, s.else);
      case 'while':
        this.whileStmt(s.cond, s.body);
        return false;
    }
  }

  /** `if c { then } else { otherwise }`: branch to the else part when c is false. */
  private ifStmt(
    cond: Expr,
    then: readonly Stmt[],
    otherwise: readonly Stmt[] | undefined,
  ): boolean {
    const names = this.names();
    const join = this.f.newLabel();
    const elseLabel = otherwise ? this.f.newLabel() : join;
    const c = this.condition(cond, true);
    this.cloneAll();
    this.f.brIf(c, elseLabel, this.values());
    const thenReturns = this.block(then);
    if (!thenReturns) this.f.jump(join, this.values());
    if (!otherwise) {
      this.bindJoin(join, names);
      return false;
    }
    this.bindJoin(elseLabel, names);
    const elseReturns = this.block(otherwise);
    if (!elseReturns) this.f.jump(join, this.values());
    if (thenReturns && elseReturns) return true;
    this.bindJoin(join, names);
    return false;
  }

  /** `while c { body }`: a loop head with the variables as parameters; leave when c is false. */
  private whileStmt(cond: Expr, body: readonly Stmt[]): void {
    const head = this.f.newLabel();
    const exit = this.f.newLabel();
    this.f.jump(head, this.values());
    const names = this.names();
    this.bindJoin(head, names);
    const c = this.condition(cond, true);
    this.cloneAll();
    this.f.brIf(c, exit, this.values());
    if (!this.block(body)) this.f.jump(head, this.values());
    this.bindJoin(exit, names);
  }

  private lookup(name: string): Binding {
    for (let k = this.env.length - 1; k >= 0; k--)
      if (this.env[k]!.name === name) return this.env[k]!;
    throw new Error(`internal: unknown variable '${name}' (checkProgram finds these)`);
  }

  /** `e` as a 32-bit value. */
  private value(e: Expr): Value {
    const v = this.operand(e);
    return typeof v === 'number' ? this.f.op('const', WIDTH, [v]) : v;
  }

  /** `e` as an operand: a number literal stays an immediate. */
  private operand(e: Expr): Value | number {
    switch (e.kind) {
      case 'number':
        return e.value;
      case 'var': {
        const v = this.lookup(e.name).value;
        this.f.clone(v);
        return v;
      }
      case 'unary':
        if (e.op === '-') return this.f.op('neg', WIDTH, [this.value(e.operand)]);
        return this.f.op('zext', [WIDTH, 1], [this.condition(e.operand, true)]);
      case 'call':
        return this.f.call(
          e.name,
          e.args.map((a) => this.operand(a)),
          [WIDTH],
        )[0]!;
      case 'binary': {
        if (e.op === '&&' || e.op === '||') return this.shortCircuit(e.op, e.left, e.right);
        if (COMPARISONS[e.op]) return this.f.op('zext', [WIDTH, 1], [this.condition(e, false)]);
        return this.f.op(ARITHMETIC[e.op]!, WIDTH, [this.value(e.left), this.operand(e.right)]);
      }
    }
  }

  /**
   * `a && b` (`a || b`): when a is false (true) the result is 0 (1) without
   * evaluating b; otherwise it is b != 0. The result arrives at a join label
   * as one more parameter after the variables.
   */
  private shortCircuit(op: '&&' | '||', left: Expr, right: Expr): Value {
    const done = this.f.newLabel();
    const names = this.names();
    const decided = this.condition(left, op === '&&');
    this.cloneAll();
    this.f.brIf(decided, done, [...this.values(), op === '&&' ? 0 : 1]);
    const b = this.f.op('zext', [WIDTH, 1], [this.condition(right, false)]);
    this.f.jump(done, [...this.values(), b]);
    return this.bindJoin(done, names, 1)[0]!;
  }

  /** `e` as a 1-bit condition, negated when `negate`: comparisons compare directly. */
  private condition(e: Expr, negate: boolean): Value {
    if (e.kind === 'unary' && e.op === '!') return this.condition(e.operand, !negate);
    const cmp = e.kind === 'binary' ? COMPARISONS[e.op] : undefined;
    if (e.kind === 'binary' && cmp)
      return this.f.op(negate ? cmp.not : cmp.op, WIDTH, [
        this.value(e.left),
        this.operand(e.right),
      ]);
    const v = this.value(e);
    return negate ? this.f.op('eqz', WIDTH, [v]) : this.f.op('ne', WIDTH, [v, 0]);
  }
}
