/**
 * The WebAssembly instructions as data: the text-format name of every
 * opcode of the 2020 snapshot, the operand and result types of the numeric
 * instructions, and the value type and access size of the loads and stores.
 * The validator (validate.ts) types bodies with it; the translator's Low IR
 * tables (translate/opcodes.ts) take their names and sizes from it.
 */
import type { ValType } from './module.js';

/** A numeric instruction: operand types (bottom of the stack first) and result. */
export interface NumericInstruction {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly result: ValType;
}

/** A load or a store: the value's type and the bytes it accesses (its natural alignment). */
export interface MemoryInstruction {
  readonly name: string;
  readonly type: ValType;
  readonly store: boolean;
  /** 1, 2, 4 or 8; the alignment immediate is at most log2 of it. */
  readonly bytes: number;
}

/** Rows of consecutive opcodes: the first, `operand types -> result`, the names in order. */
type Rows = readonly (readonly [first: number, signature: string, names: string])[];

/** Puts `make(name)` at `first + k` in `table` for the k-th of the space-separated `names`. */
function fill<T>(table: T[], first: number, names: string, make: (name: string) => T): T[] {
  names.split(' ').forEach((name, k) => {
    table[first + k] = make(name);
  });
  return table;
}

function numericTable(rows: Rows): NumericInstruction[] {
  const table: NumericInstruction[] = [];
  for (const [first, signature, names] of rows) {
    const [params, result] = signature.split(' -> ') as [string, ValType];
    const types = params.split(' ') as ValType[];
    fill(table, first, names, (name) => ({ name, params: types, result }));
  }
  return table;
}

/** The numeric instructions without immediates (0x45–0xc4), by opcode. */
export const NUMERIC: readonly (NumericInstruction | undefined)[] = numericTable([
  [0x45, 'i32 -> i32', 'i32.eqz'],
  [
    0x46,
    'i32 i32 -> i32',
    'i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u',
  ],
  [0x50, 'i64 -> i32', 'i64.eqz'],
  [
    0x51,
    'i64 i64 -> i32',
    'i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u',
  ],
  [0x5b, 'f32 f32 -> i32', 'f32.eq f32.ne f32.lt f32.gt f32.le f32.ge'],
  [0x61, 'f64 f64 -> i32', 'f64.eq f64.ne f64.lt f64.gt f64.le f64.ge'],
  [0x67, 'i32 -> i32', 'i32.clz i32.ctz i32.popcnt'],
  [
    0x6a,
    'i32 i32 -> i32',
    'i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u i32.and i32.or i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr',
  ],
  [0x79, 'i64 -> i64', 'i64.clz i64.ctz i64.popcnt'],
  [
    0x7c,
    'i64 i64 -> i64',
    'i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u i64.and i64.or i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr',
  ],
  [0x8b, 'f32 -> f32', 'f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt'],
  [0x92, 'f32 f32 -> f32', 'f32.add f32.sub f32.mul f32.div f32.min f32.max f32.copysign'],
  [0x99, 'f64 -> f64', 'f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt'],
  [0xa0, 'f64 f64 -> f64', 'f64.add f64.sub f64.mul f64.div f64.min f64.max f64.copysign'],
  [0xa7, 'i64 -> i32', 'i32.wrap_i64'],
  [0xa8, 'f32 -> i32', 'i32.trunc_f32_s i32.trunc_f32_u'],
  [0xaa, 'f64 -> i32', 'i32.trunc_f64_s i32.trunc_f64_u'],
  [0xac, 'i32 -> i64', 'i64.extend_i32_s i64.extend_i32_u'],
  [0xae, 'f32 -> i64', 'i64.trunc_f32_s i64.trunc_f32_u'],
  [0xb0, 'f64 -> i64', 'i64.trunc_f64_s i64.trunc_f64_u'],
  [0xb2, 'i32 -> f32', 'f32.convert_i32_s f32.convert_i32_u'],
  [0xb4, 'i64 -> f32', 'f32.convert_i64_s f32.convert_i64_u'],
  [0xb6, 'f64 -> f32', 'f32.demote_f64'],
  [0xb7, 'i32 -> f64', 'f64.convert_i32_s f64.convert_i32_u'],
  [0xb9, 'i64 -> f64', 'f64.convert_i64_s f64.convert_i64_u'],
  [0xbb, 'f32 -> f64', 'f64.promote_f32'],
  [0xbc, 'f32 -> i32', 'i32.reinterpret_f32'],
  [0xbd, 'f64 -> i64', 'i64.reinterpret_f64'],
  [0xbe, 'i32 -> f32', 'f32.reinterpret_i32'],
  [0xbf, 'i64 -> f64', 'f64.reinterpret_i64'],
  [0xc0, 'i32 -> i32', 'i32.extend8_s i32.extend16_s'],
  [0xc2, 'i64 -> i64', 'i64.extend8_s i64.extend16_s i64.extend32_s'],
]);

/** The prefix of the non-trapping float-to-int conversions (then a sub-opcode). */
export const PREFIX_FC = 0xfc;

/** The non-trapping float-to-int conversions, by sub-opcode after 0xfc. */
export const TRUNC_SAT: readonly (NumericInstruction | undefined)[] = numericTable([
  [0, 'f32 -> i32', 'i32.trunc_sat_f32_s i32.trunc_sat_f32_u'],
  [2, 'f64 -> i32', 'i32.trunc_sat_f64_s i32.trunc_sat_f64_u'],
  [4, 'f32 -> i64', 'i64.trunc_sat_f32_s i64.trunc_sat_f32_u'],
  [6, 'f64 -> i64', 'i64.trunc_sat_f64_s i64.trunc_sat_f64_u'],
]);

/**
 * The loads and stores (0x28–0x3e), by opcode. A name says it all: the
 * value's type before the dot, the bits accessed after `load`/`store` (the
 * type's own when there are none).
 */
export const MEMORY: readonly (MemoryInstruction | undefined)[] = memoryTable(
  'i32.load i64.load f32.load f64.load i32.load8_s i32.load8_u i32.load16_s i32.load16_u ' +
    'i64.load8_s i64.load8_u i64.load16_s i64.load16_u i64.load32_s i64.load32_u ' +
    'i32.store i64.store f32.store f64.store i32.store8 i32.store16 i64.store8 i64.store16 i64.store32',
);

function memoryTable(names: string): MemoryInstruction[] {
  return fill([], 0x28, names, (name) => {
    const type = name.slice(0, 3) as ValType;
    const bits = /\d+/.exec(name.slice(4))?.[0] ?? type.slice(1);
    return { name, type, store: name.includes('store'), bytes: Number(bits) / 8 };
  });
}

/** The names of the other instructions (control, parametric, variables, constants, memory size). */
const OTHER_NAMES: string[] = [];
for (const [first, names] of [
  [0x00, 'unreachable nop block loop if else'],
  [0x0b, 'end br br_if br_table return call call_indirect'],
  [0x1a, 'drop select'],
  [0x20, 'local.get local.set local.tee global.get global.set'],
  [0x3f, 'memory.size memory.grow i32.const i64.const f32.const f64.const'],
] as const)
  fill(OTHER_NAMES, first, names, (name) => name);

/** The text-format name of opcode `op` (`sub`: the sub-opcode after 0xfc), or its number. */
export function instructionName(op: number, sub?: number): string {
  if (op === PREFIX_FC) return TRUNC_SAT[sub ?? -1]?.name ?? `0xfc ${sub ?? ''}`.trimEnd();
  return (
    NUMERIC[op]?.name ??
    MEMORY[op]?.name ??
    OTHER_NAMES[op] ??
    `0x${op.toString(16).padStart(2, '0')}`
  );
}
