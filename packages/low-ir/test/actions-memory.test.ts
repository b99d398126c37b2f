/**
 * Per-action semantics of loads and stores on a LinearMemory: little-endian
 * byte order at every width, sign and zero extension of 8/16/32-bit loads,
 * truncating stores, and out-of-bounds or straddling accesses, which trap and
 * leave memory untouched.
 */
import { STANDARD_REGISTRY } from '../src/index.js';
import { evaluate, expectOutcome, memoryWith, rowLabel } from './helpers/eval.js';
import { LOAD_ROWS, type MemRow, STORE_ROWS } from './tables/memory.js';

const MEMORY_SIZE = 16;

function bytesOf(hex: string): number[] {
  return hex.trim() === ''
    ? []
    : hex
        .trim()
        .split(/\s+/)
        .map((b) => Number.parseInt(b, 16));
}

function dump(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

function runMemRows(rows: readonly MemRow[]): void {
  test.each(rows.map((r) => [rowLabel(r[0], r[2], r[3]), r] as const))(
    '%s',
    (_label, [action, init, args, expected, after]) => {
      const memory = memoryWith(bytesOf(init), MEMORY_SIZE);
      const want = Uint8Array.from(memory.bytes);
      want.set(bytesOf(after ?? ''));
      expectOutcome(action, evaluate(action, args, { memory }), expected);
      expect(dump(memory.bytes)).toBe(dump(want));
    },
  );
}

describe('loads', () => runMemRows(LOAD_ROWS));
describe('stores', () => runMemRows(STORE_ROWS));

/** Every memory action at every width, with its access size in bytes. */
const ACCESSES = ['load', 'load_s', 'load_u', 'store'].flatMap((op) =>
  STANDARD_REGISTRY.get(op)!.widths.map(
    (ws) => [[op, ...ws].join('.'), (ws[1] ?? ws[0]!) / 8] as const,
  ),
);

describe('bounds at every width', () => {
  test.each(ACCESSES)(
    '%s: an access ending at the last byte works, one byte later traps',
    (action, bytes) => {
      const store = action.startsWith('store');
      const args = (address: number) => (store ? [address, 0] : [address]);
      const memory = memoryWith([], MEMORY_SIZE);
      expect(evaluate(action, args(MEMORY_SIZE - bytes), { memory })).toBe(store ? undefined : 0n);
      expect(evaluate(action, args(MEMORY_SIZE - bytes + 1), { memory })).toEqual({
        trap: 'out_of_bounds',
      });
      expect(evaluate(action, args(MEMORY_SIZE), { memory })).toEqual({ trap: 'out_of_bounds' });
    },
  );
});

describe('byte order and round trips', () => {
  const VALUE = 0x8899aabbccddeeffn;

  test.each([8, 16, 32, 64])('store.%i then load of each byte is little-endian', (w) => {
    const memory = memoryWith([], MEMORY_SIZE);
    const value = BigInt.asUintN(w, VALUE);
    evaluate(`store.${w}`, [5, value], { memory });
    expect(evaluate(`load.${w}`, [5], { memory })).toBe(value);
    for (let i = 0; i < w / 8; i++) {
      expect(evaluate('load.8', [5 + i], { memory })).toBe((value >> BigInt(8 * i)) & 0xffn);
    }
  });

  test.each(STANDARD_REGISTRY.get('load_s')!.widths.map((ws) => [ws[0]!, ws[1]!]))(
    'load_s.%i.%i and load_u see the same stored bits, extended',
    (w, m) => {
      const memory = memoryWith([], MEMORY_SIZE);
      evaluate(`store.${w}.${m}`, [2, VALUE], { memory });
      const raw = BigInt.asUintN(m, VALUE);
      expect(evaluate(`load.${m}`, [2], { memory })).toBe(raw);
      expect(evaluate(`load_u.${w}.${m}`, [2], { memory })).toBe(raw);
      expect(evaluate(`load_s.${w}.${m}`, [2], { memory })).toBe(
        BigInt.asUintN(w, BigInt.asIntN(m, raw)),
      );
    },
  );
});
