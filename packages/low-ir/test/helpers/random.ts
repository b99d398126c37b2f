/**
 * A small seeded PRNG (mulberry32) and input generators for the randomized
 * differential tests. Everything is deterministic: a seed comes from the
 * action text, so a failure reproduces exactly.
 */

/** FNV-1a hash of a string, used as a seed. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.u32() / 2 ** 32) * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  /** `width` uniform random bits. */
  bits(width: number): bigint {
    let v = 0n;
    for (let i = 0; i < width; i += 32) v = (v << 32n) | BigInt(this.u32());
    return BigInt.asUintN(width, v);
  }
}

/**
 * A random `width`-bit integer pattern, biased toward edge cases: special
 * values, small magnitudes of either sign, values just around a float
 * rounding tie (a 25-bit head whose last bit is the half bit, then zeros, a
 * sticky 1, or all ones), and uniform bits.
 */
export function randomInt(rng: Rng, width: number): bigint {
  const w = BigInt(width);
  const roll = rng.below(100);
  if (roll < 20) {
    const specials = [0n, 1n, 2n, 7n, w - 1n, w, w + 1n, -1n, -2n, 1n << (w - 1n)];
    specials.push((1n << (w - 1n)) - 1n, (1n << (w - 1n)) + 1n);
    return BigInt.asUintN(width, rng.pick(specials));
  }
  if (roll < 40) {
    const small = rng.bits(width) & ((1n << BigInt(rng.below(width) + 1)) - 1n);
    return BigInt.asUintN(width, rng.below(2) === 0 ? small : -small);
  }
  if (roll < 55 && width >= 32) {
    const shift = BigInt(rng.below(width - 24));
    const head = BigInt(rng.u32() & 0x1ffffff) | 0x1000000n;
    const low = [0n, 1n, (1n << shift) - 1n][rng.below(3)]!;
    const v = (head << shift) | low;
    return BigInt.asUintN(width, rng.below(4) === 0 ? -v : v);
  }
  return rng.bits(width);
}

// biome-ignore format: a compact list of values
const FLOAT_SPECIALS = [
  0, -0, 1, -1, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, -0.9, 0.9, 3.5, Infinity, -Infinity, NaN,
  2 ** 24, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53, 2 ** 63, -(2 ** 63), 2 ** 64, 1e-40, 1e-310,
];

/** Bases around which `randomFloat` steps a few ulps (integer-range edges and ties). */
// biome-ignore format: a compact list of values
const FLOAT_BASES = [0.5, 1, 2 ** 23, 2 ** 24, 2 ** 31, 2 ** 32, 2 ** 52, 2 ** 53, 2 ** 63, 2 ** 64];

/**
 * A random float bit pattern of `width` (32 or 64): special values, NaNs with
 * payloads, uniform bits, small multiples of 1/4 (rounding ties), and values
 * a few ulps from the integer-range boundaries of the conversions.
 */
export function randomFloat(rng: Rng, width: number, toBits: (x: number) => bigint): bigint {
  const roll = rng.below(100);
  const expMask = width === 32 ? 0x7f800000n : 0x7ff0000000000000n;
  if (roll < 15) return toBits(rng.pick(FLOAT_SPECIALS));
  if (roll < 20) {
    const payload = rng.bits(width === 32 ? 23 : 52) | 1n;
    return expMask | payload | (rng.below(2) === 0 ? 0n : 1n << BigInt(width - 1));
  }
  if (roll < 45) return rng.bits(width);
  if (roll < 70) {
    const n = rng.below(1 << 14) - (1 << 13);
    return toBits(n / 4);
  }
  const base = toBits(rng.pick(FLOAT_BASES));
  const step = BigInt(rng.below(7) - 3);
  const sign = rng.below(3) === 0 ? 1n << BigInt(width - 1) : 0n;
  return (base + step) | sign;
}
