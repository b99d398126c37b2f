/**
 * Standard integer actions: the ALU (arithmetic, bitwise, shifts and rotates,
 * bit counting), comparisons, the side results machines keep in flags, select,
 * copy, constants, and extension/truncation between widths (with `join` and
 * `high`, which put two 32-bit halves together and take the high one apart).
 *
 * All arithmetic wraps in two's complement; shift and rotate counts are taken
 * modulo the width; division and remainder trap as WebAssembly's do.
 */
import { bitLength, toSigned, wrap } from '../bits.js';
import { type ActionSpec, TrapSignal } from '../registry.js';
import {
  INT_AND_BOOL_WIDTHS,
  INT_WIDTHS,
  PURE,
  pairs,
  single,
  TRAPPING,
  TrapKinds,
  val,
  w0,
  w1,
} from './define.js';

type Binary = (a: bigint, b: bigint, width: number) => bigint;
type Unary = (a: bigint, width: number) => bigint;

function binary(
  opcode: string,
  category: string,
  summary: string,
  fn: Binary,
  widths: readonly number[] = INT_WIDTHS,
  traps?: readonly string[],
): ActionSpec {
  return {
    opcode,
    category,
    summary,
    widths: single(widths),
    effects: traps ? TRAPPING : PURE,
    ...(traps ? { traps } : {}),
    signature: (ws) => ({ operands: [val(w0(ws)), val(w0(ws))], results: [w0(ws)] }),
    evaluate: (ws) => {
      const w = w0(ws);
      return (args) => wrap(fn(args[0]!, args[1]!, w), w);
    },
  };
}

function unary(opcode: string, category: string, summary: string, fn: Unary): ActionSpec {
  return {
    opcode,
    category,
    summary,
    widths: single(INT_WIDTHS),
    effects: PURE,
    signature: (ws) => ({ operands: [val(w0(ws))], results: [w0(ws)] }),
    evaluate: (ws) => {
      const w = w0(ws);
      return (args) => wrap(fn(args[0]!, w), w);
    },
  };
}

/** A comparison or flag-like side result: two W-bit inputs, one 1-bit result. */
function predicate(
  opcode: string,
  category: string,
  summary: string,
  fn: (a: bigint, b: bigint, width: number) => boolean,
  widths: readonly number[] = INT_WIDTHS,
): ActionSpec {
  return {
    opcode,
    category,
    summary,
    widths: single(widths),
    effects: PURE,
    signature: (ws) => ({ operands: [val(w0(ws)), val(w0(ws))], results: [1] }),
    evaluate: (ws) => {
      const w = w0(ws);
      return (args) => (fn(args[0]!, args[1]!, w) ? 1n : 0n);
    },
  };
}

function unaryPredicate(
  opcode: string,
  summary: string,
  fn: (a: bigint, width: number) => boolean,
): ActionSpec {
  return {
    opcode,
    category: 'comparisons and flags',
    summary,
    widths: single(INT_WIDTHS),
    effects: PURE,
    signature: (ws) => ({ operands: [val(w0(ws))], results: [1] }),
    evaluate: (ws) => {
      const w = w0(ws);
      return (args) => (fn(args[0]!, w) ? 1n : 0n);
    },
  };
}

function shiftCount(b: bigint, width: number): bigint {
  return b % BigInt(width);
}

function divide(a: bigint, b: bigint, width: number, signed: boolean): bigint {
  if (b === 0n) throw new TrapSignal(TrapKinds.integerDivideByZero);
  if (!signed) return a / b;
  const dividend = toSigned(a, width);
  const divisor = toSigned(b, width);
  if (divisor === -1n && dividend === -(1n << BigInt(width - 1))) {
    throw new TrapSignal(TrapKinds.integerOverflow);
  }
  return dividend / divisor;
}

function remainder(a: bigint, b: bigint, width: number, signed: boolean): bigint {
  if (b === 0n) throw new TrapSignal(TrapKinds.integerDivideByZero);
  if (!signed) return a % b;
  const divisor = toSigned(b, width);
  if (divisor === -1n) return 0n; // also INT_MIN rem -1, which must not trap
  return toSigned(a, width) % divisor;
}

function popcount(a: bigint): number {
  let n = 0;
  for (let v = a; v !== 0n; v &= v - 1n) n++;
  return n;
}

function trailingZeros(a: bigint, width: number): number {
  if (a === 0n) return width;
  let n = 0;
  for (let v = a; (v & 1n) === 0n; v >>= 1n) n++;
  return n;
}

const ARITH = 'integer arithmetic';
const BITS = 'bitwise, shifts and bit counting';
const CMP = 'comparisons and flags';

/** The standard integer ALU actions. */
export const INTEGER_ACTIONS: readonly ActionSpec[] = [
  binary('add', ARITH, 'a + b, wrapping.', (a, b) => a + b),
  binary('sub', ARITH, 'a - b, wrapping.', (a, b) => a - b),
  binary('mul', ARITH, 'a × b, low W bits.', (a, b) => a * b),
  binary(
    'mulh_s',
    ARITH,
    'High W bits of the signed 2W-bit product.',
    (a, b, w) => (toSigned(a, w) * toSigned(b, w)) >> BigInt(w),
  ),
  binary(
    'mulh_u',
    ARITH,
    'High W bits of the unsigned 2W-bit product.',
    (a, b, w) => (a * b) >> BigInt(w),
  ),
  binary(
    'div_s',
    ARITH,
    'Signed division truncating toward zero. Traps on b = 0 and on INT_MIN / -1.',
    (a, b, w) => divide(a, b, w, true),
    INT_WIDTHS,
    [TrapKinds.integerDivideByZero, TrapKinds.integerOverflow],
  ),
  binary(
    'div_u',
    ARITH,
    'Unsigned division. Traps on b = 0.',
    (a, b, w) => divide(a, b, w, false),
    INT_WIDTHS,
    [TrapKinds.integerDivideByZero],
  ),
  binary(
    'rem_s',
    ARITH,
    'Signed remainder, sign of a. Traps on b = 0; INT_MIN rem -1 is 0.',
    (a, b, w) => remainder(a, b, w, true),
    INT_WIDTHS,
    [TrapKinds.integerDivideByZero],
  ),
  binary(
    'rem_u',
    ARITH,
    'Unsigned remainder. Traps on b = 0.',
    (a, b, w) => remainder(a, b, w, false),
    INT_WIDTHS,
    [TrapKinds.integerDivideByZero],
  ),
  unary('neg', ARITH, '0 - a, wrapping.', (a) => -a),
  binary('and', BITS, 'Bitwise and.', (a, b) => a & b, INT_AND_BOOL_WIDTHS),
  binary('or', BITS, 'Bitwise or.', (a, b) => a | b, INT_AND_BOOL_WIDTHS),
  binary('xor', BITS, 'Bitwise exclusive or.', (a, b) => a ^ b, INT_AND_BOOL_WIDTHS),
  unary('not', BITS, 'Bitwise complement.', (a) => ~a),
  binary('shl', BITS, 'a << (b mod W).', (a, b, w) => a << shiftCount(b, w)),
  binary('shr_u', BITS, 'Logical a >> (b mod W).', (a, b, w) => a >> shiftCount(b, w)),
  binary(
    'shr_s',
    BITS,
    'Arithmetic a >> (b mod W).',
    (a, b, w) => toSigned(a, w) >> shiftCount(b, w),
  ),
  binary('rotl', BITS, 'Rotate a left by b mod W.', (a, b, w) => {
    const k = shiftCount(b, w);
    return (a << k) | (a >> (BigInt(w) - k));
  }),
  binary('rotr', BITS, 'Rotate a right by b mod W.', (a, b, w) => {
    const k = shiftCount(b, w);
    return (a >> k) | (a << (BigInt(w) - k));
  }),
  unary('clz', BITS, 'Number of leading zero bits (W for 0).', (a, w) => BigInt(w - bitLength(a))),
  unary('ctz', BITS, 'Number of trailing zero bits (W for 0).', (a, w) =>
    BigInt(trailingZeros(a, w)),
  ),
  unary('popcnt', BITS, 'Number of one bits.', (a) => BigInt(popcount(a))),

  predicate('eq', CMP, '1 if a = b.', (a, b) => a === b, INT_AND_BOOL_WIDTHS),
  predicate('ne', CMP, '1 if a ≠ b.', (a, b) => a !== b, INT_AND_BOOL_WIDTHS),
  predicate('lt_s', CMP, '1 if a < b, signed.', (a, b, w) => toSigned(a, w) < toSigned(b, w)),
  predicate('lt_u', CMP, '1 if a < b, unsigned (the borrow of a - b).', (a, b) => a < b),
  predicate('le_s', CMP, '1 if a ≤ b, signed.', (a, b, w) => toSigned(a, w) <= toSigned(b, w)),
  predicate('le_u', CMP, '1 if a ≤ b, unsigned.', (a, b) => a <= b),
  predicate('gt_s', CMP, '1 if a > b, signed.', (a, b, w) => toSigned(a, w) > toSigned(b, w)),
  predicate('gt_u', CMP, '1 if a > b, unsigned.', (a, b) => a > b),
  predicate('ge_s', CMP, '1 if a ≥ b, signed.', (a, b, w) => toSigned(a, w) >= toSigned(b, w)),
  predicate('ge_u', CMP, '1 if a ≥ b, unsigned.', (a, b) => a >= b),
  unaryPredicate('eqz', '1 if a = 0 (the is-zero flag of a result).', (a) => a === 0n),
  unaryPredicate(
    'sign',
    '1 if the top bit of a is set (the sign flag of a result).',
    (a, w) => ((a >> BigInt(w - 1)) & 1n) === 1n,
  ),
  predicate(
    'add_carry',
    CMP,
    '1 if a + b carries out of W bits (unsigned overflow).',
    (a, b, w) => a + b >= 1n << BigInt(w),
  ),
  predicate(
    'add_overflow',
    CMP,
    '1 if a + b overflows as signed W-bit integers.',
    (a, b, w) => !fitsSigned(toSigned(a, w) + toSigned(b, w), w),
  ),
  predicate(
    'sub_overflow',
    CMP,
    '1 if a - b overflows as signed W-bit integers.',
    (a, b, w) => !fitsSigned(toSigned(a, w) - toSigned(b, w), w),
  ),

  {
    opcode: 'select',
    category: 'moves and constants',
    summary: 'c ? a : b, where c is a 1-bit value.',
    widths: single(INT_AND_BOOL_WIDTHS),
    effects: PURE,
    signature: (ws) => ({ operands: [val(1), val(w0(ws)), val(w0(ws))], results: [w0(ws)] }),
    evaluate: () => (args) => (args[0] === 1n ? args[1]! : args[2]!),
  },
  {
    opcode: 'copy',
    category: 'moves and constants',
    summary: 'The value itself (LIRC uses it to move a value between locations).',
    widths: single(INT_AND_BOOL_WIDTHS),
    effects: PURE,
    signature: (ws) => ({ operands: [val(w0(ws))], results: [w0(ws)] }),
    evaluate: () => (args) => args[0]!,
  },
  {
    opcode: 'const',
    category: 'moves and constants',
    summary: 'The immediate, as a W-bit pattern (it must fit W bits, signed or unsigned).',
    widths: single(INT_AND_BOOL_WIDTHS),
    effects: PURE,
    signature: (ws) => ({ operands: [{ kind: 'imm', width: w0(ws) }], results: [w0(ws)] }),
    evaluate: () => (args) => args[0]!,
  },
  {
    opcode: 'sext',
    category: 'extension and truncation',
    summary: 'sext.W.F: sign-extends an F-bit value to W bits.',
    widths: pairs(INT_WIDTHS, INT_AND_BOOL_WIDTHS, (t, f) => f < t),
    effects: PURE,
    signature: (ws) => ({ operands: [val(w1(ws))], results: [w0(ws)] }),
    evaluate: (ws) => {
      const [to, from] = [w0(ws), w1(ws)];
      return (args) => wrap(toSigned(args[0]!, from), to);
    },
  },
  {
    opcode: 'zext',
    category: 'extension and truncation',
    summary: 'zext.W.F: zero-extends an F-bit value to W bits.',
    widths: pairs(INT_WIDTHS, INT_AND_BOOL_WIDTHS, (t, f) => f < t),
    effects: PURE,
    signature: (ws) => ({ operands: [val(w1(ws))], results: [w0(ws)] }),
    evaluate: () => (args) => args[0]!,
  },
  {
    opcode: 'trunc',
    category: 'extension and truncation',
    summary: 'trunc.W.F: the low W bits of an F-bit value.',
    widths: pairs(INT_AND_BOOL_WIDTHS, INT_WIDTHS, (t, f) => t < f),
    effects: PURE,
    signature: (ws) => ({ operands: [val(w1(ws))], results: [w0(ws)] }),
    evaluate: (ws) => {
      const to = w0(ws);
      return (args) => wrap(args[0]!, to);
    },
  },
  {
    opcode: 'join',
    category: 'extension and truncation',
    summary:
      'join.64.32 lo, hi: the 64-bit value whose low half is lo and high half hi (a machine that keeps 64-bit integers in pairs joins them for a 64-bit float).',
    widths: [[64, 32]],
    effects: PURE,
    signature: () => ({ operands: [val(32), val(32)], results: [64] }),
    evaluate: () => (args) => (args[1]! << 32n) | args[0]!,
  },
  {
    opcode: 'high',
    category: 'extension and truncation',
    summary: 'high.32.64 v: the high 32 bits of a 64-bit value (its low half is trunc.32.64 v).',
    widths: [[32, 64]],
    effects: PURE,
    signature: () => ({ operands: [val(64)], results: [32] }),
    evaluate: () => (args) => wrap(args[0]! >> 32n, 32),
  },
];

function fitsSigned(v: bigint, width: number): boolean {
  const half = 1n << BigInt(width - 1);
  return v >= -half && v < half;
}
