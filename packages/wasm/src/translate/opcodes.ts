/**
 * Tables from WebAssembly opcodes to Low IR: binary and unary operations,
 * comparisons, loads and stores, and the instructions not supported yet
 * (none today: floats.ts has the float instructions). One row per
 * instruction; i32 and i64 rows are written once per operation. The
 * instructions' names, types and access sizes are binary/opcodes.ts's.
 */
import type { Operand } from '@lirc/low-ir';
import { MEMORY, type MemoryInstruction, NUMERIC, PREFIX_FC } from '../binary/opcodes.js';
import type { Reader } from '../binary/reader.js';
import { type Emitter, imm } from './emitter.js';
import { FLOAT } from './floats.js';

/** A binary operation: `opcode.W a, b`, or a short sequence. */
export interface BinaryOp {
  readonly opcode: string;
  readonly width: 32 | 64;
  readonly emit?: (e: Emitter, a: Operand, b: Operand) => Operand;
}

/** A unary operation and its result width. */
export interface UnaryOp {
  readonly width: 32 | 64;
  readonly emit: (e: Emitter, a: Operand) => Operand;
}

/** A comparison (eqz included) of operands of `width`. */
export interface CompareOp {
  readonly opcode: string;
  readonly width: 32 | 64;
}

/** A load: the Low IR action's widths and the bytes it reads. */
export interface MemoryOp {
  readonly opcode: string;
  readonly widths: readonly number[];
  readonly bytes: number;
}

const INT_BINARY = [
  'add',
  'sub',
  'mul',
  'div_s',
  'div_u',
  'rem_s',
  'rem_u',
  'and',
  'or',
  'xor',
  'shl',
  'shr_s',
  'shr_u',
  'rotl',
  'rotr',
];
const INT_COMPARE = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];

/** Binary operations by opcode. */
export const BINARY: Record<number, BinaryOp> = {};
/** Comparisons by opcode. */
export const COMPARE: Record<number, CompareOp> = {};
/** Unary operations by opcode. */
export const UNARY: Record<number, UnaryOp> = {};

INT_BINARY.forEach((opcode, k) => {
  BINARY[0x6a + k] = { opcode, width: 32 };
  BINARY[0x7c + k] = { opcode, width: 64 };
});
COMPARE[0x45] = { opcode: 'eqz', width: 32 };
COMPARE[0x50] = { opcode: 'eqz', width: 64 };
INT_COMPARE.forEach((opcode, k) => {
  COMPARE[0x46 + k] = { opcode, width: 32 };
  COMPARE[0x51 + k] = { opcode, width: 64 };
});

const op1 =
  (opcode: string, widths: number[], width: 32 | 64) =>
  (e: Emitter, a: Operand): Operand =>
    e.def(opcode, widths, [a], width);

/** Sign-extends the low `bits` of a `width`-bit value: two shifts (no narrow values needed). */
const signExtendLow =
  (width: 32 | 64, bits: number) =>
  (e: Emitter, a: Operand): Operand => {
    const up = e.def('shl', [width], [a, imm(width - bits)], width);
    return e.def('shr_s', [width], [up, imm(width - bits)], width);
  };

const mask =
  (opcode: 'and' | 'xor', width: 32 | 64, m: bigint) =>
  (e: Emitter, a: Operand): Operand =>
    e.def(opcode, [width], [a, imm(m)], width);

for (const [base, width] of [
  [0x67, 32],
  [0x79, 64],
] as const) {
  UNARY[base] = { width, emit: op1('clz', [width], width) };
  UNARY[base + 1] = { width, emit: op1('ctz', [width], width) };
  UNARY[base + 2] = { width, emit: op1('popcnt', [width], width) };
}
UNARY[0xa7] = { width: 32, emit: op1('trunc', [32, 64], 32) };
UNARY[0xac] = { width: 64, emit: op1('sext', [64, 32], 64) };
UNARY[0xad] = { width: 64, emit: op1('zext', [64, 32], 64) };
UNARY[0xc0] = { width: 32, emit: signExtendLow(32, 8) };
UNARY[0xc1] = { width: 32, emit: signExtendLow(32, 16) };
UNARY[0xc2] = { width: 64, emit: signExtendLow(64, 8) };
UNARY[0xc3] = { width: 64, emit: signExtendLow(64, 16) };
UNARY[0xc4] = {
  width: 64,
  emit: (e, a) => e.def('sext', [64, 32], [e.def('trunc', [32, 64], [a], 32)], 64),
};
// Float sign operations are bit operations on the value's bits.
const SIGN32 = 0x8000_0000n;
const SIGN64 = 0x8000_0000_0000_0000n;
UNARY[0x8b] = { width: 32, emit: mask('and', 32, SIGN32 - 1n) };
UNARY[0x8c] = { width: 32, emit: mask('xor', 32, SIGN32) };
UNARY[0x99] = { width: 64, emit: mask('and', 64, SIGN64 - 1n) };
UNARY[0x9a] = { width: 64, emit: mask('xor', 64, SIGN64) };

const copysign =
  (width: 32 | 64, sign: bigint) =>
  (e: Emitter, a: Operand, b: Operand): Operand => {
    const magnitude = e.def('and', [width], [a, imm(sign - 1n)], width);
    const s = e.def('and', [width], [b, imm(sign)], width);
    return e.def('or', [width], [magnitude, s], width);
  };
BINARY[0x98] = { opcode: 'copysign', width: 32, emit: copysign(32, SIGN32) };
BINARY[0xa6] = { opcode: 'copysign', width: 64, emit: copysign(64, SIGN64) };

/** A load's or a store's Low IR action: the value's width, then the width accessed if narrower. */
function memoryOp(m: MemoryInstruction): MemoryOp {
  const width = m.type === 'i32' || m.type === 'f32' ? 32 : 64;
  const widths = m.bytes * 8 < width ? [width, m.bytes * 8] : [width];
  const extend = m.name.endsWith('_s') ? '_s' : m.name.endsWith('_u') ? '_u' : '';
  return { opcode: m.store ? 'store' : `load${extend}`, widths, bytes: m.bytes };
}

/** Loads by opcode (the value's width first in `widths`). */
export const LOADS: Record<number, MemoryOp> = {};
/** Stores by opcode. */
export const STORES: Record<number, MemoryOp> = {};
MEMORY.forEach((m, op) => {
  if (m) (m.store ? STORES : LOADS)[op] = memoryOp(m);
});

/**
 * Instructions not supported yet, by opcode: their names. These are the
 * numeric instructions without a row above or in floats.ts (none today)
 * except the reinterpretations 0xbc–0xbf (the same bits, instructions.ts).
 */
export const UNSUPPORTED: Record<number, string> = {};
NUMERIC.forEach((n, op) => {
  if (n && !BINARY[op] && !COMPARE[op] && !UNARY[op] && !FLOAT[op] && !(op >= 0xbc && op <= 0xbf))
    UNSUPPORTED[op] = n.name;
});

/** Readers of immediates for rows above that have some (0xfc: its sub-opcode). */
export const SKIP_IMMEDIATES: Record<number, (r: Reader) => void> = {
  [PREFIX_FC]: (r) => {
    r.u32();
  },
};
