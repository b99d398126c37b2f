/**
 * Target-specific Low IR actions of riscv32: what some RV32IMFD instructions
 * compute when no standard action (or short composition of them) means
 * exactly the same. Each has an evaluator where its result depends only on
 * its operands, so the reference interpreter can run it and the definition's
 * semantics can be tested; `rv_auipc` and `rv_ecall` depend on the program
 * counter and the execution environment and have none.
 *
 *   rv_auipc.32   pc + imm                    (address materialisation)
 *   rv_ecall      environment call            (system call of LIRC's runtime)
 *   rv_mulhsu.32  high half of signed × unsigned
 *   rv_fmin.W     RISC-V minimum (a NaN operand loses to a number)
 *   rv_fmax.W     RISC-V maximum (likewise)
 *   rv_fsgnjx.W   a with sign(a) xor sign(b)
 *   rv_fmadd.W    a × b + c, rounded once (fused), to nearest even
 *   rv_fclass.W   the 10-bit class mask of a float
 */
import {
  type ActionEffects,
  type ActionSpec,
  type OperandRule,
  toSigned,
  wrap,
} from '@lirc/low-ir';

const CATEGORY = 'riscv32';

const PURE: ActionEffects = {
  pure: true,
  readsMemory: false,
  writesMemory: false,
  control: 'none',
  mayTrap: false,
};

const val = (width: number): OperandRule => ({ kind: 'value', width });
const FLOAT_WIDTHS = [[32], [64]];

/** IEEE 754 binary32 / binary64 layout. */
interface FloatFormat {
  readonly expBits: number;
  readonly fracBits: number;
}

function floatFormat(width: number): FloatFormat {
  return width === 32 ? { expBits: 8, fracBits: 23 } : { expBits: 11, fracBits: 52 };
}

/** The canonical quiet NaN RISC-V returns for every NaN result (positive, quiet bit only). */
export function canonicalNaN(width: number): bigint {
  const { expBits, fracBits } = floatFormat(width);
  return (((1n << BigInt(expBits)) - 1n) << BigInt(fracBits)) | (1n << BigInt(fracBits - 1));
}

/** The sign bit of a float of `width`, set when `sign` is 1. */
function signBit(sign: number, width: number): bigint {
  return BigInt(sign) << BigInt(width - 1);
}

/** +∞ at `width`. */
function infinityBits(width: number): bigint {
  const { expBits, fracBits } = floatFormat(width);
  return ((1n << BigInt(expBits)) - 1n) << BigInt(fracBits);
}

/** A float bit pattern taken apart: finite values are (-1)^sign × mant × 2^exp, exactly. */
type Decoded =
  | { readonly kind: 'nan'; readonly sign: number; readonly quiet: boolean }
  | { readonly kind: 'inf'; readonly sign: number }
  | { readonly kind: 'finite'; readonly sign: number; readonly mant: bigint; readonly exp: number };

function decode(bits: bigint, width: number): Decoded {
  const { expBits, fracBits } = floatFormat(width);
  const sign = Number((bits >> BigInt(width - 1)) & 1n);
  const e = Number((bits >> BigInt(fracBits)) & ((1n << BigInt(expBits)) - 1n));
  const frac = bits & ((1n << BigInt(fracBits)) - 1n);
  const bias = (1 << (expBits - 1)) - 1;
  if (e === (1 << expBits) - 1) {
    if (frac === 0n) return { kind: 'inf', sign };
    return { kind: 'nan', sign, quiet: frac >> BigInt(fracBits - 1) === 1n };
  }
  if (e === 0) return { kind: 'finite', sign, mant: frac, exp: 1 - bias - fracBits };
  return { kind: 'finite', sign, mant: frac | (1n << BigInt(fracBits)), exp: e - bias - fracBits };
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Rounds (-1)^sign × mant × 2^exp (mant ≥ 0, exact) to the nearest float of
 * `width`, ties to even, with gradual underflow and overflow to infinity.
 */
export function roundToFloat(sign: number, mant: bigint, exp: number, width: number): bigint {
  const { expBits, fracBits } = floatFormat(width);
  const negative = signBit(sign, width);
  if (mant === 0n) return negative;
  const bias = (1 << (expBits - 1)) - 1;
  const precision = fracBits + 1;
  // Drop enough low bits to keep `precision` bits, or fewer below the normal range.
  const lowestExp = 1 - bias - fracBits;
  const shift = Math.max(bitLength(mant) - precision, lowestExp - exp);
  let q: bigint;
  let qExp: number;
  if (shift > 0) {
    const s = BigInt(shift);
    q = mant >> s;
    const rest = mant & ((1n << s) - 1n);
    const half = 1n << (s - 1n);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
    qExp = exp + shift;
  } else {
    q = mant << BigInt(-shift);
    qExp = exp + shift;
  }
  if (q === 1n << BigInt(precision)) {
    q >>= 1n;
    qExp += 1;
  }
  const hidden = 1n << BigInt(fracBits);
  if (q < hidden) return negative | q; // subnormal (or zero)
  const biased = qExp + fracBits + bias;
  if (biased >= (1 << expBits) - 1) return negative | infinityBits(width);
  return negative | (BigInt(biased) << BigInt(fracBits)) | (q - hidden);
}

/** a × b + c with one rounding to nearest even; any NaN result is the canonical NaN. */
export function fusedMultiplyAdd(a: bigint, b: bigint, c: bigint, width: number): bigint {
  const x = decode(a, width);
  const y = decode(b, width);
  const z = decode(c, width);
  const nan = canonicalNaN(width);
  if (x.kind === 'nan' || y.kind === 'nan' || z.kind === 'nan') return nan;
  const productSign = x.sign ^ y.sign;
  const isZero = (d: Decoded) => d.kind === 'finite' && d.mant === 0n;
  if (x.kind === 'inf' || y.kind === 'inf') {
    if (isZero(x) || isZero(y)) return nan; // ∞ × 0
    if (z.kind === 'inf' && z.sign !== productSign) return nan; // ∞ - ∞
    return signBit(productSign, width) | infinityBits(width);
  }
  if (z.kind === 'inf') return c;
  if (x.kind !== 'finite' || y.kind !== 'finite' || z.kind !== 'finite') return nan; // unreachable
  const pMant = x.mant * y.mant;
  const pExp = x.exp + y.exp;
  if (pMant === 0n && z.mant === 0n) {
    // (±0) + (±0): -0 only when both are -0 (round to nearest).
    return signBit(productSign & z.sign, width);
  }
  const e = Math.min(pExp, z.exp);
  const p = (productSign ? -1n : 1n) * (pMant << BigInt(pExp - e));
  const q = (z.sign ? -1n : 1n) * (z.mant << BigInt(z.exp - e));
  const sum = p + q;
  if (sum === 0n) return 0n; // exact cancellation: +0 when rounding to nearest
  return roundToFloat(sum < 0n ? 1 : 0, sum < 0n ? -sum : sum, e, width);
}

/**
 * RISC-V fmin/fmax (F/D 2.2 and later): a NaN operand loses to a number; two
 * NaNs give the canonical NaN; -0 orders below +0. The chosen operand's bits
 * are returned unchanged.
 */
export function riscvMinMax(a: bigint, b: bigint, width: number, max: boolean): bigint {
  const x = decode(a, width);
  const y = decode(b, width);
  if (x.kind === 'nan' && y.kind === 'nan') return canonicalNaN(width);
  if (x.kind === 'nan') return b;
  if (y.kind === 'nan') return a;
  const cmp = compareOrdered(x, y);
  if (cmp === 0) return x.sign === y.sign ? a : (x.sign === 1) !== max ? a : b;
  return cmp < 0 !== max ? a : b;
}

/** Compares two non-NaN floats by value: -1, 0 (equal, including -0 = +0) or 1. */
function compareOrdered(x: Decoded, y: Decoded): number {
  const value = (d: Decoded): { inf: number; sign: number; mant: bigint; exp: number } =>
    d.kind === 'inf'
      ? { inf: d.sign ? -1 : 1, sign: d.sign, mant: 0n, exp: 0 }
      : d.kind === 'finite'
        ? { inf: 0, sign: d.sign, mant: d.mant, exp: d.exp }
        : { inf: 0, sign: 0, mant: 0n, exp: 0 };
  const u = value(x);
  const v = value(y);
  if (u.inf !== 0 || v.inf !== 0) return Math.sign(u.inf - v.inf);
  const e = Math.min(u.exp, v.exp);
  const su = (u.sign ? -1n : 1n) * (u.mant << BigInt(u.exp - e));
  const sv = (v.sign ? -1n : 1n) * (v.mant << BigInt(v.exp - e));
  return su < sv ? -1 : su > sv ? 1 : 0;
}

/** The fclass mask: exactly one of bits 0–9 set (see the table in the F chapter). */
export function riscvClass(bits: bigint, width: number): bigint {
  const d = decode(bits, width);
  const { fracBits } = floatFormat(width);
  switch (d.kind) {
    case 'nan':
      return d.quiet ? 1n << 9n : 1n << 8n;
    case 'inf':
      return d.sign ? 1n << 0n : 1n << 7n;
    case 'finite': {
      const cls = d.mant === 0n ? 0 : d.mant < 1n << BigInt(fracBits) ? 1 : 2; // zero, subnormal, normal
      return 1n << BigInt(d.sign ? 3 - cls : 4 + cls);
    }
  }
}

function floatBinary(
  opcode: string,
  summary: string,
  fn: (a: bigint, b: bigint, width: number) => bigint,
): ActionSpec {
  return {
    opcode,
    category: CATEGORY,
    summary,
    widths: FLOAT_WIDTHS,
    effects: PURE,
    signature: (ws) => ({ operands: [val(ws[0]!), val(ws[0]!)], results: [ws[0]!] }),
    evaluate: (ws) => (args) => fn(args[0]!, args[1]!, ws[0]!),
  };
}

/** The actions riscv32 adds to the standard registry. */
export const RISCV32_ACTIONS: ActionSpec[] = [
  {
    opcode: 'rv_auipc',
    category: CATEGORY,
    summary:
      'pc + imm (the address of this instruction plus imm); not pure: it depends on where the code is.',
    widths: [[32]],
    effects: { ...PURE, pure: false },
    signature: () => ({ operands: [val(32)], results: [32] }),
  },
  {
    opcode: 'rv_ecall',
    category: CATEGORY,
    summary:
      'Environment call (a system call of the runtime); the environment may read and write memory.',
    widths: [[]],
    effects: { ...PURE, pure: false, readsMemory: true, writesMemory: true },
    signature: () => ({ operands: [], results: [] }),
  },
  {
    opcode: 'rv_mulhsu',
    category: CATEGORY,
    summary: 'High 32 bits of the 64-bit product of signed a and unsigned b.',
    widths: [[32]],
    effects: PURE,
    signature: () => ({ operands: [val(32), val(32)], results: [32] }),
    evaluate: () => (args) => wrap((toSigned(args[0]!, 32) * args[1]!) >> 32n, 32),
  },
  floatBinary(
    'rv_fmin',
    'Minimum; if one operand is NaN, the other; both NaN gives the canonical NaN; -0 < +0.',
    (a, b, w) => riscvMinMax(a, b, w, false),
  ),
  floatBinary(
    'rv_fmax',
    'Maximum; if one operand is NaN, the other; both NaN gives the canonical NaN; -0 < +0.',
    (a, b, w) => riscvMinMax(a, b, w, true),
  ),
  floatBinary('rv_fsgnjx', 'a with its sign bit xor the sign bit of b (exact).', (a, b, w) => {
    const sign = 1n << BigInt(w - 1);
    return a ^ (b & sign);
  }),
  {
    opcode: 'rv_fmadd',
    category: CATEGORY,
    summary: 'a × b + c rounded once (fused), to nearest even; NaN results are the canonical NaN.',
    widths: FLOAT_WIDTHS,
    effects: PURE,
    signature: (ws) => ({
      operands: [val(ws[0]!), val(ws[0]!), val(ws[0]!)],
      results: [ws[0]!],
    }),
    evaluate: (ws) => (args) => fusedMultiplyAdd(args[0]!, args[1]!, args[2]!, ws[0]!),
  },
  {
    opcode: 'rv_fclass',
    category: CATEGORY,
    summary:
      'Class mask of a float: bit 0 -∞, 1 negative normal, 2 negative subnormal, 3 -0, 4 +0, 5 positive subnormal, 6 positive normal, 7 +∞, 8 signaling NaN, 9 quiet NaN.',
    widths: FLOAT_WIDTHS,
    effects: PURE,
    signature: (ws) => ({ operands: [val(ws[0]!)], results: [32] }),
    evaluate: (ws) => (args) => riscvClass(args[0]!, ws[0]!),
  },
];
