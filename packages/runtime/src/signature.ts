/**
 * Signatures as data: the kinds of a function's parameters and results, and
 * the JavaScript values that stand for them. Calls follow the host's C calling
 * convention, so the runtime needs nothing else to call generated code.
 */
import { checkSignature as checkWithHost } from '../lib/ffi.mjs';

/**
 * A value's kind: 32- and 64-bit integers, 32- and 64-bit floats, and a
 * pointer-sized unsigned integer.
 */
export type ValueKind = 'i32' | 'i64' | 'f32' | 'f64' | 'ptr';

/** Every value kind, in a fixed order. */
export const VALUE_KINDS: readonly ValueKind[] = ['i32', 'i64', 'f32', 'f64', 'ptr'];

/** A function's parameter and result kinds (at most one result). */
export interface Signature {
  readonly params: readonly ValueKind[];
  readonly results: readonly ValueKind[];
}

/**
 * A JavaScript value of some kind: i32, f32 and f64 are numbers (i32 results
 * are signed); i64 (signed) and ptr (unsigned) are bigints. As arguments, i64
 * and ptr also take safe integers, and i32 takes a bigint (its low 32 bits).
 */
export type Value = number | bigint;

/** Throws an Error unless `signature` has known kinds and at most one result. */
export function checkSignature(signature: Signature): void {
  checkWithHost(signature);
}

/** A signature from its parts: `signature(['i64', 'i64'], ['i64'])`. */
export function signature(
  params: readonly ValueKind[],
  results: readonly ValueKind[] = [],
): Signature {
  const s = { params: [...params], results: [...results] };
  checkSignature(s);
  return s;
}

/** `i64 i64 -> i64`: the text form used in messages. */
export function formatSignature(s: Signature): string {
  return `${s.params.join(' ') || '()'} -> ${s.results.join(' ') || '()'}`;
}
