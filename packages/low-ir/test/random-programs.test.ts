/**
 * The random program generator: 300 seeds with the default options and 300
 * with riscv32's (ptr32, 32-bit values only). Every program verifies, runs
 * on the interpreter within its step bound (a trap is fine, step_limit is
 * not), round-trips through its text and is the same for the same seed. Over
 * each sample, coverage assertions keep the generator from silently losing a
 * feature. Then the shrinker: smaller programs that still fail and verify.
 */
import {
  generateProgram,
  Interpreter,
  InterpreterError,
  parseModule,
  printToString,
  programSize,
  type RandomProgram,
  type RandomProgramOptions,
  type RunResult,
  replayModule,
  shrinkProgram,
  verifyModule,
} from '@lirc/low-ir';
import { type ProgramStats, programStats } from './helpers/program-stats.js';

const SEEDS = 300;
/** The interpreter's budget; generated programs promise to stay within DEFAULT_BOUND. */
const MAX_STEPS = 200_000;
const DEFAULT_BOUND = 50_000;

function run(p: RandomProgram, maxSteps = MAX_STEPS): RunResult {
  return new Interpreter(p.module, { maxSteps, verify: false }).call(p.entry, p.args);
}

function reprint(text: string): string {
  return printToString((sink) => replayModule(parseModule(text), sink));
}

interface Sample {
  readonly stats: ProgramStats[];
  readonly outcomes: Map<string, number>;
  readonly maxSteps: number;
}

/** Generates and checks every seed; returns what the sample covers. Failures name the seed. */
function checkSeeds(options: RandomProgramOptions): Sample {
  const failures: string[] = [];
  const stats: ProgramStats[] = [];
  const outcomes = new Map<string, number>();
  let maxSteps = 0;
  for (let seed = 0; seed < SEEDS; seed++) {
    const fail = (why: string) => failures.push(`seed ${seed}: ${why}`);
    let p: RandomProgram;
    try {
      p = generateProgram(seed, options);
    } catch (e) {
      fail(`generateProgram threw ${(e as Error).message.split('\n').slice(0, 5).join(' | ')}`);
      continue;
    }
    const diagnostics = verifyModule(p.module);
    if (diagnostics.length > 0) fail(`does not verify: ${diagnostics[0]!.message}`);
    let result: RunResult;
    try {
      result = run(p);
    } catch (e) {
      fail(
        `${e instanceof InterpreterError ? 'InterpreterError' : 'exception'}: ${(e as Error).message}`,
      );
      continue;
    }
    if (result.kind === 'trap' && result.trap === 'step_limit')
      fail('step_limit: a loop is not bounded');
    if (result.steps > DEFAULT_BOUND)
      fail(`${result.steps} steps, more than the promised ${DEFAULT_BOUND}`);
    maxSteps = Math.max(maxSteps, result.steps);
    const outcome = result.kind === 'trap' ? result.trap : 'return';
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (reprint(p.text) !== p.text) fail('print → parse → print changes the text');
    if (printToString((sink) => replayModule(p.module, sink)) !== p.text)
      fail('the text field is not the printed module');
    if (generateProgram(seed, options).text !== p.text) fail('the same seed gives another text');
    stats.push(programStats(p.module));
  }
  expect(failures).toEqual([]);
  return { stats, outcomes, maxSteps };
}

/** How many programs of the sample have `has`. */
function count(sample: Sample, has: (s: ProgramStats) => boolean): number {
  return sample.stats.filter(has).length;
}

/** Coverage common to both option sets. */
function expectCoverage(sample: Sample, widths: readonly number[]): void {
  const uses = (action: string) => count(sample, (s) => s.actions.has(action));
  const usesAny = (prefix: string) =>
    count(sample, (s) => [...s.actions].some((a) => a.startsWith(prefix)));
  expect(sample.outcomes.get('int_divide_by_zero') ?? 0).toBeGreaterThan(0);
  expect(sample.outcomes.get('return') ?? 0).toBeGreaterThan(SEEDS * 0.8);
  expect(count(sample, (s) => s.maxCallResults >= 3)).toBeGreaterThan(10);
  expect(count(sample, (s) => s.maxArity >= 12)).toBeGreaterThan(10);
  expect(count(sample, (s) => s.loops > 0)).toBeGreaterThan(SEEDS / 2);
  expect(count(sample, (s) => s.maxLive >= 20)).toBeGreaterThan(10);
  for (const w of widths) {
    expect(uses(`load.${w}`)).toBeGreaterThan(0);
    expect(uses(`store.${w}`)).toBeGreaterThan(0);
    expect(uses(`div_u.${w}`)).toBeGreaterThan(0);
  }
  for (const prefix of [
    'load_s.',
    'load_u.',
    'store.32.8',
    'call_indirect',
    'func_addr',
    'trap_if',
    'trap',
  ]) {
    expect(usesAny(prefix)).toBeGreaterThan(0);
  }
  for (const op of [
    'select',
    'clone',
    'drop',
    'br_if',
    'add_carry',
    'add_overflow',
    'sub_overflow',
    'sign',
    'eqz',
  ]) {
    expect(usesAny(`${op}.`) + uses(op)).toBeGreaterThan(10);
  }
  for (const op of ['zext', 'sext', 'trunc', 'shl', 'rotr', 'mulh_s', 'rem_s', 'clz', 'popcnt']) {
    expect(usesAny(`${op}.`)).toBeGreaterThan(10);
  }
}

describe('random programs, default options', () => {
  let sample: Sample;
  test(`${SEEDS} seeds verify, run within the bound, round-trip and are deterministic`, () => {
    sample = checkSeeds({});
  });
  test('the sample covers the language', () => {
    expectCoverage(sample, [8, 16, 32, 64]);
    expect(count(sample, (s) => s.actions.has('sext.64.8'))).toBeGreaterThan(0);
    expect(count(sample, (s) => s.actions.has('trunc.8.64'))).toBeGreaterThan(0);
  });
});

describe('random programs, riscv32 options (ptr32, 32-bit values)', () => {
  let sample: Sample;
  test(`${SEEDS} seeds verify, run within the bound, round-trip and are deterministic`, () => {
    sample = checkSeeds({ pointerWidth: 32, widths: [32] });
  });
  test('the sample covers the language with 32-bit values only', () => {
    expectCoverage(sample, [32]);
    const widths = new Set(
      sample.stats.flatMap((s) => [...s.actions].flatMap((a) => a.split('.').slice(1).map(Number))),
    );
    // Values are 1 or 32 bits; 8 and 16 appear only as memory access sizes (load_u.32.8, store.32.16).
    expect([...widths].sort((a, b) => a - b)).toEqual([1, 8, 16, 32]);
    expect(
      count(sample, (s) => [...s.actions].some((a) => /^(load|store)[^.]*\.(8|16)$/.test(a))),
    ).toBe(0);
  });
});

describe('generateProgram options and seeds', () => {
  test('a bigint seed and a number seed of the same value give the same program', () => {
    expect(generateProgram(7n).text).toBe(generateProgram(7).text);
    expect(generateProgram(-1).text).toBe(generateProgram(2n ** 64n - 1n).text);
    expect(generateProgram(1).text).not.toBe(generateProgram(2).text);
  });

  test('other options still give valid, terminating programs', () => {
    const sets: RandomProgramOptions[] = [
      { floats: true },
      { floats: true, widths: [32], pointerWidth: 32 },
      { memory: false, calls: false, loops: false },
      { widths: [8], maxParams: 2, maxFunctions: 1 },
      { outOfBounds: 0.5 },
      { unguardedDivision: 0, recursion: false },
    ];
    const outcomes = new Set<string>();
    let withFloats = 0;
    for (const options of sets) {
      for (let seed = 0; seed < 15; seed++) {
        const p = generateProgram(seed, options);
        expect(verifyModule(p.module)).toEqual([]);
        const r = run(p);
        outcomes.add(r.kind === 'trap' ? r.trap : 'return');
        expect(r.kind === 'trap' && r.trap === 'step_limit').toBe(false);
        if (options.memory === false) expect(p.text).not.toMatch(/load|store|memory/);
        if (options.calls === false) expect(p.text).not.toMatch(/call/);
        if (/ = (f[a-z]+|itof_[su]|ftoi_[a-z_]+)\.(32|64)/.test(p.text)) withFloats++;
      }
    }
    expect(outcomes).toContain('out_of_bounds');
    expect(withFloats).toBeGreaterThan(15);
  });

  test('bad options are rejected', () => {
    expect(() => generateProgram(1, { widths: [7] })).toThrow(RangeError);
    expect(() => generateProgram(1, { outOfBounds: 2 })).toThrow(RangeError);
    expect(() => generateProgram(1.5)).toThrow(RangeError);
  });
});

describe('shrinkProgram', () => {
  function firstSeed(has: (p: RandomProgram) => boolean): RandomProgram {
    for (let seed = 0; ; seed++) {
      const p = generateProgram(seed);
      if (has(p)) return p;
    }
  }

  function expectShrunk(
    before: RandomProgram,
    after: RandomProgram,
    stillFails: (p: RandomProgram) => boolean,
  ) {
    expect(stillFails(after)).toBe(true);
    expect(verifyModule(after.module)).toEqual([]);
    expect(reprint(after.text)).toBe(after.text);
    expect(after.text.length).toBeLessThan(before.text.length / 4);
    const [a, b] = [programSize(after), programSize(before)];
    expect(a[0]! < b[0]! || (a[0] === b[0] && a[2]! < b[2]!)).toBe(true);
  }

  test('a program containing div_u.32 shrinks to little more than that division', () => {
    const hasDiv = (p: RandomProgram) => /= div_u\.32 /.test(p.text);
    const before = firstSeed(hasDiv);
    const after = shrinkProgram(before, hasDiv);
    expectShrunk(before, after, hasDiv);
    expect(programSize(after)[0]).toBeLessThanOrEqual(4);
  });

  test('a program that traps int_divide_by_zero shrinks and still traps', () => {
    const traps = (p: RandomProgram) => {
      const r = run(p, 20_000);
      return r.kind === 'trap' && r.trap === 'int_divide_by_zero';
    };
    const before = firstSeed(traps);
    const after = shrinkProgram(before, traps);
    expectShrunk(before, after, traps);
  });

  test('a program that does not fail is returned as it is; the attempts are bounded', () => {
    const p = generateProgram(3);
    expect(shrinkProgram(p, () => false)).toBe(p);
    let calls = 0;
    const q = shrinkProgram(p, () => ++calls > 0, { maxAttempts: 5 });
    expect(calls).toBeLessThanOrEqual(6);
    expect(verifyModule(q.module)).toEqual([]);
  });
});
