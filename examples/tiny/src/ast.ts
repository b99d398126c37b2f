/**
 * The syntax tree of Tiny, as the parser builds it. Every value is a 32-bit
 * two's-complement integer; comparisons and `!`, `&&`, `||` give 0 or 1.
 */
import type { Pos } from './errors.js';

/** Binary operators, by the token that writes them. */
export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '&&'
  | '||';

/** An expression. */
export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly pos: Pos }
  | { readonly kind: 'var'; readonly name: string; readonly pos: Pos }
  | { readonly kind: 'unary'; readonly op: '-' | '!'; readonly operand: Expr; readonly pos: Pos }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly pos: Pos;
    }
  | { readonly kind: 'call'; readonly name: string; readonly args: Expr[]; readonly pos: Pos };

/** A statement. */
export type Stmt =
  | { readonly kind: 'var'; readonly name: string; readonly init: Expr; readonly pos: Pos }
  | { readonly kind: 'assign'; readonly name: string; readonly value: Expr; readonly pos: Pos }
  | {
      readonly kind: 'if';
      readonly cond: Expr;
      readonly then: Stmt[];
      readonly else: Stmt[] | undefined;
      readonly pos: Pos;
    }
  | { readonly kind: 'while'; readonly cond: Expr; readonly body: Stmt[]; readonly pos: Pos }
  | { readonly kind: 'return'; readonly value: Expr; readonly pos: Pos }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly pos: Pos };

/** A function: `fn name(a, b) { … }`. */
export interface FnDecl {
  readonly name: string;
  readonly params: readonly string[];
  readonly body: Stmt[];
  readonly pos: Pos;
}

/** A whole program: its functions in source order, and the file it came from. */
export interface Program {
  readonly file: string;
  readonly functions: readonly FnDecl[];
}
