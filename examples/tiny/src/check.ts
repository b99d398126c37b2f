/**
 * Name checks of Tiny, between the parser and the lowering: every variable
 * is declared before use (block scoped; an inner block may shadow), every
 * called function exists and gets as many arguments as it has parameters,
 * and no two functions, parameters or variables of one block share a name.
 * The lowering (lower.ts) relies on these and skips code after a `return`.
 */
import type { Expr, FnDecl, Program, Stmt } from './ast.js';
import { TinyError } from './errors.js';

/** Checks `program`; throws TinyError at the first problem. */
export function checkProgram(program: Program): void {
  const functions = new Map<string, FnDecl>();
  for (const fn of program.functions) {
    const earlier = functions.get(fn.name);
    if (earlier !== undefined)
      throw new TinyError(
        program.file,
        fn.pos,
        `function '${fn.name}' is already defined at line ${earlier.pos.line}`,
      );
    functions.set(fn.name, fn);
  }
  for (const fn of program.functions) new FunctionChecker(program.file, functions).check(fn);
}

class FunctionChecker {
  /** The scopes from the function's parameters inward. */
  private readonly scopes: Set<string>[] = [];

  constructor(
    private readonly file: string,
    private readonly functions: ReadonlyMap<string, FnDecl>,
  ) {}

  check(fn: FnDecl): void {
    const params = new Set<string>();
    for (const p of fn.params) {
      if (params.has(p))
        throw new TinyError(this.file, fn.pos, `parameter '${p}' of '${fn.name}' appears twice`);
      params.add(p);
    }
    this.scopes.push(params);
    this.block(fn.body);
  }

  private block(body: readonly Stmt[]): void {
    this.scopes.push(new Set());
    for (const s of body) this.stmt(s);
    this.scopes.pop();
  }

  private stmt(s: Stmt): void {
    switch (s.kind) {
      case 'var': {
        this.expr(s.init);
        const scope = this.scopes[this.scopes.length - 1]!;
        if (scope.has(s.name))
          throw new TinyError(this.file, s.pos, `variable '${s.name}' is already declared here`);
        scope.add(s.name);
        return;
      }
      case 'assign':
        this.declared(s.name, s.pos);
        this.expr(s.value);
        return;
      case 'if':
        this.expr(s.cond);
        this.block(s.then);
        if (s.else) this.block(s.else);
        return;
      case 'while':
        this.expr(s.cond);
        this.block(s.body);
        return;
      case 'return':
        this.expr(s.value);
        return;
      case 'expr':
        this.expr(s.expr);
        return;
    }
  }

  private declared(name: string, pos: Expr['pos']): void {
    if (!this.scopes.some((scope) => scope.has(name)))
      throw new TinyError(this.file, pos, `unknown variable '${name}'`);
  }

  private expr(e: Expr): void {
    switch (e.kind) {
      case 'number':
        return;
      case 'var':
        this.declared(e.name, e.pos);
        return;
      case 'unary':
        this.expr(e.operand);
        return;
      case 'binary':
        this.expr(e.left);
        this.expr(e.right);
        return;
      case 'call': {
        const callee = this.functions.get(e.name);
        if (callee === undefined)
          throw new TinyError(this.file, e.pos, `unknown function '${e.name}'`);
        if (callee.params.length !== e.args.length)
          throw new TinyError(
            this.file,
            e.pos,
            `'${e.name}' takes ${callee.params.length} argument(s), got ${e.args.length}`,
          );
        for (const a of e.args) this.expr(a);
        return;
      }
    }
  }
}
