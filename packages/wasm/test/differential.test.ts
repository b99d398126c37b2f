/**
 * Differential tests against V8 (helpers/differential.ts), on both targets:
 * the corpus's small modules, a module with one export per integer
 * instruction called on edge values, and random modules from binaryen's
 * `wasm-opt -ttf` (seeded; LIRC_DIFF_COUNT of them from seed LIRC_DIFF_FIRST,
 * 300 from 1 by default; every instruction translates on both targets, so
 * every call of every module is compared).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareModule, randomModule } from '@lirc/wasm';
import {
  compare,
  denan,
  type PlannedCall,
  runLirc,
  runV8,
  TARGETS,
} from './helpers/differential.js';

const CORPUS = process.env.LIRC_CORPUS ?? join(process.cwd(), '../../../shared/corpus');
const COUNT = Number(process.env.LIRC_DIFF_COUNT ?? 300);
/** The first seed (to resume a run past a known failure while debugging). */
const FIRST = Number(process.env.LIRC_DIFF_FIRST ?? 1);

/**
 * Targets whose float instructions give the canonical NaN where V8 (on x86
 * hardware) keeps an operand's payload: RISC-V F and D. WebAssembly allows
 * both (a NaN result is any arithmetic NaN when an operand is not
 * canonical), but a NaN stored to memory can then steer the two runs apart
 * (seed 188: riscv32 stores 7fc00000 where V8 stores fffffffe, and a later
 * branch reads it). A random module that disagrees there is compared again
 * after binaryen's --denan, and counted (only then, to keep the NaN
 * payloads of the other modules under test); the edge-value tests still
 * check every instruction's NaN results (a NaN matches any NaN).
 */
const CANONICAL_NANS = new Set(['riscv32']);

const I32_EDGES = [
  0n,
  1n,
  2n,
  7n,
  31n,
  32n,
  33n,
  0x7fff_ffffn,
  0x8000_0000n,
  0xffff_ffffn,
  0xffff_fffen,
  0x1234_5678n,
];
const I64_EDGES = [
  0n,
  1n,
  3n,
  63n,
  64n,
  65n,
  0x7fff_ffff_ffff_ffffn,
  0x8000_0000_0000_0000n,
  0xffff_ffff_ffff_ffffn,
  0xffff_ffffn,
  0x1_0000_0000n,
  0xdead_beef_0123_4567n,
];
const BINARY = [
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
const COMPARE = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const UNARY_I32 = ['clz', 'ctz', 'popcnt', 'eqz', 'extend8_s', 'extend16_s'];
const UNARY_I64 = ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'];

/** A module with one export per integer instruction, and its plan (every pair of edge values). */
function instructionModule(): { wat: string; plan: PlannedCall[] } {
  const funcs: string[] = [];
  const plan: PlannedCall[] = [];
  for (const [t, edges] of [
    ['i32', I32_EDGES],
    ['i64', I64_EDGES],
  ] as const) {
    for (const op of [...BINARY, ...COMPARE]) {
      const result = COMPARE.includes(op) ? 'i32' : t;
      funcs.push(
        `(func (export "${t}.${op}") (param ${t} ${t}) (result ${result}) (${t}.${op} (local.get 0) (local.get 1)))`,
      );
      for (const a of edges) for (const b of edges) plan.push({ name: `${t}.${op}`, args: [a, b] });
      // The same with a constant right operand (immediate forms).
      funcs.push(
        `(func (export "${t}.${op}.k") (param ${t}) (result ${result}) (${t}.${op} (local.get 0) (${t}.const 33)))`,
      );
      for (const a of edges) plan.push({ name: `${t}.${op}.k`, args: [a] });
      // As a branch condition and a select (comparisons), or in a loop.
      if (COMPARE.includes(op)) {
        funcs.push(
          `(func (export "${t}.${op}.if") (param ${t} ${t}) (result i32) (if (result i32) (${t}.${op} (local.get 0) (local.get 1)) (then (i32.const 10)) (else (i32.const 20))))`,
          `(func (export "${t}.${op}.select") (param ${t} ${t}) (result ${t}) (select (local.get 0) (local.get 1) (${t}.${op} (local.get 0) (local.get 1))))`,
        );
        for (const a of edges.slice(0, 6))
          for (const b of edges.slice(4))
            plan.push(
              { name: `${t}.${op}.if`, args: [a, b] },
              { name: `${t}.${op}.select`, args: [a, b] },
            );
      }
    }
    for (const op of t === 'i32' ? UNARY_I32 : UNARY_I64) {
      const result = op === 'eqz' ? 'i32' : t;
      funcs.push(
        `(func (export "${t}.${op}") (param ${t}) (result ${result}) (${t}.${op} (local.get 0)))`,
      );
      for (const a of edges) plan.push({ name: `${t}.${op}`, args: [a] });
    }
  }
  funcs.push(
    '(func (export "i64.eqz") (param i64) (result i32) (i64.eqz (local.get 0)))',
    '(func (export "wrap") (param i64) (result i32) (i32.wrap_i64 (local.get 0)))',
    '(func (export "extend_s") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))',
    '(func (export "extend_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))',
  );
  for (const a of I64_EDGES) plan.push({ name: 'i64.eqz', args: [a] }, { name: 'wrap', args: [a] });
  for (const a of I32_EDGES)
    plan.push({ name: 'extend_s', args: [a] }, { name: 'extend_u', args: [a] });
  // Memory: every load and store width at the edges of a grown memory.
  const loads = [
    'i32.load',
    'i32.load8_s',
    'i32.load8_u',
    'i32.load16_s',
    'i32.load16_u',
    'i64.load',
    'i64.load8_s',
    'i64.load8_u',
    'i64.load16_s',
    'i64.load16_u',
    'i64.load32_s',
    'i64.load32_u',
  ];
  const stores = [
    'i32.store',
    'i32.store8',
    'i32.store16',
    'i64.store',
    'i64.store8',
    'i64.store16',
    'i64.store32',
  ];
  for (const l of loads)
    funcs.push(
      `(func (export "${l}") (param i32) (result ${l.slice(0, 3)}) (${l} offset=3 (local.get 0)))`,
    );
  for (const s of stores)
    funcs.push(
      `(func (export "${s}") (param i32 ${s.slice(0, 3)}) (${s} offset=1 (local.get 0) (local.get 1)))`,
    );
  funcs.push(
    '(func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))',
    '(func (export "size") (result i32) (memory.size))',
  );
  const addresses = [
    0n,
    1n,
    5n,
    0xfff0n,
    0xfff8n,
    0xfffbn,
    0xfffcn,
    0xfffdn,
    0x1_0000n,
    0xffff_ffffn,
    0xffff_fffdn,
  ];
  const memoryPlan = (): void => {
    addresses.forEach((a, k) => {
      for (const s of stores)
        plan.push({
          name: s,
          args: [
            a,
            s.startsWith('i32')
              ? I32_EDGES[k % I32_EDGES.length]!
              : I64_EDGES[k % I64_EDGES.length]!,
          ],
        });
      for (const l of loads) plan.push({ name: l, args: [a] });
    });
  };
  memoryPlan();
  plan.push(
    { name: 'grow', args: [1n] },
    { name: 'size', args: [] },
    { name: 'grow', args: [100n] },
    { name: 'grow', args: [0xffff_ffffn] },
  );
  memoryPlan();
  const wat = `(module (memory 1 4)\n${funcs.join('\n')}\n)`;
  return { wat, plan };
}

const f32 = (x: number) => BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]!);
const f64 = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0]!;
/** Float edge values: zeros, halves (rounding), the integer types' bounds, infinities, NaNs. */
const FLOAT_EDGES = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.5,
  2.5,
  -2.5,
  -0.99,
  2 ** 31,
  -(2 ** 31),
  2147483520,
  2147483647.9,
  -2147483648.9,
  -2147483649,
  4294967040,
  4294967295.9,
  2 ** 32,
  2 ** 63,
  -(2 ** 63),
  2 ** 63 - 1024,
  2 ** 64,
  2 ** 64 - 2048,
  1e38,
  Number.MIN_VALUE,
  Infinity,
  -Infinity,
];
const F32_EDGES = [
  ...FLOAT_EDGES.map(f32),
  0x7fc0_0000n,
  0xffc0_0000n,
  0x7fa0_0001n,
  0x0000_0001n,
  0x7f7f_ffffn,
];
const F64_EDGES = [
  ...FLOAT_EDGES.map(f64),
  0x7ff8_0000_0000_0000n,
  0xfff8_0000_0000_0001n,
  0x7ff4_0000_0000_0000n,
  0x7fef_ffff_ffff_ffffn,
];

/** A module with one export per float instruction, and its plan (edge values; pairs of a subset). */
function floatModule(): { wat: string; plan: PlannedCall[] } {
  const funcs: string[] = [];
  const plan: PlannedCall[] = [];
  const fn = (name: string, params: string, result: string, body: string) =>
    funcs.push(`(func (export "${name}") (param ${params}) (result ${result}) ${body})`);
  const floats = [
    ['f32', F32_EDGES],
    ['f64', F64_EDGES],
  ] as const;
  for (const [t, edges] of floats) {
    const pairs = edges.filter((_, k) => k % 2 === 0 || k >= edges.length - 8);
    for (const op of ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign']) {
      fn(`${t}.${op}`, `${t} ${t}`, t, `(${t}.${op} (local.get 0) (local.get 1))`);
      for (const a of pairs) for (const b of pairs) plan.push({ name: `${t}.${op}`, args: [a, b] });
    }
    for (const op of ['eq', 'ne', 'lt', 'gt', 'le', 'ge']) {
      fn(`${t}.${op}`, `${t} ${t}`, 'i32', `(${t}.${op} (local.get 0) (local.get 1))`);
      fn(
        `${t}.${op}.if`,
        `${t} ${t}`,
        'i32',
        `(if (result i32) (${t}.${op} (local.get 0) (local.get 1)) (then (i32.const 10)) (else (i32.const 20)))`,
      );
      for (const a of pairs)
        for (const b of pairs)
          plan.push({ name: `${t}.${op}`, args: [a, b] }, { name: `${t}.${op}.if`, args: [a, b] });
    }
    for (const op of ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt']) {
      fn(`${t}.${op}`, t, t, `(${t}.${op} (local.get 0))`);
      for (const a of edges) plan.push({ name: `${t}.${op}`, args: [a] });
    }
    for (const i of ['i32', 'i64'])
      for (const op of ['trunc', 'trunc_sat'])
        for (const sign of ['s', 'u']) {
          const name = `${i}.${op}_${t}_${sign}`;
          fn(name, t, i, `(${name} (local.get 0))`);
          for (const a of edges) plan.push({ name, args: [a] });
        }
    const ints = [
      ['i32', I32_EDGES],
      ['i64', [...I64_EDGES, 0xffff_ffff_ffff_fc00n, 0x8000_0000_0000_0401n, 0x20_0000_0000_0001n]],
    ] as const;
    for (const [i, values] of ints)
      for (const sign of ['s', 'u']) {
        const name = `${t}.convert_${i}_${sign}`;
        fn(name, i, t, `(${name} (local.get 0))`);
        for (const a of values) plan.push({ name, args: [a] });
      }
  }
  fn('demote', 'f64', 'f32', '(f32.demote_f64 (local.get 0))');
  fn('promote', 'f32', 'f64', '(f64.promote_f32 (local.get 0))');
  for (const a of F64_EDGES) plan.push({ name: 'demote', args: [a] });
  for (const a of F32_EDGES) plan.push({ name: 'promote', args: [a] });
  return { wat: `(module\n${funcs.join('\n')}\n)`, plan };
}

/** The comparison of `bytes` run with `plan` on V8 and on `target`. */
async function run(
  bytes: Uint8Array,
  plan: readonly PlannedCall[],
  target: keyof typeof TARGETS,
): Promise<{ mismatches: string[]; compared: number }> {
  const v8 = runV8(bytes, plan);
  const ours = await runLirc(bytes, plan, TARGETS[target]!);
  return compare(bytes, plan, v8, ours);
}

async function check(
  bytes: Uint8Array,
  plan: readonly PlannedCall[],
  target: keyof typeof TARGETS,
): Promise<{ compared: number }> {
  const r = await run(bytes, plan, target);
  expect(r.mismatches.slice(0, 10)).toEqual([]);
  return r;
}

describe.each(['x86_64', 'riscv32'] as const)('against V8 on %s', (target) => {
  test('the corpus micro-benchmarks', async () => {
    const plans: [string, PlannedCall[]][] = [
      [
        'fibonacci-iter.wat',
        [0n, 1n, 2n, 10n, 50n, 90n, 93n, 100n].map((n) => ({ name: 'run', args: [n] })),
      ],
      ['fibonacci-rec.wat', [0n, 1n, 2n, 10n, 20n].map((n) => ({ name: 'run', args: [n] }))],
      ['counter-local.wat', [1n, 2n, 1000n, 100000n].map((n) => ({ name: 'run', args: [n] }))],
    ];
    for (const [file, plan] of plans) {
      const bytes = await prepareModule({ text: readFileSync(join(CORPUS, file), 'utf8'), file });
      await check(bytes, plan, target);
    }
  }, 60_000);

  test('every integer instruction on edge values', async () => {
    const { wat, plan } = instructionModule();
    const bytes = await prepareModule({ text: wat, file: 'instructions.wat' });
    const { compared } = await check(bytes, plan, target);
    expect(compared).toBe(plan.length + 1);
  }, 120_000);

  test('every float instruction on edge values', async () => {
    const { wat, plan } = floatModule();
    const bytes = await prepareModule({ text: wat, file: 'floats.wat' });
    const { compared } = await check(bytes, plan, target);
    expect(compared).toBe(plan.length + 1);
  }, 120_000);

  test(`${COUNT} random modules (wasm-opt -ttf)`, async () => {
    let calls = 0;
    let denanned = 0;
    for (let seed = FIRST; seed < FIRST + COUNT; seed++) {
      const bytes = await randomModule(seed);
      const plan: PlannedCall[] = [];
      const exported = [...(await import('./helpers/differential.js')).exportTypes(bytes)];
      const hang = exported.find(([n]) => n === 'hangLimitInitializer');
      for (const [name, type] of exported) {
        if (name === 'hangLimitInitializer') continue;
        const args = type.params.map((t) =>
          t === 'i32' || t === 'f32' ? 0x3f80_0000n : 0x3ff0_0000_0000_0000n,
        );
        if (hang) plan.push({ name: hang[0], args: [] });
        plan.push({ name, args });
      }
      try {
        let r = await run(bytes, plan, target);
        if (r.mismatches.length > 0 && CANONICAL_NANS.has(target)) {
          r = await run(await denan(bytes), plan, target);
          denanned++;
        }
        expect(r.mismatches.slice(0, 10)).toEqual([]);
        calls += r.compared;
      } catch (e) {
        throw new Error(`seed ${seed}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    process.stderr.write(
      `${target}: ${COUNT} random modules, ${calls} calls compared, ${denanned} compared again after --denan\n`,
    );
  }, 1_800_000);
});
