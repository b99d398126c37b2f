/**
 * The seeded PRNG of the random program generator. splitmix64 (on bigint)
 * expands a seed of any size into the 128-bit state of xoshiro128** (32-bit
 * integer arithmetic), so a seed gives a fast stream that is the same on
 * every platform and every run.
 */

const MASK64 = (1n << 64n) - 1n;

/** One splitmix64 step: advances `state` and returns the mixed 64-bit output. */
function splitmix64(state: { x: bigint }): bigint {
  state.x = (state.x + 0x9e3779b97f4a7c15n) & MASK64;
  let z = state.x;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

function rotl32(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A seeded pseudo-random number generator (xoshiro128** seeded by splitmix64). */
export class Prng {
  private word0: number;
  private word1: number;
  private word2: number;
  private word3: number;

  /** `seed` is any integer (a number must be a safe integer); it is taken modulo 2^64. */
  constructor(seed: number | bigint) {
    if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
      throw new RangeError(`seed ${seed} is not a safe integer; pass a bigint`);
    }
    const state = { x: BigInt.asUintN(64, BigInt(seed)) };
    const a = splitmix64(state);
    const b = splitmix64(state);
    this.word0 = Number(a & 0xffffffffn);
    this.word1 = Number(a >> 32n);
    this.word2 = Number(b & 0xffffffffn);
    this.word3 = Number(b >> 32n);
    if ((this.word0 | this.word1 | this.word2 | this.word3) === 0) this.word0 = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const result = Math.imul(rotl32(Math.imul(this.word1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.word1 << 9) >>> 0;
    this.word2 = (this.word2 ^ this.word0) >>> 0;
    this.word3 = (this.word3 ^ this.word1) >>> 0;
    this.word1 = (this.word1 ^ this.word2) >>> 0;
    this.word0 = (this.word0 ^ this.word3) >>> 0;
    this.word2 = (this.word2 ^ t) >>> 0;
    this.word3 = rotl32(this.word3, 11);
    return result;
  }

  /** A uniform integer in [0, n) (n ≤ 2^32). */
  below(n: number): number {
    return Math.floor((this.u32() / 2 ** 32) * n);
  }

  /** A uniform integer in [lo, hi] (inclusive; `hi < lo` gives lo). */
  range(lo: number, hi: number): number {
    return hi <= lo ? lo : lo + this.below(hi - lo + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.u32() < p * 2 ** 32;
  }

  /** A uniform element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick of an empty array');
    return items[this.below(items.length)]!;
  }

  /** An element chosen with the given (non-negative) weights; zero weights are never chosen. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    if (total <= 0) throw new Error('Prng.weighted with no positive weight');
    let r = (this.u32() / 2 ** 32) * total;
    for (const [item, w] of entries) {
      if (r < w) return item;
      r -= w;
    }
    for (let k = entries.length - 1; k >= 0; k--) if (entries[k]![1] > 0) return entries[k]![0];
    throw new Error('unreachable');
  }

  /** `width` uniform random bits, as an unsigned bigint. */
  bits(width: number): bigint {
    let v = 0n;
    for (let i = 0; i < width; i += 32) v = (v << 32n) | BigInt(this.u32());
    return BigInt.asUintN(width, v);
  }

  /** `count` distinct elements of `items` in random order (all of them if fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < count && copy.length > 0) {
      const k = this.below(copy.length);
      out.push(copy[k]!);
      copy.splice(k, 1);
    }
    return out;
  }
}

/**
 * An integer biased toward the edge cases of `width` bits: 0, 1, -1, INT_MIN,
 * INT_MAX, the all-ones pattern, width - 1 (a shift count), small values of
 * either sign, or uniform bits. The result fits `width` as a signed or
 * unsigned number, so it is a valid immediate for a `width`-bit operand.
 */
export function edgeInteger(rng: Prng, width: number): bigint {
  if (width === 1) return rng.pick([0n, 1n, 1n, -1n]);
  const w = BigInt(width);
  const min = -(1n << (w - 1n));
  switch (rng.below(10)) {
    case 0:
      return 0n;
    case 1:
      return rng.pick([1n, -1n]);
    case 2:
      return rng.pick([min, -min - 1n]);
    case 3:
      return rng.pick([(1n << w) - 1n, w - 1n, w]);
    case 4:
    case 5:
    case 6:
      return BigInt(rng.range(-16, 16));
    default:
      return rng.bits(width);
  }
}

/** A random `width`-bit pattern (unsigned) biased toward edge cases: for function arguments. */
export function edgePattern(rng: Prng, width: number): bigint {
  return BigInt.asUintN(width, edgeInteger(rng, width));
}
