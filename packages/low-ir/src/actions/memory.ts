/**
 * Standard memory actions: loads (plain, sign- and zero-extending) and stores
 * (plain and truncating) of 8, 16, 32 and 64 bits, little-endian, at an
 * address of the module's pointer width.
 */
import { toSigned, wrap } from '../bits.js';
import type { ActionEffects, ActionSpec } from '../registry.js';
import { INT_WIDTHS, PURE, pairs, single, TrapKinds, val, w0, w1 } from './define.js';

const READS: ActionEffects = { ...PURE, pure: false, readsMemory: true, mayTrap: true };
const WRITES: ActionEffects = { ...PURE, pure: false, writesMemory: true, mayTrap: true };
const CATEGORY = 'memory';
const OOB = [TrapKinds.outOfBounds];

function extendingLoad(opcode: 'load_s' | 'load_u', signed: boolean): ActionSpec {
  return {
    opcode,
    category: CATEGORY,
    summary: `${opcode}.W.M: loads M bits and ${signed ? 'sign' : 'zero'}-extends them to W bits.`,
    widths: pairs(INT_WIDTHS, INT_WIDTHS, (w, m) => m < w),
    effects: READS,
    traps: OOB,
    signature: (ws, ptr) => ({ operands: [val(ptr)], results: [w0(ws)] }),
    evaluate: (ws) => {
      const [w, bytes, bits] = [w0(ws), w1(ws) / 8, w1(ws)];
      return signed
        ? (args, ctx) => wrap(toSigned(ctx.memory.load(args[0]!, bytes), bits), w)
        : (args, ctx) => ctx.memory.load(args[0]!, bytes);
    },
  };
}

/** The standard memory actions. */
export const MEMORY_ACTIONS: readonly ActionSpec[] = [
  {
    opcode: 'load',
    category: CATEGORY,
    summary: 'load.W: loads W bits from the address (little-endian).',
    widths: single(INT_WIDTHS),
    effects: READS,
    traps: OOB,
    signature: (ws, ptr) => ({ operands: [val(ptr)], results: [w0(ws)] }),
    evaluate: (ws) => {
      const bytes = w0(ws) / 8;
      return (args, ctx) => ctx.memory.load(args[0]!, bytes);
    },
  },
  extendingLoad('load_s', true),
  extendingLoad('load_u', false),
  {
    opcode: 'store',
    category: CATEGORY,
    summary:
      'store.W address, value: stores a W-bit value; store.W.M stores its low M bits (M < W).',
    widths: [...single(INT_WIDTHS), ...pairs(INT_WIDTHS, INT_WIDTHS, (w, m) => m < w)],
    effects: WRITES,
    traps: OOB,
    signature: (ws, ptr) => ({ operands: [val(ptr), val(w0(ws))], results: [] }),
    evaluate: (ws) => {
      const bytes = (ws[1] ?? w0(ws)) / 8;
      return (args, ctx) => {
        ctx.memory.store(args[0]!, bytes, args[1]!);
        return undefined;
      };
    },
  },
];
