/**
 * Legalization rules for flag predicates, bit counts and 1-bit logic, in
 * Low IR, for machines without a form for them (RISC-V base has no flags,
 * no popcount, no count-leading-zeros). Tried only when AsmQuery finds no
 * form; architecture-independent (see legalize.ts for the others).
 *
 * - `sign.W a` = `lt_s.W a, 0`.
 * - `add_carry.W a, b` = `lt_u.W (a + b), a`.
 * - `add_overflow.W a, b` = `lt_s.W ((s ^ a) & (s ^ b)), 0`, s = a + b.
 * - `sub_overflow.W a, b` = `lt_s.W ((a ^ b) & (a ^ s)), 0`, s = a - b.
 * - `popcnt.W x`: the SWAR sum of bits (pairs, nibbles, bytes, then bytes
 *   summed by shifts), `clz.W x` = `popcnt.W ~smear(x)` with smear(x) the
 *   bits at and below x's top bit, `ctz.W x` = `popcnt.W ((x & -x) - 1)`.
 * - `and/or/xor.1 a, b` on 32-bit copies: `ne.32 (op.32 zext(a), zext(b)), 0`;
 *   `select.1 c, a, b` likewise: `ne.32 (select.32 c, zext(a), zext(b)), 0`.
 * - Integer actions at 8 or 16 bits on 32-bit extensions of their operands
 *   (zero- or sign-extended as the action reads them; shift counts masked to
 *   the narrow width), truncated back: exact, since the division guards have
 *   already run on the narrow action. `mulh_u/mulh_s.W` take the high W
 *   bits of the 32-bit product of the extended operands.
 */
import type { Action, Operand, ValueDef } from '@lirc/low-ir';
import { type FreshId, syntheticValue } from './legalize.js';

/** Writes a rule's actions: `emit(opcode, widths, operands)` returns the result operand. */
export class RuleWriter {
  readonly actions: Action[] = [];
  constructor(
    private readonly fresh: FreshId,
    private readonly reuse: (id: number) => void,
  ) {}

  /** A new action with one result of `width` bits used `uses` times. */
  emit(opcode: string, widths: number[], operands: Operand[], width: number, uses = 1): Operand {
    const d = syntheticValue(this.fresh, width, uses);
    this.actions.push({ opcode, widths, operands, results: [d] });
    return { kind: 'value', id: d.id };
  }

  /** The final action, defining the rule's original result. */
  last(opcode: string, widths: number[], operands: Operand[], result: ValueDef): Action[] {
    this.actions.push({ opcode, widths, operands, results: [result] });
    return this.actions;
  }

  /** `o` used `n` more times (an operand of the original action read again). */
  again(o: Operand, n = 1): Operand {
    if (o.kind === 'value') for (let k = 0; k < n; k++) this.reuse(o.id);
    return o;
  }
}

const imm = (v: bigint | number): Operand => ({ kind: 'imm', value: BigInt(v) });

/** The rewritten actions, or undefined when no rule here applies. */
export function legalizeBits(
  a: Action,
  fresh: FreshId,
  reuse: (id: number) => void,
): Action[] | undefined {
  const r = a.results[0];
  if (!r) return undefined;
  const w = a.widths[0]!;
  const [x, y] = a.operands as [Operand, Operand | undefined];
  const rw = new RuleWriter(fresh, reuse);
  const ext = w > 1 && w < 32 ? WIDEN[a.opcode] : undefined;
  if (ext !== undefined) return widen(rw, a, ext, r);
  switch (a.opcode) {
    case 'sign':
      return rw.last('lt_s', [w], [x, imm(0)], r);
    case 'add_carry': {
      const s = rw.emit('add', [w], [rw.again(x), y!], w);
      return rw.last('lt_u', [w], [s, x], r);
    }
    case 'add_overflow':
    case 'sub_overflow': {
      const add = a.opcode === 'add_overflow';
      // x is read 2 times (add) or 3 (sub), y 2 times, where the action read each once.
      rw.again(x, add ? 1 : 2);
      rw.again(y!, 1);
      const s = rw.emit(add ? 'add' : 'sub', [w], [x, y!], w, 2);
      const p = add ? rw.emit('xor', [w], [s, x], w) : rw.emit('xor', [w], [x, y!], w);
      const q = add ? rw.emit('xor', [w], [s, y!], w) : rw.emit('xor', [w], [x, s], w);
      const m = rw.emit('and', [w], [p, q], w);
      return rw.last('lt_s', [w], [m, imm(0)], r);
    }
    case 'popcnt':
      return popcount(rw, w, x, r);
    case 'clz': {
      let v = x;
      for (let k = 1; k < w; k *= 2) {
        // v |= v >> k (v read twice)
        const vv = rw.emit('copy', [w], [v], w, 2);
        const shifted = rw.emit('shr_u', [w], [vv, imm(k)], w);
        v = rw.emit('or', [w], [vv, shifted], w);
      }
      return popcount(rw, w, rw.emit('not', [w], [v], w), r);
    }
    case 'ctz': {
      rw.again(x);
      const neg = rw.emit('neg', [w], [x], w);
      const low = rw.emit('and', [w], [x, neg], w);
      return popcount(rw, w, rw.emit('sub', [w], [low, imm(1)], w), r);
    }
    case 'select': {
      if (w !== 1) return undefined;
      const [, p, q] = a.operands as [Operand, Operand, Operand];
      const zp = rw.emit('zext', [32, 1], [p], 32);
      const zq = rw.emit('zext', [32, 1], [q], 32);
      const t = rw.emit('select', [32], [x, zp, zq], 32);
      return rw.last('ne', [32], [t, imm(0)], r);
    }
    case 'and':
    case 'or':
    case 'xor': {
      if (w !== 1 || !y) return undefined;
      const za = rw.emit('zext', [32, 1], [x], 32);
      const zb = rw.emit('zext', [32, 1], [y], 32);
      const t = rw.emit(a.opcode, [32], [za, zb], 32);
      return rw.last('ne', [32], [t, imm(0)], r);
    }
    default:
      return undefined;
  }
}

/** How each narrow action reads its operands when computed at 32 bits: z(ero)/s(ign)-extended. */
const WIDEN: Record<string, 'z' | 's'> = {
  add: 'z',
  sub: 'z',
  mul: 'z',
  mulh_u: 'z',
  mulh_s: 's',
  and: 'z',
  or: 'z',
  xor: 'z',
  not: 'z',
  neg: 'z',
  shl: 'z',
  shr_u: 'z',
  shr_s: 's',
  div_u: 'z',
  rem_u: 'z',
  div_s: 's',
  rem_s: 's',
  eq: 'z',
  ne: 'z',
  eqz: 'z',
  lt_u: 'z',
  le_u: 'z',
  gt_u: 'z',
  ge_u: 'z',
  lt_s: 's',
  le_s: 's',
  gt_s: 's',
  ge_s: 's',
};

const SHIFTS = new Set(['shl', 'shr_u', 'shr_s']);

/** `op.W …` (W = 8 or 16) as `op.32` on extended operands, truncated back unless it is a predicate. */
function widen(rw: RuleWriter, a: Action, ext: 'z' | 's', result: ValueDef): Action[] {
  const w = a.widths[0]!;
  const extend = (o: Operand) =>
    o.kind === 'imm'
      ? imm(ext === 's' ? BigInt.asIntN(w, o.value) : BigInt.asUintN(w, o.value))
      : rw.emit(ext === 's' ? 'sext' : 'zext', [32, w], [o], 32);
  const ops = a.operands.map((o, k) => {
    if (k === 1 && SHIFTS.has(a.opcode)) {
      if (o.kind === 'imm') return imm(BigInt.asUintN(32, o.value) % BigInt(w));
      const count = rw.emit('zext', [32, w], [o], 32);
      return rw.emit('and', [32], [count, imm(w - 1)], 32);
    }
    return extend(o);
  });
  if (result.width === 1) return rw.last(a.opcode, [32], ops, result);
  if (a.opcode === 'mulh_u' || a.opcode === 'mulh_s') {
    // The whole 2W-bit product fits 32 bits: its high half is the product >> W.
    const product = rw.emit('mul', [32], ops, 32);
    const high = rw.emit('shr_u', [32], [product, imm(w)], 32);
    return rw.last('trunc', [w, 32], [high], result);
  }
  const wide = rw.emit(a.opcode, [32], ops, 32);
  return rw.last('trunc', [w, 32], [wide], result);
}

/** popcnt.W of `x` (read once) into `result`, by the SWAR method. */
function popcount(rw: RuleWriter, w: number, x: Operand, result: ValueDef): Action[] {
  const mask = (pattern: bigint) => {
    let m = 0n;
    for (let k = 0; k < w; k += 8) m |= pattern << BigInt(k);
    return imm(BigInt.asIntN(w, m));
  };
  // x - ((x >> 1) & 0x55…)
  const x1 = rw.emit('copy', [w], [x], w, 2);
  const h1 = rw.emit('shr_u', [w], [x1, imm(1)], w);
  const m1 = rw.emit('and', [w], [h1, mask(0x55n)], w);
  const v1 = rw.emit('sub', [w], [x1, m1], w, 2);
  // (v & 0x33…) + ((v >> 2) & 0x33…)
  const low2 = rw.emit('and', [w], [v1, mask(0x33n)], w);
  const h2 = rw.emit('shr_u', [w], [v1, imm(2)], w);
  const b2 = rw.emit('and', [w], [h2, mask(0x33n)], w);
  const v2 = rw.emit('add', [w], [low2, b2], w, 2);
  // (v + (v >> 4)) & 0x0f…
  const h3 = rw.emit('shr_u', [w], [v2, imm(4)], w);
  const sum3 = rw.emit('add', [w], [v2, h3], w);
  let v: Operand = rw.emit('and', [w], [sum3, mask(0x0fn)], w);
  if (w === 8) return rw.last('copy', [w], [v], result);
  // sum the bytes: v += v >> 8, >> 16, >> 32, then keep the low byte
  for (let k = 8; k < w; k *= 2) {
    const vv = rw.emit('copy', [w], [v], w, 2);
    const shifted = rw.emit('shr_u', [w], [vv, imm(k)], w);
    v = rw.emit('add', [w], [vv, shifted], w);
  }
  return rw.last('and', [w], [v, imm(0xff)], result);
}
