/**
 * Coverage of the per-action tables: every (opcode, widths) pair of every
 * registered action that has an evaluator must have at least one hand-written
 * row, and every trap kind an action declares must be expected by some row.
 * Only clone and drop (no-ops) and the control actions without an evaluator
 * are exempt.
 */
import { STANDARD_REGISTRY } from '../src/index.js';
import { actionKey, type Expected, parseAction } from './helpers/eval.js';
import { FLAG_ROWS, FLOAT_COMPARE_ROWS, INT_COMPARE_ROWS } from './tables/compare.js';
import { CONVERT_ROWS } from './tables/convert.js';
import { FLOAT_ROWS } from './tables/float.js';
import { INTEGER_ROWS } from './tables/integer.js';
import { MEMORY_ROWS } from './tables/memory.js';

const EXEMPT = new Set(['clone', 'drop']);

const ROWS: readonly (readonly [string, Expected])[] = [
  ...[
    ...INTEGER_ROWS,
    ...INT_COMPARE_ROWS,
    ...FLAG_ROWS,
    ...FLOAT_COMPARE_ROWS,
    ...CONVERT_ROWS,
    ...FLOAT_ROWS,
  ].map((r) => [r[0], r[2]] as const),
  ...MEMORY_ROWS.map((r) => [r[0], r[3]] as const),
];

test('every row names a registered action at a width tuple it allows', () => {
  const bad = ROWS.filter(([action]) => {
    try {
      parseAction(action);
      return false;
    } catch {
      return true;
    }
  });
  expect(bad.map(([action]) => action)).toEqual([]);
});

test('every (opcode, widths) pair with an evaluator has a row', () => {
  const covered = new Set(ROWS.map(([action]) => action));
  const missing: string[] = [];
  let pairs = 0;
  for (const spec of STANDARD_REGISTRY.all()) {
    if (spec.evaluate === undefined || EXEMPT.has(spec.opcode)) continue;
    for (const widths of spec.widths) {
      pairs++;
      const key = actionKey(spec.opcode, widths);
      if (!covered.has(key)) missing.push(key);
    }
  }
  expect(missing).toEqual([]);
  expect(pairs).toBeGreaterThan(200);
});

test('only control and host glue actions lack an evaluator (the interpreter runs those itself)', () => {
  const without = STANDARD_REGISTRY.all().filter((spec) => spec.evaluate === undefined);
  for (const spec of without) expect(['control flow', 'host glue']).toContain(spec.category);
});

test('every trap kind an action declares is expected by one of its rows', () => {
  const seen = new Set<string>();
  for (const [action, expected] of ROWS) {
    if (typeof expected === 'object' && 'trap' in expected) {
      seen.add(`${parseAction(action).spec.opcode} ${expected.trap}`);
    }
  }
  const missing: string[] = [];
  for (const spec of STANDARD_REGISTRY.all()) {
    if (spec.evaluate === undefined || EXEMPT.has(spec.opcode)) continue;
    for (const kind of spec.traps ?? [])
      if (!seen.has(`${spec.opcode} ${kind}`)) missing.push(`${spec.opcode} ${kind}`);
  }
  expect(missing).toEqual([]);
});
