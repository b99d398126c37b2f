/**
 * Actions x86-64 adds to Low IR, for instructions whose results differ from
 * every standard action on some inputs, so that no form claims a standard
 * action it does not implement exactly:
 *
 *   x86_bsf.W, x86_bsr.W  index of the lowest / highest set bit (bsf, bsr). Unlike ctz/clz the
 *                         result for 0 is undefined (the SDM leaves the destination undefined and
 *                         sets ZF): the evaluator refuses a 0 input. Use lzcnt/tzcnt for clz/ctz.
 *   x86_min.W, x86_max.W  SSE minss/minsd and maxss/maxsd: `a < b ? a : b` and `a > b ? a : b` on
 *                         the float values, returning the chosen operand's bits. If either is NaN,
 *                         or both are zeros of any sign, the result is the second operand b. Low IR
 *                         fmin/fmax return NaN for a NaN and order -0 below +0; these do not.
 */
import { type ActionSpec, f32FromBits, f64FromBits } from '@lirc/low-ir';

const CATEGORY = 'x86-64 target actions';

const PURE = {
  pure: true,
  readsMemory: false,
  writesMemory: false,
  control: 'none',
  mayTrap: false,
} as const;

/** Bit scan: the index of the lowest or highest set bit of a nonzero value. */
function bitScan(opcode: string, summary: string, lowest: boolean): ActionSpec {
  return {
    opcode,
    category: CATEGORY,
    summary,
    widths: [[16], [32], [64]],
    effects: PURE,
    signature: (ws) => ({ operands: [{ kind: 'value', width: ws[0]! }], results: [ws[0]!] }),
    evaluate: (ws) => (args) => {
      const v = args[0]!;
      if (v === 0n) {
        throw new Error(
          `${opcode}.${ws[0]} of 0: the result is undefined (x86 leaves it unspecified)`,
        );
      }
      if (lowest) {
        let k = 0n;
        while (((v >> k) & 1n) === 0n) k++;
        return k;
      }
      return BigInt(v.toString(2).length - 1);
    },
  };
}

const floatOf = (bits: bigint, width: number) =>
  width === 32 ? f32FromBits(bits) : f64FromBits(bits);

/** SSE min/max: the first operand if `firstWins(a, b)`, else the second (bit patterns kept). */
function sseMinMax(
  opcode: string,
  summary: string,
  firstWins: (a: number, b: number) => boolean,
): ActionSpec {
  return {
    opcode,
    category: CATEGORY,
    summary,
    widths: [[32], [64]],
    effects: PURE,
    signature: (ws) => ({
      operands: [
        { kind: 'value', width: ws[0]! },
        { kind: 'value', width: ws[0]! },
      ],
      results: [ws[0]!],
    }),
    evaluate: (ws) => (args) =>
      firstWins(floatOf(args[0]!, ws[0]!), floatOf(args[1]!, ws[0]!)) ? args[0]! : args[1]!,
  };
}

export const ACTIONS: ActionSpec[] = [
  bitScan('x86_bsf', 'x86 bsf: index of the lowest set bit; undefined for 0.', true),
  bitScan('x86_bsr', 'x86 bsr: index of the highest set bit; undefined for 0.', false),
  sseMinMax(
    'x86_min',
    'SSE minss/minsd: a < b ? a : b (b if either is NaN or both are zero).',
    (a, b) => a < b,
  ),
  sseMinMax(
    'x86_max',
    'SSE maxss/maxsd: a > b ? a : b (b if either is NaN or both are zero).',
    (a, b) => a > b,
  ),
];
