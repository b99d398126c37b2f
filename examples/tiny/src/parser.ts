/**
 * The parser of Tiny: tokens to a syntax tree, by recursive descent with
 * one token of lookahead. Grammar (lowest precedence first in `expr`):
 *
 *   program  := fn*
 *   fn       := 'fn' NAME '(' [NAME (',' NAME)*] ')' block
 *   block    := '{' stmt* '}'
 *   stmt     := 'var' NAME '=' expr ';' | NAME '=' expr ';'
 *             | 'if' expr block ['else' (block | if-stmt)]
 *             | 'while' expr block | 'return' expr ';' | expr ';'
 *   expr     := or;  or := and ('||' and)*;  and := cmp ('&&' cmp)*
 *   cmp      := sum [('=='|'!='|'<'|'<='|'>'|'>=') sum]
 *   sum      := term (('+'|'-') term)*;  term := unary (('*'|'/'|'%') unary)*
 *   unary    := ('-'|'!') unary | NUMBER | NAME | NAME '(' [expr (',' expr)*] ')' | '(' expr ')'
 */
import type { BinaryOp, Expr, FnDecl, Program, Stmt } from './ast.js';
import { TinyError } from './errors.js';
import { type Token, tokenize } from './lexer.js';

/** The largest number literal (2^31 - 1; write -2147483647 - 1 for the smallest value). */
const MAX_LITERAL = 2 ** 31 - 1;

/** Parses the text of `file` into a program; throws TinyError (file:line:col) on a syntax error. */
export function parse(text: string, file: string): Program {
  return new Parser(tokenize(text, file), file).program();
}

class Parser {
  private at = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly file: string,
  ) {}

  private get next(): Token {
    return this.tokens[this.at]!;
  }

  private error(token: Token, problem: string): TinyError {
    return new TinyError(this.file, token.pos, problem);
  }

  private describe(token: Token): string {
    return token.kind === 'end' ? 'end of file' : `'${token.text}'`;
  }

  /** Whether the next token is `text` (a symbol or keyword); takes it if so. */
  private accept(text: string): boolean {
    const t = this.next;
    if ((t.kind === 'symbol' || t.kind === 'keyword') && t.text === text) {
      this.at++;
      return true;
    }
    return false;
  }

  private expect(text: string, what = `'${text}'`): Token {
    const t = this.next;
    if (!this.accept(text)) throw this.error(t, `expected ${what}, found ${this.describe(t)}`);
    return t;
  }

  private name(what: string): Token {
    const t = this.next;
    if (t.kind !== 'name') throw this.error(t, `expected ${what}, found ${this.describe(t)}`);
    this.at++;
    return t;
  }

  program(): Program {
    const functions: FnDecl[] = [];
    while (this.next.kind !== 'end') functions.push(this.fn());
    return { file: this.file, functions };
  }

  private fn(): FnDecl {
    const start = this.expect('fn', "'fn' (a function)");
    const name = this.name('a function name').text;
    this.expect('(');
    const params: string[] = [];
    if (!this.accept(')')) {
      do params.push(this.name('a parameter name').text);
      while (this.accept(','));
      this.expect(')', "',' or ')'");
    }
    return { name, params, body: this.block(), pos: start.pos };
  }

  private block(): Stmt[] {
    this.expect('{');
    const body: Stmt[] = [];
    while (!this.accept('}')) {
      if (this.next.kind === 'end') throw this.error(this.next, "expected '}', found end of file");
      body.push(this.stmt());
    }
    return body;
  }

  private stmt(): Stmt {
    const t = this.next;
    const pos = t.pos;
    if (this.accept('var')) {
      const name = this.name('a variable name').text;
      this.expect('=');
      const init = this.expr();
      this.expect(';');
      return { kind: 'var', name, init, pos };
    }
    if (this.accept('if')) return this.ifRest(pos);
    if (this.accept('while')) return { kind: 'while', cond: this.expr(), body: this.block(), pos };
    if (this.accept('return')) {
      const value = this.expr();
      this.expect(';');
      return { kind: 'return', value, pos };
    }
    const after = this.tokens[this.at + 1]!;
    if (t.kind === 'name' && after.kind === 'symbol' && after.text === '=') {
      this.at += 2;
      const value = this.expr();
      this.expect(';');
      return { kind: 'assign', name: t.text, value, pos };
    }
    const expr = this.expr();
    this.expect(';');
    return { kind: 'expr', expr, pos };
  }

  /** The rest of an `if` statement after the keyword. */
  private ifRest(pos: Token['pos']): Stmt {
    const cond = this.expr();
    const then = this.block();
    let otherwise: Stmt[] | undefined;
    if (this.accept('else')) {
      const t = this.next;
      otherwise = this.accept('if') ? [this.ifRest(t.pos)] : this.block();
    }
    return { kind: 'if', cond, then, else: otherwise, pos };
  }

  private expr(): Expr {
    return this.binary(0);
  }

  /** Binary operators by precedence level, loosest first; comparisons do not chain. */
  private static readonly LEVELS: readonly (readonly BinaryOp[])[] = [
    ['||'],
    ['&&'],
    ['==', '!=', '<', '<=', '>', '>='],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private binary(level: number): Expr {
    const ops = Parser.LEVELS[level];
    if (ops === undefined) return this.unary();
    let left = this.binary(level + 1);
    const chains = level !== 2;
    for (;;) {
      const t = this.next;
      const op = ops.find((o) => t.kind === 'symbol' && t.text === o);
      if (op === undefined) return left;
      this.at++;
      const right = this.binary(level + 1);
      left = { kind: 'binary', op, left, right, pos: t.pos };
      if (!chains) {
        const again = this.next;
        if (again.kind === 'symbol' && ops.includes(again.text as BinaryOp))
          throw this.error(again, `comparisons do not chain: put parentheses around one side`);
        return left;
      }
    }
  }

  private unary(): Expr {
    const t = this.next;
    if (this.accept('-')) return { kind: 'unary', op: '-', operand: this.unary(), pos: t.pos };
    if (this.accept('!')) return { kind: 'unary', op: '!', operand: this.unary(), pos: t.pos };
    if (this.accept('(')) {
      const inner = this.expr();
      this.expect(')');
      return inner;
    }
    if (t.kind === 'number') {
      this.at++;
      const value = Number(t.text);
      if (value > MAX_LITERAL)
        throw this.error(t, `number ${t.text} is too large (at most ${MAX_LITERAL})`);
      return { kind: 'number', value, pos: t.pos };
    }
    if (t.kind === 'name') {
      this.at++;
      if (!this.accept('(')) return { kind: 'var', name: t.text, pos: t.pos };
      const args: Expr[] = [];
      if (!this.accept(')')) {
        do args.push(this.expr());
        while (this.accept(','));
        this.expect(')', "',' or ')'");
      }
      return { kind: 'call', name: t.text, args, pos: t.pos };
    }
    throw this.error(t, `expected an expression, found ${this.describe(t)}`);
  }
}
