/**
 * Legalization rules for float actions a machine may lack (RISC-V F and D
 * have no unordered compare and no rounding to an integral value), in Low
 * IR, tried only when AsmQuery finds no form; architecture-independent.
 *
 * - `funo.W a, b` = `xor.1 (and.1 (feq a, a), (feq b, b)), 1` (only NaN is
 *   unequal to itself; one `feq` when a and b are the same value). No `fne`:
 *   its own rule uses `funo`.
 * - `fnearest/ftrunc/fceil/ffloor.W x`, with M = 2^(significand bits) (2^23,
 *   2^52), above which every float is an integer: for |x| < M,
 *   n = (|x| + M) − M is |x| rounded to nearest even (Low IR's rounding;
 *   both steps exact but the first's rounding), and
 *   - nearest = copysign(n, x);
 *   - trunc = copysign(n > |x| ? n − 1 : n, x);
 *   - ceil: with s = copysign(n, x), copysign(s < x ? s + 1 : s, x);
 *   - floor: copysign(s > x ? s − 1 : s, x)
 *   (copysign keeps the sign of a zero result: ceil(−0.5) = −0). Otherwise
 *   (|x| ≥ M, infinities, NaN) the result is `fmul x, 1`: x itself, or a
 *   NaN quieted.
 * - An immediate operand of a float action (one whose operands are floats)
 *   goes in a value through an integer one: `reinterpret.W (const.W imm)`.
 *   A machine whose float registers take no immediate puts it in a general
 *   register (where it may take two instructions: riscv32's `lui`+`addi`),
 *   then moves the bits (the generic rule for an immediate puts it in a
 *   known constant, which such a machine cannot put in a float register).
 *   A 64-bit one where pointers (and integer registers) are 32 bits:
 *   `join.64.32 (const.32 lo), (const.32 hi)`.
 */
import { type Action, f32ToBits, f64ToBits, type Operand } from '@lirc/low-ir';
import type { FreshId } from './legalize.js';
import { RuleWriter } from './legalize-bits.js';

const ROUNDINGS = new Set(['fnearest', 'ftrunc', 'fceil', 'ffloor']);

/** The rewritten actions, or undefined when no rule here applies. */
export function legalizeFloat(
  a: Action,
  fresh: FreshId,
  reuse: (id: number) => void,
  pointerWidth: number,
): Action[] | undefined {
  // Immediates first: a machine may have the action for values in registers.
  if (FLOAT_OPERANDS.has(a.opcode) && a.operands.some((o) => o.kind === 'imm'))
    return immediateOperand(a, fresh, reuse, pointerWidth);
  if (a.opcode === 'funo') return unordered(a, fresh, reuse);
  if (ROUNDINGS.has(a.opcode)) return rounding(a, fresh, reuse);
  return undefined;
}

/** The actions whose operands are all floats of their first width. */
const FLOAT_OPERANDS = new Set([
  'fadd',
  'fsub',
  'fmul',
  'fdiv',
  'fsqrt',
  'fabs',
  'fneg',
  'fcopysign',
  'fceil',
  'ffloor',
  'ftrunc',
  'fnearest',
  'fmin',
  'fmax',
  'feq',
  'fne',
  'flt',
  'fgt',
  'fle',
  'fge',
  'funo',
]);

function immediateOperand(
  a: Action,
  fresh: FreshId,
  reuse: (id: number) => void,
  pointerWidth: number,
): Action[] | undefined {
  const k = a.operands.findIndex((o) => o.kind === 'imm');
  if (k < 0) return undefined;
  const w = a.widths[0]!;
  const rw = new RuleWriter(fresh, reuse);
  const value = (a.operands[k] as { value: bigint }).value;
  const operands = a.operands.slice();
  if (w === 64 && pointerWidth === 32) {
    // No integer register holds the constant: its halves, joined.
    const half = (v: bigint) => rw.emit('const', [32], [imm(BigInt.asUintN(32, v))], 32);
    operands[k] = rw.emit('join', [64, 32], [half(value), half(value >> 32n)], 64);
  } else {
    const bits = rw.emit('const', [w], [a.operands[k]!], w);
    operands[k] = rw.emit('reinterpret', [w], [bits], w);
  }
  return [...rw.actions, { ...a, operands }];
}

const imm = (v: bigint): Operand => ({ kind: 'imm', value: v });

function unordered(a: Action, fresh: FreshId, reuse: (id: number) => void): Action[] | undefined {
  const r = a.results[0];
  if (!r) return undefined;
  const w = a.widths[0]!;
  const [x, y] = a.operands as [Operand, Operand];
  const rw = new RuleWriter(fresh, reuse);
  let ordered: Operand;
  // funo x, x holds two uses of x: feq x, x takes both.
  if (x.kind === 'value' && y.kind === 'value' && x.id === y.id)
    ordered = rw.emit('feq', [w], [x, x], 1);
  else {
    const ex = rw.emit('feq', [w], [x, rw.again(x)], 1);
    const ey = rw.emit('feq', [w], [y, rw.again(y)], 1);
    ordered = rw.emit('and', [1], [ex, ey], 1);
  }
  return rw.last('xor', [1], [ordered, imm(1n)], r);
}

function rounding(a: Action, fresh: FreshId, reuse: (id: number) => void): Action[] | undefined {
  const r = a.results[0];
  const w = a.widths[0];
  if (!r || (w !== 32 && w !== 64)) return undefined;
  const [x] = a.operands as [Operand];
  const k = (v: number) => imm(w === 32 ? f32ToBits(v) : f64ToBits(v));
  const M = k(2 ** (w === 32 ? 23 : 52));
  const one = k(1);
  const rw = new RuleWriter(fresh, reuse);
  const op = a.opcode;
  const signed = op === 'fceil' || op === 'ffloor';
  // x: fabs, the final fmul, one copysign; ceil/floor: a compare and a second copysign.
  rw.again(x, signed ? 4 : 2);
  const abs = rw.emit('fabs', [w], [x], w, op === 'ftrunc' ? 3 : 2);
  const small = rw.emit('flt', [w], [abs, M], 1);
  const shifted = rw.emit('fadd', [w], [abs, M], w);
  const n = rw.emit('fsub', [w], [shifted, M], w, op === 'ftrunc' ? 3 : 1);
  let v: Operand;
  if (op === 'fnearest') v = rw.emit('fcopysign', [w], [n, x], w);
  else if (op === 'ftrunc') {
    const above = rw.emit('fgt', [w], [n, abs], 1);
    const less = rw.emit('fsub', [w], [n, one], w);
    const f = rw.emit('select', [w], [above, less, n], w);
    v = rw.emit('fcopysign', [w], [f, x], w);
  } else {
    const s = rw.emit('fcopysign', [w], [n, x], w, 3);
    const ceil = op === 'fceil';
    const past = rw.emit(ceil ? 'flt' : 'fgt', [w], [s, x], 1);
    const step = rw.emit(ceil ? 'fadd' : 'fsub', [w], [s, one], w);
    const c = rw.emit('select', [w], [past, step, s], w);
    v = rw.emit('fcopysign', [w], [c, x], w);
  }
  const keep = rw.emit('fmul', [w], [x, one], w);
  return rw.last('select', [w], [small, v, keep], r);
}
