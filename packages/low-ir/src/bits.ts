/**
 * Two's-complement helpers over bigint bit patterns. Low IR values are held as
 * unsigned bigints in [0, 2^width); these convert between that canonical form
 * and signed views, and check whether an immediate fits a width.
 */

const MASKS = new Map<number, bigint>();

/** 2^width - 1. */
export function mask(width: number): bigint {
  let m = MASKS.get(width);
  if (m === undefined) {
    m = (1n << BigInt(width)) - 1n;
    MASKS.set(width, m);
  }
  return m;
}

/** Reduces any integer to the canonical unsigned pattern of `width` bits. */
export function wrap(value: bigint, width: number): bigint {
  return BigInt.asUintN(width, value);
}

/** Reads a canonical `width`-bit pattern as a signed integer. */
export function toSigned(value: bigint, width: number): bigint {
  return BigInt.asIntN(width, value);
}

/** The smallest signed value of `width` bits, as a canonical pattern. */
export function signedMinPattern(width: number): bigint {
  return 1n << BigInt(width - 1);
}

/**
 * Whether an immediate can be used as a `width`-bit operand: it must lie in
 * [-2^(width-1), 2^width), i.e. be representable as signed or as unsigned.
 */
export function fitsWidth(value: bigint, width: number): boolean {
  return value >= -(1n << BigInt(width - 1)) && value < 1n << BigInt(width);
}

/** Number of significant bits of a non-negative bigint (0 for 0). */
export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}
