/**
 * IEEE 754 helpers for the float actions: converting between bit patterns and
 * JS numbers, the canonical NaNs, correctly rounded integer→float conversion,
 * and the WebAssembly rounding and min/max rules.
 *
 * f32 arithmetic is done in double precision and rounded once with
 * Math.fround; for +, -, *, / and sqrt this gives the correctly rounded f32
 * result (a double has more than 2·24+2 significand bits). NaN results are
 * canonicalised (positive quiet NaN), so the interpreter is deterministic.
 */

const scratch = new DataView(new ArrayBuffer(8));

/** Canonical quiet NaN patterns (sign clear, top significand bit set). */
export const F32_CANONICAL_NAN = 0x7fc00000n;
export const F64_CANONICAL_NAN = 0x7ff8000000000000n;

/** Bit pattern (32 bits) → number. */
export function f32FromBits(bits: bigint): number {
  scratch.setUint32(0, Number(bits));
  return scratch.getFloat32(0);
}

/** Number → f32 bit pattern (rounding to f32; NaN becomes the canonical NaN). */
export function f32ToBits(value: number): bigint {
  if (Number.isNaN(value)) return F32_CANONICAL_NAN;
  scratch.setFloat32(0, value);
  return BigInt(scratch.getUint32(0));
}

/** Bit pattern (64 bits) → number. */
export function f64FromBits(bits: bigint): number {
  scratch.setBigUint64(0, bits);
  return scratch.getFloat64(0);
}

/** Number → f64 bit pattern (NaN becomes the canonical NaN). */
export function f64ToBits(value: number): bigint {
  if (Number.isNaN(value)) return F64_CANONICAL_NAN;
  scratch.setFloat64(0, value);
  return scratch.getBigUint64(0);
}

/** Reads a bit pattern of `width` (32 or 64) as a float. */
export function floatFromBits(bits: bigint, width: number): number {
  return width === 32 ? f32FromBits(bits) : f64FromBits(bits);
}

/** Writes a float as a bit pattern of `width` (32 or 64), rounding for 32. */
export function floatToBits(value: number, width: number): bigint {
  return width === 32 ? f32ToBits(value) : f64ToBits(value);
}

/** Rounds a double to the float format of `width` (identity for 64). */
export function roundToWidth(value: number, width: number): number {
  return width === 32 ? Math.fround(value) : value;
}

/**
 * Correctly rounded (to nearest, ties to even) conversion of an integer to a
 * float of `width`. `Number(bigint)` is correctly rounded to double, but going
 * through double first would round twice for f32, so f32 rounds by hand.
 */
export function integerToFloat(value: bigint, width: number): number {
  if (width === 64) return Number(value);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const bits = magnitude.toString(2).length;
  if (bits <= 53) return Math.fround(Number(value));
  const drop = BigInt(bits - 24);
  let kept = magnitude >> drop;
  const rest = magnitude & ((1n << drop) - 1n);
  const half = 1n << (drop - 1n);
  if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
  const rounded = Number(kept) * 2 ** Number(drop);
  return Math.fround(negative ? -rounded : rounded);
}

/** WebAssembly `nearest`: round to the nearest integer, ties to even, keeping the sign of zero. */
export function roundHalfEven(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const floor = Math.floor(value);
  const diff = value - floor;
  let result: number;
  if (diff < 0.5) result = floor;
  else if (diff > 0.5) result = floor + 1;
  else result = floor % 2 === 0 ? floor : floor + 1;
  return result === 0 && value < 0 ? -0 : result;
}

/**
 * WebAssembly `min`: NaN if either input is NaN, and -0 is less than +0.
 * (JavaScript's Math.min has exactly these rules.)
 */
export function wasmMin(a: number, b: number): number {
  return Math.min(a, b);
}

/** WebAssembly `max`: NaN if either input is NaN, and +0 is greater than -0. */
export function wasmMax(a: number, b: number): number {
  return Math.max(a, b);
}

/** The result of truncating a float toward zero into an integer range. */
export type TruncResult =
  | { readonly kind: 'ok'; readonly value: bigint }
  | { readonly kind: 'nan' }
  | { readonly kind: 'overflow' };

/**
 * Truncates `value` toward zero and checks that it fits `width` bits, signed
 * or unsigned: the exact WebAssembly `trunc` rule (NaN and out of range fail).
 */
export function truncateToInteger(value: number, width: number, signed: boolean): TruncResult {
  if (Number.isNaN(value)) return { kind: 'nan' };
  if (!Number.isFinite(value)) return { kind: 'overflow' };
  const t = Math.trunc(value);
  const limit = 2 ** (signed ? width - 1 : width);
  const low = signed ? -limit : 0;
  if (t < low || t >= limit) return { kind: 'overflow' };
  return { kind: 'ok', value: BigInt(t) };
}

/** WebAssembly `trunc_sat`: like truncateToInteger but NaN gives 0 and overflow clamps. */
export function truncateSaturating(value: number, width: number, signed: boolean): bigint {
  if (Number.isNaN(value)) return 0n;
  const w = BigInt(width);
  const max = signed ? (1n << (w - 1n)) - 1n : (1n << w) - 1n;
  const min = signed ? -(1n << (w - 1n)) : 0n;
  if (value === Number.POSITIVE_INFINITY) return max;
  if (value === Number.NEGATIVE_INFINITY) return min;
  const t = BigInt(Math.trunc(value));
  if (t > max) return max;
  if (t < min) return min;
  return t;
}
