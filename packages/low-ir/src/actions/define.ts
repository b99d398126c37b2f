/**
 * Small constructors shared by the standard action tables: effect presets,
 * width lists and operand rules, so each table row states only what is
 * particular to its action.
 */
import type { ActionEffects, OperandRule } from '../registry.js';

/** The trap kinds raised by standard actions and by the interpreter. */
export const TrapKinds = {
  integerDivideByZero: 'int_divide_by_zero',
  integerOverflow: 'int_overflow',
  invalidConversion: 'invalid_conversion',
  outOfBounds: 'out_of_bounds',
  unreachable: 'unreachable',
  stackOverflow: 'stack_overflow',
  badCallTarget: 'bad_call_target',
  stepLimit: 'step_limit',
} as const;

/** No side effects at all. */
export const PURE: ActionEffects = {
  pure: true,
  readsMemory: false,
  writesMemory: false,
  control: 'none',
  mayTrap: false,
};

/** Computes a value but may trap (division, trapping conversions). */
export const TRAPPING: ActionEffects = { ...PURE, pure: false, mayTrap: true };

/** Integer widths of the ALU. */
export const INT_WIDTHS = [8, 16, 32, 64] as const;
/** Widths where 1-bit (boolean / flag) values are also allowed. */
export const INT_AND_BOOL_WIDTHS = [1, 8, 16, 32, 64] as const;
/** Float widths (f32, f64). */
export const FLOAT_WIDTHS = [32, 64] as const;

/** One-width tuples: [[8], [16], …]. */
export function single(widths: readonly number[]): number[][] {
  return widths.map((w) => [w]);
}

/** Pairs [to, from] of `to` and `from` widths that satisfy `keep`. */
export function pairs(
  to: readonly number[],
  from: readonly number[],
  keep: (to: number, from: number) => boolean,
): number[][] {
  const out: number[][] = [];
  for (const t of to) for (const f of from) if (keep(t, f)) out.push([t, f]);
  return out;
}

/** A value (or fitting immediate) operand of `width` bits. */
export function val(width: number | 'any'): OperandRule {
  return { kind: 'value', width };
}

/** The first width of a tuple (every standard action with widths has one). */
export function w0(widths: readonly number[]): number {
  return widths[0]!;
}

/** The second width of a tuple. */
export function w1(widths: readonly number[]): number {
  return widths[1]!;
}
