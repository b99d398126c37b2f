/**
 * Straight-line actions of random programs: arithmetic and bitwise actions
 * (immediate operands with edge values, shift counts around the width),
 * comparisons and side results (carry, overflow, sign, is-zero), select,
 * extension and truncation, constants, division with its divisor guarded or
 * (rarely) not, loads and stores confined to the memory region, rare
 * `trap_if`s, and float actions whose bits never reach an integer result.
 */
import { sym } from '../builder.js';
import { f32ToBits, f64ToBits } from '../floats.js';
import type { DraftOperand, DraftValue } from './draft.js';
import type { FnGen } from './function-gen.js';
import { edgeInteger } from './prng.js';

const BINARY: readonly (readonly [string, number])[] = [
  ['add', 6],
  ['sub', 5],
  ['mul', 3],
  ['and', 4],
  ['or', 4],
  ['xor', 4],
  ['shl', 2],
  ['shr_u', 2],
  ['shr_s', 2],
  ['rotl', 1],
  ['rotr', 1],
  ['mulh_s', 1],
  ['mulh_u', 1],
];
const SHIFTS = new Set(['shl', 'shr_u', 'shr_s', 'rotl', 'rotr']);
const UNARY = ['neg', 'not', 'clz', 'ctz', 'popcnt'];
const DIVISIONS = ['div_s', 'div_u', 'rem_s', 'rem_u'];

/** Drafts one straight-line action (or a short group of them) of a random kind. */
export function genAction(g: FnGen): void {
  const floats = g.opts.floats && g.opts.widths.some((w) => w === 32 || w === 64);
  const kind = g.rng.weighted<(g: FnGen) => void>([
    [genBinary, 24],
    [genUnary, 4],
    [genCompare, 6],
    [genSideResults, 5],
    [genSelect, 6],
    [genConvert, 7],
    [genConst, 2],
    [genBool, 2],
    [genDivision, 6],
    [genMemory, g.ctx.memory ? 10 : 0],
    [genFloat, floats ? 8 : 0],
    [genRareTrapIf, 0.5],
  ]);
  kind(g);
}

/** A shift or rotate count: often an immediate around the width (0, 1, W-1, W, W+1…). */
function shiftCount(g: FnGen, w: number): DraftOperand {
  if (!g.rng.chance(0.5)) return g.value(w);
  const edges = [0, 1, w - 1, w, w + 1, 2 * w - 1, g.rng.below(w)];
  return BigInt(g.rng.pick(edges));
}

/** `a op b` for a random binary integer action. */
export function genBinary(g: FnGen, w = g.intWidth()): DraftValue {
  const opcode = g.rng.weighted(BINARY);
  const a = g.rng.chance(0.05) ? edgeInteger(g.rng, w) : g.value(w);
  const b = SHIFTS.has(opcode) ? shiftCount(g, w) : g.operand(w, 0.3);
  return g.op(opcode, [w], [a, b], w);
}

function genUnary(g: FnGen): void {
  const w = g.intWidth();
  g.op(g.rng.pick(UNARY), [w], [g.value(w)], w);
}

/** A comparison or flag, often turned into an integer right away. */
function genCompare(g: FnGen): void {
  const c = g.cond();
  if (g.rng.chance(0.5)) {
    const w = g.intWidth();
    g.op(g.rng.pick(['zext', 'sext']), [w, 1], [c], w);
  }
}

/** An add or sub with its carry / overflow flag, or the sign and is-zero flags of a result. */
function genSideResults(g: FnGen): void {
  const w = g.intWidth();
  const a = g.value(w);
  const b = g.operand(w, 0.3);
  switch (g.rng.below(4)) {
    case 0:
      g.op('add', [w], [a, b], w);
      g.op('add_carry', [w], [a, b], 1);
      break;
    case 1:
      g.op('add', [w], [a, b], w);
      g.op('add_overflow', [w], [a, b], 1);
      break;
    case 2:
      g.op('sub', [w], [a, b], w);
      g.op(g.rng.pick(['sub_overflow', 'lt_u']), [w], [a, b], 1);
      break;
    default: {
      const r = genBinary(g, w);
      g.op('sign', [w], [r], 1);
      g.op('eqz', [w], [r], 1);
    }
  }
}

function genSelect(g: FnGen): void {
  const w = g.rng.chance(0.1) ? 1 : g.intWidth();
  g.op('select', [w], [g.cond(), g.operand(w, 0.2), g.operand(w, 0.2)], w);
}

/** zext / sext / trunc (or copy) of a pool value to another width. */
function genConvert(g: FnGen): void {
  const sources = g.pool.filter((v) => !v.float);
  if (sources.length === 0) return;
  const from = g.rng.pick(sources);
  const to = g.rng.chance(0.1) ? 1 : g.intWidth();
  if (to === 1 && from.width === 1) return;
  g.convert(from, to);
}

function genConst(g: FnGen): void {
  const w = g.intWidth();
  g.op('const', [w], [edgeInteger(g.rng, w)], w);
}

/** and / or / xor of two conditions. */
function genBool(g: FnGen): void {
  g.op(g.rng.pick(['and', 'or', 'xor']), [1], [g.cond(), g.cond()], 1);
}

/** A nonzero immediate divisor. */
function nonzeroDivisor(g: FnGen, w: number): bigint {
  for (;;) {
    const d = edgeInteger(g.rng, w);
    if (BigInt.asUintN(w, d) !== 0n) return d;
  }
}

/**
 * div_s / div_u / rem_s / rem_u. The divisor is usually made nonzero (an
 * immediate, `or` with a set bit, or `select` on `eqz`); with probability
 * `unguardedDivision` it comes straight from data, alone or behind
 * `trap_if (eqz d), div_guard`, so some programs trap.
 */
function genDivision(g: FnGen): void {
  const w = g.intWidth();
  const opcode = g.rng.pick(DIVISIONS);
  const a = g.operand(w, 0.1);
  let d: DraftOperand;
  if (g.rng.chance(g.opts.unguardedDivision)) {
    const v = g.value(w);
    if (g.rng.chance(0.5))
      g.add('trap_if', [], [g.op('eqz', [w], [v], 1, { keep: false }), sym('div_guard')]);
    d = v;
  } else {
    switch (g.rng.below(3)) {
      case 0:
        d = nonzeroDivisor(g, w);
        break;
      case 1:
        d = g.op('or', [w], [g.value(w), 1n << BigInt(g.rng.below(w))], w);
        break;
      default: {
        const v = g.value(w);
        const z = g.op('eqz', [w], [v], 1, { keep: false });
        d = g.op('select', [w], [z, nonzeroDivisor(g, w), v], w);
      }
    }
  }
  g.op(opcode, [w], [a, d], w);
}

/**
 * An address of `bytes` aligned bytes in the memory region: base + (offset &
 * mask). With probability `outOfBounds` the mask spans twice the memory, so
 * the access may trap.
 */
function address(g: FnGen, bytes: number): DraftOperand {
  const mem = g.ctx.memory!;
  const p = g.opts.pointerWidth;
  const align = BigInt(bytes - 1);
  const wild = g.rng.chance(g.opts.outOfBounds);
  const span = wild ? 2 ** Math.ceil(Math.log2(mem.size * 2)) : mem.region;
  const mask = BigInt(span - 1) & ~align;
  if (!wild && g.rng.chance(0.1)) {
    return BigInt(mem.base) + (g.rng.bits(32) & mask);
  }
  const sources = g.pool.filter((v) => !v.float && v.width > 1);
  const src = sources.length > 0 ? g.rng.pick(sources) : g.value(g.intWidth());
  const offset = src.width === p ? src : g.convert(src, p, false);
  const masked = g.op('and', [p], [offset, mask], p, { keep: false });
  if (mem.base === 0 && g.rng.chance(0.5)) return masked;
  const base = BigInt(mem.base);
  const operands = g.rng.chance(0.5) ? [masked, base] : [base, masked];
  return g.op('add', [p], operands, p, { keep: false });
}

/** Memory widths narrower than `w` (for load_s / load_u / store.W.M). */
function narrower(w: number): number[] {
  return [8, 16, 32].filter((m) => m < w);
}

/** A load or a store of a random allowed width (sometimes both at one address). */
function genMemory(g: FnGen): void {
  const w = g.intWidth();
  const narrow = narrower(w);
  const m = narrow.length > 0 && g.rng.chance(0.35) ? g.rng.pick(narrow) : w;
  const addr = address(g, m / 8);
  const widths = m === w ? [w] : [w, m];
  const load = () => {
    const opcode = m === w ? 'load' : g.rng.pick(['load_s', 'load_u']);
    g.op(opcode, widths, [addr], w);
  };
  const store = () => g.add('store', widths, [addr, g.operand(w, 0.15)]);
  switch (g.rng.below(5)) {
    case 0:
    case 1:
      load();
      break;
    case 2:
    case 3:
      store();
      break;
    default:
      store();
      load();
  }
}

/** `trap_if` on a condition that is almost never true (an equality with random bits). */
function genRareTrapIf(g: FnGen): void {
  const w = g.intWidth();
  const c = g.op('eq', [w], [g.value(w), g.rng.bits(w)], 1, { keep: false });
  g.add('trap_if', [], [c, sym('unreachable')]);
}

// ---- floats -----------------------------------------------------------------------

const FLOAT_BINARY = ['fadd', 'fsub', 'fmul', 'fdiv', 'fmin', 'fmax', 'fcopysign'];
const FLOAT_UNARY = ['fsqrt', 'fceil', 'ffloor', 'ftrunc', 'fnearest', 'fabs', 'fneg'];
const FLOAT_COMPARE = ['feq', 'fne', 'flt', 'fle', 'fgt', 'fge', 'funo'];
const FLOAT_CONSTANTS = [0, -0, 1, -1, 0.5, 2.5, -1.5, 1e10, -1e-10, Infinity, -Infinity, NaN];

function floatWidth(g: FnGen): number {
  return g.rng.pick(g.opts.widths.filter((w) => w === 32 || w === 64));
}

/** An integer width usable by float conversions (32 or 64, allowed). */
function convWidth(g: FnGen): number {
  return floatWidth(g);
}

/** A float value of `fw` bits: from the pool, converted from an integer, or reinterpreted bits. */
function floatValue(g: FnGen, fw: number): DraftValue {
  const found = g.rng.chance(0.8) ? g.find(fw, true) : undefined;
  if (found) return found;
  const other = fw === 32 ? 64 : 32;
  const otherFloat = g.opts.widths.includes(other) ? g.find(other, true) : undefined;
  if (otherFloat && g.rng.chance(0.3)) {
    const opcode = fw === 64 ? 'fpromote' : 'fdemote';
    return g.op(opcode, [fw, other], [otherFloat], fw, { float: true });
  }
  if (g.rng.chance(0.6)) {
    const iw = convWidth(g);
    const opcode = g.rng.pick(['itof_s', 'itof_u']);
    return g.op(opcode, [fw, iw], [g.value(iw)], fw, { float: true });
  }
  return g.op('reinterpret', [fw], [g.value(fw)], fw, { float: true });
}

function floatOperand(g: FnGen, fw: number): DraftOperand {
  if (!g.rng.chance(0.15)) return floatValue(g, fw);
  const x = g.rng.pick(FLOAT_CONSTANTS);
  return fw === 32 ? f32ToBits(x) : f64ToBits(x);
}

/**
 * A float action. Float values stay in their block and are read only by
 * float actions, float comparisons and float-to-integer conversions, so a
 * NaN's payload (which compiled code may choose freely) never reaches an
 * integer result.
 */
function genFloat(g: FnGen): void {
  const fw = floatWidth(g);
  switch (g.rng.below(6)) {
    case 0:
    case 1:
      g.op(g.rng.pick(FLOAT_BINARY), [fw], [floatValue(g, fw), floatOperand(g, fw)], fw, {
        float: true,
      });
      break;
    case 2:
      g.op(g.rng.pick(FLOAT_UNARY), [fw], [floatValue(g, fw)], fw, { float: true });
      break;
    case 3:
      g.op(g.rng.pick(FLOAT_COMPARE), [fw], [floatValue(g, fw), floatOperand(g, fw)], 1);
      break;
    default: {
      const iw = convWidth(g);
      const trapping = g.rng.chance(0.05);
      const opcode = trapping
        ? g.rng.pick(['ftoi_s', 'ftoi_u'])
        : g.rng.pick(['ftoi_sat_s', 'ftoi_sat_u']);
      g.op(opcode, [iw, fw], [floatValue(g, fw)], iw);
    }
  }
}
