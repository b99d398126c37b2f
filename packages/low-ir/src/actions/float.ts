/**
 * Standard float actions on IEEE 754 bit patterns (f32 at width 32, f64 at
 * 64): arithmetic, min/max, sign operations, rounding, comparisons, and the
 * conversions between floats and integers and between f32 and f64, with
 * WebAssembly's exact rules (NaN propagation, -0 < +0, round half to even,
 * trapping and saturating float→int). NaN results are canonical.
 */
import { toSigned, wrap } from '../bits.js';
import {
  floatFromBits,
  floatToBits,
  integerToFloat,
  roundHalfEven,
  roundToWidth,
  truncateSaturating,
  truncateToInteger,
  wasmMax,
  wasmMin,
} from '../floats.js';
import { type ActionSpec, TrapSignal } from '../registry.js';
import { FLOAT_WIDTHS, PURE, pairs, single, TRAPPING, TrapKinds, val, w0, w1 } from './define.js';

const ARITH = 'float arithmetic';
const CMP = 'float comparisons';
const CONV = 'float conversions';

function binary(opcode: string, summary: string, fn: (a: number, b: number) => number): ActionSpec {
  return {
    opcode,
    category: ARITH,
    summary,
    widths: single(FLOAT_WIDTHS),
    effects: PURE,
    signature: (ws) => ({ operands: [val(w0(ws)), val(w0(ws))], results: [w0(ws)] }),
    evaluate: (ws) => {
      const w = w0(ws);
      return (args) =>
        floatToBits(roundToWidth(fn(floatFromBits(args[0]!, w), floatFromBits(args[1]!, w)), w), w);
    },
  };
}

function unary(opcode: string, summary: string, fn: (a: number) => number): ActionSpec {
  return {
    opcode,
    category: ARITH,
    summary,
    widths: single(FLOAT_WIDTHS),
    effects: PURE,
    signature: (ws) => ({ operands: [val(w0(ws))], results: [w0(ws)] }),
    evaluate: (ws) => {
      const w = w0(ws);
      return (args) => floatToBits(roundToWidth(fn(floatFromBits(args[0]!, w)), w), w);
    },
  };
}

/** A sign-bit operation: exact on the bit pattern, NaN payloads kept. */
function signOp(
  opcode: string,
  summary: string,
  fn: (a: bigint, b: bigint, sign: bigint) => bigint,
  arity: 1 | 2,
): ActionSpec {
  return {
    opcode,
    category: ARITH,
    summary,
    widths: single(FLOAT_WIDTHS),
    effects: PURE,
    signature: (ws) => ({
      operands: arity === 1 ? [val(w0(ws))] : [val(w0(ws)), val(w0(ws))],
      results: [w0(ws)],
    }),
    evaluate: (ws) => {
      const sign = 1n << BigInt(w0(ws) - 1);
      return (args) => fn(args[0]!, args[1] ?? 0n, sign);
    },
  };
}

function compare(
  opcode: string,
  summary: string,
  fn: (a: number, b: number) => boolean,
): ActionSpec {
  return {
    opcode,
    category: CMP,
    summary,
    widths: single(FLOAT_WIDTHS),
    effects: PURE,
    signature: (ws) => ({ operands: [val(w0(ws)), val(w0(ws))], results: [1] }),
    evaluate: (ws) => {
      const w = w0(ws);
      return (args) => (fn(floatFromBits(args[0]!, w), floatFromBits(args[1]!, w)) ? 1n : 0n);
    },
  };
}

function intToFloat(opcode: 'itof_s' | 'itof_u', signed: boolean): ActionSpec {
  return {
    opcode,
    category: CONV,
    summary: `${opcode}.W.F: the ${signed ? 'signed' : 'unsigned'} F-bit integer as the nearest W-bit float (ties to even).`,
    widths: pairs(FLOAT_WIDTHS, FLOAT_WIDTHS, () => true),
    effects: PURE,
    signature: (ws) => ({ operands: [val(w1(ws))], results: [w0(ws)] }),
    evaluate: (ws) => {
      const [w, f] = [w0(ws), w1(ws)];
      return (args) => floatToBits(integerToFloat(signed ? toSigned(args[0]!, f) : args[0]!, w), w);
    },
  };
}

function floatToInt(opcode: string, signed: boolean, saturating: boolean): ActionSpec {
  const kind = signed ? 'signed' : 'unsigned';
  return {
    opcode,
    category: CONV,
    summary: saturating
      ? `${opcode}.W.F: the F-bit float truncated toward zero to a ${kind} W-bit integer; NaN gives 0, out of range clamps.`
      : `${opcode}.W.F: the F-bit float truncated toward zero to a ${kind} W-bit integer; traps on NaN and out of range.`,
    widths: pairs(FLOAT_WIDTHS, FLOAT_WIDTHS, () => true),
    effects: saturating ? PURE : TRAPPING,
    ...(saturating ? {} : { traps: [TrapKinds.invalidConversion, TrapKinds.integerOverflow] }),
    signature: (ws) => ({ operands: [val(w1(ws))], results: [w0(ws)] }),
    evaluate: (ws) => {
      const [w, f] = [w0(ws), w1(ws)];
      if (saturating) {
        return (args) => wrap(truncateSaturating(floatFromBits(args[0]!, f), w, signed), w);
      }
      return (args) => {
        const r = truncateToInteger(floatFromBits(args[0]!, f), w, signed);
        if (r.kind === 'nan') throw new TrapSignal(TrapKinds.invalidConversion);
        if (r.kind === 'overflow') throw new TrapSignal(TrapKinds.integerOverflow);
        return wrap(r.value, w);
      };
    },
  };
}

/** The standard float actions. */
export const FLOAT_ACTIONS: readonly ActionSpec[] = [
  binary('fadd', 'a + b, correctly rounded.', (a, b) => a + b),
  binary('fsub', 'a - b, correctly rounded.', (a, b) => a - b),
  binary('fmul', 'a × b, correctly rounded.', (a, b) => a * b),
  binary('fdiv', 'a / b, correctly rounded.', (a, b) => a / b),
  binary('fmin', 'Minimum; NaN if either is NaN; -0 < +0.', wasmMin),
  binary('fmax', 'Maximum; NaN if either is NaN; -0 < +0.', wasmMax),
  unary('fsqrt', 'Square root, correctly rounded.', Math.sqrt),
  unary('fceil', 'Round toward +∞.', Math.ceil),
  unary('ffloor', 'Round toward -∞.', Math.floor),
  unary('ftrunc', 'Round toward zero.', Math.trunc),
  unary('fnearest', 'Round to nearest integer, ties to even.', roundHalfEven),
  signOp('fabs', 'Clears the sign bit (exact, keeps NaN payloads).', (a, _b, s) => a & ~s, 1),
  signOp('fneg', 'Flips the sign bit (exact, keeps NaN payloads).', (a, _b, s) => a ^ s, 1),
  signOp('fcopysign', 'a with the sign bit of b (exact).', (a, b, s) => (a & ~s) | (b & s), 2),
  compare('feq', '1 if a = b (false if either is NaN; -0 = +0).', (a, b) => a === b),
  compare('fne', '1 if a ≠ b (true if either is NaN).', (a, b) => a !== b),
  compare('flt', '1 if a < b (false on NaN).', (a, b) => a < b),
  compare('fle', '1 if a ≤ b (false on NaN).', (a, b) => a <= b),
  compare('fgt', '1 if a > b (false on NaN).', (a, b) => a > b),
  compare('fge', '1 if a ≥ b (false on NaN).', (a, b) => a >= b),
  compare('funo', '1 if a or b is NaN (unordered).', (a, b) => Number.isNaN(a) || Number.isNaN(b)),
  intToFloat('itof_s', true),
  intToFloat('itof_u', false),
  floatToInt('ftoi_s', true, false),
  floatToInt('ftoi_u', false, false),
  floatToInt('ftoi_sat_s', true, true),
  floatToInt('ftoi_sat_u', false, true),
  {
    opcode: 'fpromote',
    category: CONV,
    summary: 'fpromote.64.32: the f32 as an f64 (exact; NaN becomes canonical).',
    widths: [[64, 32]],
    effects: PURE,
    signature: () => ({ operands: [val(32)], results: [64] }),
    evaluate: () => (args) => floatToBits(floatFromBits(args[0]!, 32), 64),
  },
  {
    opcode: 'fdemote',
    category: CONV,
    summary: 'fdemote.32.64: the f64 rounded to the nearest f32 (NaN becomes canonical).',
    widths: [[32, 64]],
    effects: PURE,
    signature: () => ({ operands: [val(64)], results: [32] }),
    evaluate: () => (args) => floatToBits(floatFromBits(args[0]!, 64), 32),
  },
  {
    opcode: 'reinterpret',
    category: CONV,
    summary:
      'The same bits, untouched. Low IR is untyped, so this equals copy; a producer uses it to ask for a move between integer and float registers.',
    widths: single(FLOAT_WIDTHS),
    effects: PURE,
    signature: (ws) => ({ operands: [val(w0(ws))], results: [w0(ws)] }),
    evaluate: () => (args) => args[0]!,
  },
];
