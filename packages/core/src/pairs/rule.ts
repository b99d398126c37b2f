/**
 * What a rule of the pair legalization is (rules.ts, rules-shift.ts): a
 * function that rewrites one action with 64 among its widths into 32-bit
 * actions of an Expansion, given each 64-bit operand as its halves (low,
 * high) and each narrower one as it is; and the accessors rules read their
 * operands with.
 */
import { CompileError } from '../compiler/errors.js';
import type { Expansion, Halves, Ref } from './expansion.js';

/** An operand of a rule: a 64-bit value's halves, or a narrower value. */
export type Arg = Halves | Ref;

/** What a rule gives for the action's result: halves, a narrower value, or nothing. */
export type RuleResult = Halves | Ref | undefined;

/** Rewrites one action with 64 among its widths (`widths` as in the action). */
export type Rule = (x: Expansion, args: readonly Arg[], widths: readonly number[]) => RuleResult;

/** The width of the halves. */
export const HALF = 32;

/** Whether an argument is a 64-bit value's halves. */
export function isHalves(a: Arg | RuleResult): a is Halves {
  return typeof a === 'object' && 'lo' in a && 'hi' in a;
}

/** Argument `k` as halves. */
export function halves(args: readonly Arg[], k: number): Halves {
  const a = args[k];
  if (a === undefined || !isHalves(a))
    throw new CompileError(`internal: operand ${k + 1} of a pair rule is not 64 bits`);
  return a;
}

/** Argument `k` as a narrow value. */
export function narrow(args: readonly Arg[], k: number): Ref {
  const a = args[k];
  if (a === undefined || isHalves(a))
    throw new CompileError(`internal: operand ${k + 1} of a pair rule is not a narrow value`);
  return a;
}
