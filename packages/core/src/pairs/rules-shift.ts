/**
 * Rules of the pair legalization for 64-bit shifts, rotations and bit
 * counts. The count is taken modulo 64 from its low half (the high half is
 * never read). An immediate count gives straight-line code for its case;
 * a count in a value gives branch-free code: 32-bit shifts take their count
 * modulo 32, so each half is shifted by the count as it is, the bits that
 * cross between halves are shifted by 31 - (count mod 32) after a shift by
 * one (which is right for a count of 0, where nothing crosses), and bit 5
 * of the count selects, with `select.32`, the results for counts of 32 and
 * more. Rotation right by n is rotation left by -n.
 */
import type { Expansion, Halves, Ref } from './expansion.js';
import { HALF, halves, type Rule } from './rule.js';

type Shift = 'shl' | 'shr_u' | 'shr_s' | 'rotl';

/** 1 when the count (mod 64) is 32 or more. */
function atLeast32(x: Expansion, n: Ref): Ref {
  return x.op('trunc', [1, HALF], [x.op('shr_u', HALF, [n, 5n])]);
}

/** (a >> 1) >> (31 - n mod 32): the bits of `a` that cross into the next half on a left shift by n. */
function crossingDown(x: Expansion, a: Ref, notN: Ref): Ref {
  return x.op('shr_u', HALF, [x.op('shr_u', HALF, [a, 1n]), notN]);
}

/** (a << 1) << (31 - n mod 32): the bits of `a` that cross into the lower half on a right shift by n. */
function crossingUp(x: Expansion, a: Ref, notN: Ref): Ref {
  return x.op('shl', HALF, [x.op('shl', HALF, [a, 1n]), notN]);
}

/** `a op n` for a count in a value. */
function byValue(x: Expansion, op: Shift, a: Halves, n: Ref): Halves {
  const big = atLeast32(x, n);
  const notN = x.op('not', HALF, [n]);
  const sel = (c: Ref, t: Ref, f: Ref) => x.op('select', HALF, [c, t, f]);
  const or = (p: Ref, q: Ref) => x.op('or', HALF, [p, q]);
  switch (op) {
    case 'shl': {
      const lo = x.op('shl', HALF, [a.lo, n]);
      const hi = or(x.op('shl', HALF, [a.hi, n]), crossingDown(x, a.lo, notN));
      return { lo: sel(big, 0n, lo), hi: sel(big, lo, hi) };
    }
    case 'shr_u':
    case 'shr_s': {
      const hi = x.op(op, HALF, [a.hi, n]);
      const lo = or(x.op('shr_u', HALF, [a.lo, n]), crossingUp(x, a.hi, notN));
      const fill = op === 'shr_u' ? 0n : x.op('shr_s', HALF, [a.hi, 31n]);
      return { lo: sel(big, hi, lo), hi: sel(big, fill, hi) };
    }
    case 'rotl': {
      // From 32 on, a rotation swaps the halves first.
      const p = sel(big, a.hi, a.lo);
      const q = sel(big, a.lo, a.hi);
      return {
        lo: or(x.op('shl', HALF, [p, n]), crossingDown(x, q, notN)),
        hi: or(x.op('shl', HALF, [q, n]), crossingDown(x, p, notN)),
      };
    }
  }
}

/** `a op n` for an immediate count n in [0, 64). */
function byConstant(x: Expansion, op: Shift, a: Halves, n: number): Halves {
  if (n === 0) return a;
  const m = BigInt(n % 32);
  const rest = BigInt(32 - (n % 32));
  const shifted = (opcode: string, v: Ref, by: bigint) => x.op(opcode, HALF, [v, by]);
  const or = (p: Ref, q: Ref) => x.op('or', HALF, [p, q]);
  switch (op) {
    case 'shl':
      if (n >= 32) return { lo: 0n, hi: shifted('shl', a.lo, m) };
      return {
        lo: shifted('shl', a.lo, m),
        hi: or(shifted('shl', a.hi, m), shifted('shr_u', a.lo, rest)),
      };
    case 'shr_u':
    case 'shr_s': {
      const fill = op === 'shr_u' ? 0n : shifted('shr_s', a.hi, 31n);
      if (n >= 32) return { lo: shifted(op, a.hi, m), hi: fill };
      return {
        lo: or(shifted('shr_u', a.lo, m), shifted('shl', a.hi, rest)),
        hi: shifted(op, a.hi, m),
      };
    }
    case 'rotl': {
      const [p, q] = n >= 32 ? [a.hi, a.lo] : [a.lo, a.hi];
      if (m === 0n) return { lo: p, hi: q };
      return {
        lo: or(shifted('shl', p, m), shifted('shr_u', q, rest)),
        hi: or(shifted('shl', q, m), shifted('shr_u', p, rest)),
      };
    }
  }
}

function shift(op: Shift | 'rotr'): Rule {
  return (x, args) => {
    const a = halves(args, 0);
    const count = halves(args, 1).lo;
    if (typeof count === 'bigint') {
      const n = Number(BigInt.asUintN(6, count));
      return op === 'rotr' ? byConstant(x, 'rotl', a, (64 - n) % 64) : byConstant(x, op, a, n);
    }
    if (op === 'rotr') return byValue(x, 'rotl', a, x.op('sub', HALF, [0n, count]));
    return byValue(x, op, a, count);
  };
}

/**
 * clz and ctz: the count in the half that decides, plus 32 when that half
 * is zero and the other one counts.
 */
function count(opcode: 'clz' | 'ctz'): Rule {
  return (x, args) => {
    const a = halves(args, 0);
    const [first, second] = opcode === 'clz' ? [a.hi, a.lo] : [a.lo, a.hi];
    const zero = x.op('eqz', HALF, [first]);
    const inSecond = x.op('add', HALF, [x.op(opcode, HALF, [second]), 32n]);
    return { lo: x.op('select', HALF, [zero, inSecond, x.op(opcode, HALF, [first])]), hi: 0n };
  };
}

/** The rules of this module, by opcode. */
export const SHIFT_RULES: readonly (readonly [string, Rule])[] = [
  ['shl', shift('shl')],
  ['shr_u', shift('shr_u')],
  ['shr_s', shift('shr_s')],
  ['rotl', shift('rotl')],
  ['rotr', shift('rotr')],
  ['clz', count('clz')],
  ['ctz', count('ctz')],
  [
    'popcnt',
    (x, args) => {
      const a = halves(args, 0);
      const lo = x.op('add', HALF, [x.op('popcnt', HALF, [a.lo]), x.op('popcnt', HALF, [a.hi])]);
      return { lo, hi: 0n };
    },
  ],
];
