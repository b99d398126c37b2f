/**
 * Guards for actions whose traps LIRC checks explicitly, in Low IR, before
 * the action reaches AsmQuery. Machine division instructions do not trap the
 * way Low IR's do (RISC-V never traps; x86 raises one fault for both a zero
 * divisor and INT_MIN / -1, and also for INT_MIN rem -1, which Low IR defines
 * as 0), so every machine gets the same explicit checks, as Liftoff and
 * Cranelift emit them:
 *
 * - `div_u`, `rem_u`, `div_s`, `rem_s` by b: `trap_if (eqz b), int_divide_by_zero`;
 * - `div_s a, b`: `trap_if (a = INT_MIN and b = -1), int_overflow`, computed
 *   with shifts so that no wide constant is needed:
 *   `eqz ((a << 1) | ((a >>u W-1) ^ 1) | ~b)`;
 * - `rem_s a, b` becomes `rem_s a, |b|` (same result for every b, and
 *   |-1| = 1 cannot fault), with |b| = (b ^ s) - s, s = b >>s W-1.
 *
 * - `ftoi_s.W.F x` and `ftoi_u.W.F x` (x86 and RISC-V convert NaN and
 *   out-of-range inputs to some integer, Low IR traps): `trap_if (funo x,
 *   x), invalid_conversion`, then `trap_if` on each side of the range
 *   (unsigned: x ≤ −1, x ≥ 2^W), int_overflow.
 *
 * A constant divisor that cannot trigger a check needs none. The rules are
 * architecture-independent: they name Low IR actions only.
 */
import { type Action, f32ToBits, f64ToBits, type Operand, type ValueDef } from '@lirc/low-ir';
import { type FreshId, syntheticValue } from './legalize.js';

/** What to emit for one action: the guards, then the (possibly rewritten) action. */
export interface Guarded {
  readonly actions: readonly Action[];
  /** Uses the guards add to values defined before the action (value id → count). */
  readonly extraUses: ReadonlyMap<number, number>;
}

const DIVISIONS = new Set(['div_u', 'rem_u', 'div_s', 'rem_s']);

/**
 * Whether LIRC guards `opcode` itself, so that a form whose semantics hold
 * only for inputs its guards let through (a form with a `note`) may take it.
 */
export function isGuarded(opcode: string): boolean {
  return DIVISIONS.has(opcode) || opcode === 'ftoi_s' || opcode === 'ftoi_u';
}

/** The bits of `v` as a float of width `w`. */
const bitsOf = (v: number, w: number): bigint => (w === 32 ? f32ToBits(v) : f64ToBits(v));

/**
 * `ftoi_s.W.F x`: `trap_if (funo x, x), invalid_conversion`, then
 * `trap_if (x < MIN), int_overflow` (`x ≤ MIN − 1` where MIN − 1 is an
 * F-bit float: truncation gives MIN on (MIN − 1, MIN]) and
 * `trap_if (x ≥ 2^(W−1)), int_overflow`.
 */
function guardTruncate(a: Action, fresh: FreshId): Guarded {
  const [w, f] = [a.widths[0]!, a.widths[1]!];
  let x = a.operands[0]!;
  const out: Action[] = [];
  const extra = new Map<number, number>();
  const cond = (opcode: string, operands: Operand[], kind?: string) => {
    const c = syntheticValue(fresh, 1, 1);
    out.push({ opcode, widths: [f], operands, results: [c] });
    out.push({
      opcode: 'trap_if',
      widths: [],
      operands: [
        { kind: 'value', id: c.id },
        { kind: 'sym', name: kind ?? 'int_overflow' },
      ],
      results: [],
    });
  };
  if (x.kind === 'imm') {
    const c = syntheticValue(fresh, f, 5);
    out.push({ opcode: 'const', widths: [f], operands: [x], results: [c] });
    x = { kind: 'value', id: c.id };
  } else if (x.kind === 'value') extra.set(x.id, 4);
  const imm = (v: number): Operand => ({ kind: 'imm', value: bitsOf(v, f) });
  cond('funo', [x, x], 'invalid_conversion');
  if (a.opcode === 'ftoi_u') {
    // Truncation gives 0 on (−1, 0]; −1 and 2^W are floats of every width.
    cond('fle', [x, imm(-1)]);
    cond('fge', [x, imm(2 ** w)]);
  } else {
    const min = -(2 ** (w - 1));
    // MIN − 1 needs W bits of significand: only f64 has them, for W = 32.
    const belowIsFloat = w === 32 && f === 64;
    if (belowIsFloat) cond('fle', [x, imm(min - 1)]);
    else cond('flt', [x, imm(min)]);
    cond('fge', [x, imm(2 ** (w - 1))]);
  }
  out.push({ ...a, operands: [x] });
  return { actions: out, extraUses: extra };
}

/**
 * The guarded form of `a`, or undefined when `a` needs no guard.
 * `nonZero` holds the divisors already checked for zero earlier in the block
 * (a value lives in one block, so an earlier check there dominates); a
 * checked divisor is not checked again, and this adds the ones it checks.
 */
export function guard(a: Action, fresh: FreshId, nonZero: Set<number>): Guarded | undefined {
  if (a.opcode === 'ftoi_s' || a.opcode === 'ftoi_u') return guardTruncate(a, fresh);
  if (!DIVISIONS.has(a.opcode)) return undefined;
  const w = a.widths[0]!;
  const signed = a.opcode.endsWith('_s');
  let [x, b] = a.operands as [Operand, Operand];
  const min = -(1n << BigInt(w - 1));
  const allOnes = (1n << BigInt(w)) - 1n;
  const isMinusOne = (v: bigint) => BigInt.asUintN(w, v) === allOnes;
  const isMin = (v: bigint) => BigInt.asIntN(w, v) === min;

  const zeroCheck = !(b.kind === 'value' && nonZero.has(b.id));
  if (!zeroCheck && (a.opcode === 'div_u' || a.opcode === 'rem_u')) return undefined;
  if (b.kind === 'imm') {
    const bv = b.value;
    const zero = BigInt.asUintN(w, bv) === 0n;
    if (!zero && !(signed && isMinusOne(bv))) return undefined;
    if (a.opcode === 'div_s' && !zero && x.kind === 'imm' && !isMin(x.value)) return undefined;
  }

  const out: Action[] = [];
  const extra = new Map<number, number>();
  const def = (uses = 1, width = w): ValueDef => syntheticValue(fresh, width, uses);
  const use = (d: ValueDef): Operand => ({ kind: 'value', id: d.id });
  const imm = (v: bigint | number): Operand => ({ kind: 'imm', value: BigInt(v) });
  const append = (opcode: string, widths: number[], operands: Operand[], result?: ValueDef) =>
    out.push({ opcode, widths, operands, results: result ? [result] : [] });
  /** One more use of an operand (a value defined before `a`). */
  const reuse = (o: Operand): Operand => {
    if (o.kind === 'value') extra.set(o.id, (extra.get(o.id) ?? 0) + 1);
    return o;
  };
  const trapIf = (cond: ValueDef, kind: string) =>
    append('trap_if', [], [use(cond), { kind: 'sym', name: kind }]);

  // div_s checks for overflow unless the dividend is a constant other than INT_MIN.
  const overflowCheck = a.opcode === 'div_s' && !(x.kind === 'imm' && !isMin(x.value));
  // Uses of b: the zero check, then the division (or, for rem_s, |b|: 2), then ~b.
  const bUses = (zeroCheck ? 1 : 0) + (a.opcode === 'rem_s' ? 2 : 1) + (overflowCheck ? 1 : 0);
  // A constant divisor that needs checking goes in a value first.
  if (b.kind === 'imm') {
    const c = def(bUses);
    append('const', [w], [b], c);
    b = use(c);
  } else {
    for (let k = 1; k < bUses; k++) reuse(b);
  }

  if (zeroCheck) {
    const z = def(1, 1);
    append('eqz', [w], [b], z);
    trapIf(z, 'int_divide_by_zero');
    if (b.kind === 'value') nonZero.add(b.id);
  }

  if (overflowCheck) {
    // a = INT_MIN and b = -1  ⟺  (a << 1) | ((a >>u W-1) ^ 1) | ~b = 0
    if (x.kind === 'imm') {
      const c = def(3);
      append('const', [w], [x], c);
      x = use(c);
    } else {
      reuse(x);
      reuse(x);
    }
    const shl = def();
    const top = def();
    const notTop = def();
    const nb = def();
    const o1 = def();
    const o2 = def();
    const ov = def(1, 1);
    append('shl', [w], [x, imm(1)], shl);
    append('shr_u', [w], [x, imm(w - 1)], top);
    append('xor', [w], [use(top), imm(1)], notTop);
    append('not', [w], [b], nb);
    append('or', [w], [use(shl), use(notTop)], o1);
    append('or', [w], [use(o1), use(nb)], o2);
    append('eqz', [w], [use(o2)], ov);
    trapIf(ov, 'int_overflow');
    out.push({ ...a, operands: [x, b] });
  } else if (a.opcode === 'rem_s') {
    const s = def(2);
    const t = def();
    const abs = def();
    append('shr_s', [w], [b, imm(w - 1)], s);
    append('xor', [w], [b, use(s)], t);
    append('sub', [w], [use(t), use(s)], abs);
    out.push({ ...a, operands: [x, use(abs)] });
  } else {
    out.push({ ...a, operands: [x, b] });
  }
  return { actions: out, extraUses: extra };
}
