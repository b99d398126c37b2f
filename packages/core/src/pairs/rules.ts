/**
 * Rules of the pair legalization for 64-bit arithmetic, comparisons,
 * conversions, `select` and memory: each rewrites one action on 64-bit
 * values, given as their 32-bit halves (low, high), into 32-bit actions of
 * an Expansion. Carries and borrows come from unsigned comparisons of the
 * low halves; multiplication is low×low with `mul.32` and `mulh_u.32` plus
 * the two cross products; division, remainder and the high half of a
 * product are calls of the helpers written in Low IR (helpers.ts). Shifts,
 * rotations and bit counts are in rules-shift.ts.
 */
import type { Expansion, Halves, Ref } from './expansion.js';
import { HELPERS } from './helpers.js';
import { HALF, halves, narrow, type Rule } from './rule.js';
import { SHIFT_RULES } from './rules-shift.js';

/** A 1-bit flag as 0 or 1 in 32 bits. */
function bit(x: Expansion, flag: Ref): Ref {
  return x.op('zext', [HALF, 1], [flag]);
}

/** a + b, and the sum of the high halves before the carry from the low ones comes in. */
function sum(x: Expansion, a: Halves, b: Halves): Halves & { partial: Ref } {
  const lo = x.op('add', HALF, [a.lo, b.lo]);
  const carry = x.op('lt_u', HALF, [lo, a.lo]);
  const partial = x.op('add', HALF, [a.hi, b.hi]);
  return { lo, hi: x.op('add', HALF, [partial, bit(x, carry)]), partial };
}

function add(x: Expansion, a: Halves, b: Halves): Halves {
  const { lo, hi } = sum(x, a, b);
  return { lo, hi };
}

/** a − b, the borrow from the low halves taken from the high ones. */
export function sub(x: Expansion, a: Halves, b: Halves): Halves {
  const borrow = x.op('lt_u', HALF, [a.lo, b.lo]);
  const lo = x.op('sub', HALF, [a.lo, b.lo]);
  const hi = x.op('sub', HALF, [x.op('sub', HALF, [a.hi, b.hi]), bit(x, borrow)]);
  return { lo, hi };
}

function mul(x: Expansion, a: Halves, b: Halves): Halves {
  const lo = x.op('mul', HALF, [a.lo, b.lo]);
  const cross = x.op('add', HALF, [
    x.op('mul', HALF, [a.lo, b.hi]),
    x.op('mul', HALF, [a.hi, b.lo]),
  ]);
  const hi = x.op('add', HALF, [x.op('mulh_u', HALF, [a.lo, b.lo]), cross]);
  return { lo, hi };
}

/** Each half through the same 32-bit action. */
function halfwise(opcode: string): Rule {
  return (x, args) => {
    const hs = args.map((_a, k) => halves(args, k));
    return {
      lo: x.op(
        opcode,
        HALF,
        hs.map((h) => h.lo),
      ),
      hi: x.op(
        opcode,
        HALF,
        hs.map((h) => h.hi),
      ),
    };
  };
}

/** A call of a helper taking both operands' halves and giving the result's. */
function helper(name: string): Rule {
  return (x, args) => {
    const a = halves(args, 0);
    const b = halves(args, 1);
    const [lo, hi] = x.call(name, [a.lo, a.hi, b.lo, b.hi], [HALF, HALF]);
    return { lo: lo!, hi: hi! };
  };
}

/** a < b (or ≤ with `orEqual`): the high halves decide unless they are equal. */
function less(x: Expansion, a: Halves, b: Halves, signed: boolean, orEqual: boolean): Ref {
  const high = x.op(signed ? 'lt_s' : 'lt_u', HALF, [a.hi, b.hi]);
  const same = x.op('eq', HALF, [a.hi, b.hi]);
  const low = x.op(orEqual ? 'le_u' : 'lt_u', HALF, [a.lo, b.lo]);
  return x.op('or', 1, [high, x.op('and', 1, [same, low])]);
}

/** A comparison: less(a, b) or less(b, a) for the greater-than forms. */
function compare(signed: boolean, orEqual: boolean, swap: boolean): Rule {
  return (x, args) => {
    const a = halves(args, 0);
    const b = halves(args, 1);
    return swap ? less(x, b, a, signed, orEqual) : less(x, a, b, signed, orEqual);
  };
}

/** Whether a 64-bit value is zero: the or of its halves is. */
function orOfHalves(x: Expansion, a: Halves): Ref {
  return x.op('or', HALF, [a.lo, a.hi]);
}

function differences(x: Expansion, a: Halves, b: Halves): Ref {
  return x.op('or', HALF, [x.op('xor', HALF, [a.lo, b.lo]), x.op('xor', HALF, [a.hi, b.hi])]);
}

/** The sign bit of (p ^ q) & (r ^ s): 1 when both pairs differ in sign. */
function bothDiffer(x: Expansion, [p, q]: [Ref, Ref], [r, s]: [Ref, Ref]): Ref {
  const both = x.op('and', HALF, [x.op('xor', HALF, [p, q]), x.op('xor', HALF, [r, s])]);
  return x.op('sign', HALF, [both]);
}

/** Sign extension of a 32-bit low half: its high half. */
function signOf(x: Expansion, lo: Ref): Ref {
  return x.op('shr_s', HALF, [lo, 31n]);
}

/** `ext.64.F`: the low half extended from F bits, the high half zero or the sign. */
function extend(signed: boolean): Rule {
  return (x, args, widths) => {
    const from = widths[1]!;
    const v = narrow(args, 0);
    const lo = from === HALF ? v : x.op(signed ? 'sext' : 'zext', [HALF, from], [v]);
    // A sign-extended flag is all ones or zero in both halves.
    return { lo, hi: !signed ? 0n : from === 1 ? lo : signOf(x, lo) };
  };
}

function addressPlus(x: Expansion, address: Ref, offset: number): Ref {
  return x.op('add', HALF, [address, BigInt(offset)]);
}

/** `load_s.64.M` / `load_u.64.M`: a 32-bit load of M bits, then the high half. */
function loadExtend(signed: boolean): Rule {
  return (x, args, widths) => {
    const m = widths[1]!;
    const p = narrow(args, 0);
    const lo =
      m === HALF
        ? x.read('load', [HALF], [p])
        : x.read(signed ? 'load_s' : 'load_u', [HALF, m], [p]);
    return { lo, hi: signed ? signOf(x, lo) : 0n };
  };
}

/** The rules, by opcode (shifts, rotations and bit counts from rules-shift.ts). */
export const RULES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  ['add', (x, args) => add(x, halves(args, 0), halves(args, 1))],
  ['sub', (x, args) => sub(x, halves(args, 0), halves(args, 1))],
  ['neg', (x, args) => sub(x, { lo: 0n, hi: 0n }, halves(args, 0))],
  ['mul', (x, args) => mul(x, halves(args, 0), halves(args, 1))],
  ['mulh_u', helper(HELPERS.mulhU)],
  ['mulh_s', helper(HELPERS.mulhS)],
  ['div_u', helper(HELPERS.divU)],
  ['div_s', helper(HELPERS.divS)],
  ['rem_u', helper(HELPERS.remU)],
  ['rem_s', helper(HELPERS.remS)],
  ['and', halfwise('and')],
  ['or', halfwise('or')],
  ['xor', halfwise('xor')],
  ['not', halfwise('not')],
  ['copy', (_x, args) => halves(args, 0)],
  ['reinterpret', (_x, args) => halves(args, 0)],
  ['const', (_x, args) => halves(args, 0)],
  ['eq', (x, args) => x.op('eqz', HALF, [differences(x, halves(args, 0), halves(args, 1))])],
  ['ne', (x, args) => x.op('ne', HALF, [differences(x, halves(args, 0), halves(args, 1)), 0n])],
  ['eqz', (x, args) => x.op('eqz', HALF, [orOfHalves(x, halves(args, 0))])],
  ['sign', (x, args) => x.op('sign', HALF, [halves(args, 0).hi])],
  ['lt_u', compare(false, false, false)],
  ['lt_s', compare(true, false, false)],
  ['le_u', compare(false, true, false)],
  ['le_s', compare(true, true, false)],
  ['gt_u', compare(false, false, true)],
  ['gt_s', compare(true, false, true)],
  ['ge_u', compare(false, true, true)],
  ['ge_s', compare(true, true, true)],
  [
    'add_carry',
    (x, args) => {
      // At most one of the two additions of the high halves carries.
      const a = halves(args, 0);
      const { hi, partial } = sum(x, a, halves(args, 1));
      const first = x.op('lt_u', HALF, [partial, a.hi]);
      return x.op('or', 1, [first, x.op('lt_u', HALF, [hi, partial])]);
    },
  ],
  [
    'add_overflow',
    (x, args) => {
      // Overflow: both operands have the sign the sum does not.
      const a = halves(args, 0);
      const b = halves(args, 1);
      const { hi } = sum(x, a, b);
      return bothDiffer(x, [hi, a.hi], [hi, b.hi]);
    },
  ],
  [
    'sub_overflow',
    (x, args) => {
      // Overflow: the operands' signs differ and the difference has b's.
      const a = halves(args, 0);
      const b = halves(args, 1);
      return bothDiffer(x, [a.hi, b.hi], [a.hi, sub(x, a, b).hi]);
    },
  ],
  [
    'select',
    (x, args) => {
      const c = narrow(args, 0);
      const a = halves(args, 1);
      const b = halves(args, 2);
      return {
        lo: x.op('select', HALF, [c, a.lo, b.lo]),
        hi: x.op('select', HALF, [c, a.hi, b.hi]),
      };
    },
  ],
  ['sext', extend(true)],
  ['zext', extend(false)],
  [
    'trunc',
    (x, args, widths) => {
      const lo = halves(args, 0).lo;
      const to = widths[0]!;
      return to === HALF ? lo : x.op('trunc', [to, HALF], [lo]);
    },
  ],
  [
    'load',
    (x, args) => {
      const p = narrow(args, 0);
      return {
        lo: x.read('load', [HALF], [p]),
        hi: x.read('load', [HALF], [addressPlus(x, p, 4)]),
      };
    },
  ],
  ['load_s', loadExtend(true)],
  ['load_u', loadExtend(false)],
  [
    'store',
    (x, args, widths) => {
      // The high half first: an access that runs past the end of memory
      // traps before it writes anything.
      const p = narrow(args, 0);
      const v = halves(args, 1);
      const m = widths[1] ?? widths[0]!;
      if (m === 64) {
        x.effect('store', [HALF], [addressPlus(x, p, 4), v.hi]);
        x.effect('store', [HALF], [p, v.lo]);
      } else x.effect('store', m === HALF ? [HALF] : [HALF, m], [p, v.lo]);
      return undefined;
    },
  ],
  ...SHIFT_RULES,
]);
