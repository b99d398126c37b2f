/**
 * Randomized differential test: every action that has a WebAssembly
 * counterpart (i32/i64/f32/f64 arithmetic, comparisons, conversions) is run
 * on 2000 seeded random inputs through our registry and through V8's wasm
 * engine, built from bytes here. Results must agree bit for bit, except that
 * a NaN result is compared as NaN-ness only (wasm leaves the NaN's bits
 * open; ours must be the canonical NaN, checked separately). A trap must
 * match a trap, with the same kind where V8's message tells it.
 */
import {
  evaluate,
  F32_NAN,
  F64_NAN,
  floatBits,
  isNaNBits,
  NO_MEMORY,
  type Outcome,
  parseAction,
} from './helpers/eval.js';
import { Rng, randomFloat, randomInt, seedOf } from './helpers/random.js';
import { instantiate, type ValType, type WasmFunc } from './helpers/wasm.js';

const CASES_PER_ACTION = 2000;

const INT_BINARY: readonly (readonly [string, number, number])[] = [
  ['add', 0x6a, 0x7c],
  ['sub', 0x6b, 0x7d],
  ['mul', 0x6c, 0x7e],
  ['div_s', 0x6d, 0x7f],
  ['div_u', 0x6e, 0x80],
  ['rem_s', 0x6f, 0x81],
  ['rem_u', 0x70, 0x82],
  ['and', 0x71, 0x83],
  ['or', 0x72, 0x84],
  ['xor', 0x73, 0x85],
  ['shl', 0x74, 0x86],
  ['shr_s', 0x75, 0x87],
  ['shr_u', 0x76, 0x88],
  ['rotl', 0x77, 0x89],
  ['rotr', 0x78, 0x8a],
];
const INT_UNARY = [
  ['clz', 0x67, 0x79],
  ['ctz', 0x68, 0x7a],
  ['popcnt', 0x69, 0x7b],
] as const;
const INT_COMPARE = [
  ['eq', 0x46, 0x51],
  ['ne', 0x47, 0x52],
  ['lt_s', 0x48, 0x53],
  ['lt_u', 0x49, 0x54],
  ['gt_s', 0x4a, 0x55],
  ['gt_u', 0x4b, 0x56],
  ['le_s', 0x4c, 0x57],
  ['le_u', 0x4d, 0x58],
  ['ge_s', 0x4e, 0x59],
  ['ge_u', 0x4f, 0x5a],
] as const;
const FLOAT_BINARY = [
  ['fadd', 0x92, 0xa0],
  ['fsub', 0x93, 0xa1],
  ['fmul', 0x94, 0xa2],
  ['fdiv', 0x95, 0xa3],
  ['fmin', 0x96, 0xa4],
  ['fmax', 0x97, 0xa5],
  ['fcopysign', 0x98, 0xa6],
] as const;
const FLOAT_UNARY = [
  ['fabs', 0x8b, 0x99],
  ['fneg', 0x8c, 0x9a],
  ['fceil', 0x8d, 0x9b],
  ['ffloor', 0x8e, 0x9c],
  ['ftrunc', 0x8f, 0x9d],
  ['fnearest', 0x90, 0x9e],
  ['fsqrt', 0x91, 0x9f],
] as const;
const FLOAT_COMPARE = [
  ['feq', 0x5b, 0x61],
  ['fne', 0x5c, 0x62],
  ['flt', 0x5d, 0x63],
  ['fgt', 0x5e, 0x64],
  ['fle', 0x5f, 0x65],
  ['fge', 0x60, 0x66],
] as const;
/** [action, wasm result, wasm operand, opcode bytes] for conversions. */
const CONVERSIONS: readonly (readonly [string, ValType, ValType, readonly number[]])[] = [
  ['ftoi_s.32.32', 'i32', 'f32', [0xa8]],
  ['ftoi_u.32.32', 'i32', 'f32', [0xa9]],
  ['ftoi_s.32.64', 'i32', 'f64', [0xaa]],
  ['ftoi_u.32.64', 'i32', 'f64', [0xab]],
  ['ftoi_s.64.32', 'i64', 'f32', [0xae]],
  ['ftoi_u.64.32', 'i64', 'f32', [0xaf]],
  ['ftoi_s.64.64', 'i64', 'f64', [0xb0]],
  ['ftoi_u.64.64', 'i64', 'f64', [0xb1]],
  ['ftoi_sat_s.32.32', 'i32', 'f32', [0xfc, 0]],
  ['ftoi_sat_u.32.32', 'i32', 'f32', [0xfc, 1]],
  ['ftoi_sat_s.32.64', 'i32', 'f64', [0xfc, 2]],
  ['ftoi_sat_u.32.64', 'i32', 'f64', [0xfc, 3]],
  ['ftoi_sat_s.64.32', 'i64', 'f32', [0xfc, 4]],
  ['ftoi_sat_u.64.32', 'i64', 'f32', [0xfc, 5]],
  ['ftoi_sat_s.64.64', 'i64', 'f64', [0xfc, 6]],
  ['ftoi_sat_u.64.64', 'i64', 'f64', [0xfc, 7]],
  ['itof_s.32.32', 'f32', 'i32', [0xb2]],
  ['itof_u.32.32', 'f32', 'i32', [0xb3]],
  ['itof_s.32.64', 'f32', 'i64', [0xb4]],
  ['itof_u.32.64', 'f32', 'i64', [0xb5]],
  ['itof_s.64.32', 'f64', 'i32', [0xb7]],
  ['itof_u.64.32', 'f64', 'i32', [0xb8]],
  ['itof_s.64.64', 'f64', 'i64', [0xb9]],
  ['itof_u.64.64', 'f64', 'i64', [0xba]],
  ['fdemote.32.64', 'f32', 'f64', [0xb6]],
  ['fpromote.64.32', 'f64', 'f32', [0xbb]],
  ['sext.32.8', 'i32', 'i32', [0xc0]],
  ['sext.32.16', 'i32', 'i32', [0xc1]],
  ['sext.64.8', 'i64', 'i64', [0xc2]],
  ['sext.64.16', 'i64', 'i64', [0xc3]],
  ['sext.64.32', 'i64', 'i32', [0xac]],
  ['zext.64.32', 'i64', 'i32', [0xad]],
  ['trunc.32.64', 'i32', 'i64', [0xa7]],
];

/** Actions on the sign bit: exact on NaNs too, so compared bit for bit. */
const EXACT = new Set(['fabs', 'fneg', 'fcopysign']);

const I32_0 = [0x41, 0x00];
const I64_32 = [0x42, 0x20];
const FUNCS: WasmFunc[] = [];
for (const [i, w, t] of [
  [0, 32, 'i32'],
  [1, 64, 'i64'],
] as const) {
  const ft: ValType = w === 32 ? 'f32' : 'f64';
  const add = (name: string, params: ValType[], result: ValType, op: number[]) =>
    FUNCS.push({ name: `${name}.${w}`, params, result, op });
  const code = (row: readonly [string, number, number]) => [i === 0 ? row[1] : row[2]];
  for (const row of INT_BINARY) add(row[0], [t, t], t, code(row));
  for (const row of INT_UNARY) add(row[0], [t], t, code(row));
  for (const row of INT_COMPARE) add(row[0], [t, t], 'i32', code(row));
  add('eqz', [t], 'i32', [w === 32 ? 0x45 : 0x50]);
  for (const row of FLOAT_BINARY) add(row[0], [ft, ft], ft, code(row));
  for (const row of FLOAT_UNARY) add(row[0], [ft], ft, code(row));
  for (const row of FLOAT_COMPARE) add(row[0], [ft, ft], 'i32', code(row));
  const ne = w === 32 ? 0x5c : 0x62;
  const [get0, get1] = [
    [0x20, 0, w === 32 ? 0xbe : 0xbf],
    [0x20, 1, w === 32 ? 0xbe : 0xbf],
  ];
  // funo a, b = (a ≠ a) | (b ≠ b)
  FUNCS.push({
    name: `funo.${w}`,
    params: [ft, ft],
    result: 'i32',
    body: [...get0, ...get0, ne, ...get1, ...get1, ne, 0x72],
  });
  // select c, a, b is wasm's select a, b, c
  FUNCS.push({
    name: `select.${w}`,
    params: ['i32', t, t],
    result: t,
    body: [0x20, 1, 0x20, 2, 0x20, 0, 0x1b],
  });
}
// neg, not and sign from other wasm instructions.
FUNCS.push(
  { name: 'neg.32', params: ['i32'], result: 'i32', body: [...I32_0, 0x20, 0, 0x6b] },
  { name: 'neg.64', params: ['i64'], result: 'i64', body: [0x42, 0x00, 0x20, 0, 0x7d] },
  { name: 'not.32', params: ['i32'], result: 'i32', op: [0x41, 0x7f, 0x73] },
  { name: 'not.64', params: ['i64'], result: 'i64', op: [0x42, 0x7f, 0x85] },
  { name: 'sign.32', params: ['i32'], result: 'i32', op: [...I32_0, 0x48] },
  { name: 'sign.64', params: ['i64'], result: 'i32', op: [0x42, 0x00, 0x53] },
);
// 32-bit mulh and flags through i64 arithmetic on extended operands.
const ext = (s: boolean) => [0x20, 0, s ? 0xac : 0xad, 0x20, 1, s ? 0xac : 0xad];
FUNCS.push(
  {
    name: 'mulh_s.32',
    params: ['i32', 'i32'],
    result: 'i32',
    body: [...ext(true), 0x7e, ...I64_32, 0x87, 0xa7],
  },
  {
    name: 'mulh_u.32',
    params: ['i32', 'i32'],
    result: 'i32',
    body: [...ext(false), 0x7e, ...I64_32, 0x88, 0xa7],
  },
  {
    name: 'add_carry.32',
    params: ['i32', 'i32'],
    result: 'i32',
    body: [...ext(false), 0x7c, ...I64_32, 0x88, 0xa7],
  },
);
// add_overflow / sub_overflow: the exact i64 sum or difference is not its own sext of the low 32 bits.
for (const [name, op] of [
  ['add_overflow', 0x7c],
  ['sub_overflow', 0x7d],
] as const) {
  const body = [...ext(true), op, 0x22, 2, 0x20, 2, 0xa7, 0xac, 0x52];
  FUNCS.push({ name: `${name}.32`, params: ['i32', 'i32'], result: 'i32', body, locals: ['i64'] });
}
for (const [name, result, operand, op] of CONVERSIONS)
  FUNCS.push({ name, params: [operand], result, op: [...op] });

const callWasm = instantiate(FUNCS);

/** V8's trap messages, mapped to our trap kinds where they are unambiguous. */
function trapKindOf(message: string): string | undefined {
  if (/divide by zero|remainder by zero/i.test(message)) return 'int_divide_by_zero';
  if (/divide result unrepresentable/i.test(message)) return 'int_overflow';
  return undefined;
}

function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

function showOutcome(o: Outcome): string {
  return typeof o === 'bigint' ? hex(o) : JSON.stringify(o);
}

describe('actions agree with V8 WebAssembly on random inputs', () => {
  test('every wasm-equivalent action is registered at these widths', () => {
    for (const fn of FUNCS) expect(() => parseAction(fn.name)).not.toThrow();
  });

  test.each(FUNCS.map((fn) => [fn.name, fn] as const))('%s', (action, fn) => {
    const { spec, widths } = parseAction(action);
    const sig = spec.signature(widths, 64);
    const resultWidth = (sig.results as number[])[0]!;
    const floatResult = fn.result === 'f32' || fn.result === 'f64';
    const rng = new Rng(seedOf(action));
    const mismatches: string[] = [];
    for (let n = 0; n < CASES_PER_ACTION && mismatches.length < 10; n++) {
      const args = fn.params.map((t, i) => {
        const rule = sig.operands[i]!;
        const width = rule.kind === 'value' && typeof rule.width === 'number' ? rule.width : 64;
        if (t === 'f32' || t === 'f64') {
          return randomFloat(rng, width, (x) =>
            floatBits(width === 32 ? Math.fround(x) : x, width),
          );
        }
        return width === 1 ? BigInt(rng.below(2)) : randomInt(rng, width);
      });
      const ours = evaluate(action, args, NO_MEMORY);
      const theirs = callWasm(action, args);
      const show = `${action}(${args.map(hex).join(', ')})`;
      if ('trapMessage' in theirs) {
        const kind = trapKindOf(theirs.trapMessage);
        const ok = typeof ours === 'object' && (kind === undefined || ours.trap === kind);
        if (!ok)
          mismatches.push(`${show}: wasm traps '${theirs.trapMessage}', ours ${showOutcome(ours)}`);
        continue;
      }
      if (typeof ours !== 'bigint') {
        mismatches.push(`${show}: wasm gives ${hex(theirs.bits)}, ours ${showOutcome(ours)}`);
        continue;
      }
      if (floatResult && !EXACT.has(spec.opcode) && isNaNBits(theirs.bits, resultWidth)) {
        const canonical = resultWidth === 32 ? F32_NAN : F64_NAN;
        if (ours !== canonical) mismatches.push(`${show}: wasm gives NaN, ours ${hex(ours)}`);
        continue;
      }
      if (ours !== theirs.bits)
        mismatches.push(`${show}: wasm gives ${hex(theirs.bits)}, ours ${hex(ours)}`);
    }
    expect(mismatches).toEqual([]);
  });
});
