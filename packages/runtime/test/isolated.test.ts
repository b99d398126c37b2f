/**
 * The isolated executor on x86-64 code: results come back by value, and a
 * crash (ud2 -> SIGILL, a null load -> SIGSEGV, a zero divisor -> SIGFPE)
 * or a hang (a jump to itself) is the outcome of that call alone; a batch
 * goes on in a fresh child after it.
 */
import { x86_64 } from '@lirc/machine-x86_64';
import {
  type CallOutcome,
  type IsolatedCall,
  IsolatedRunner,
  runIsolated,
  runIsolatedBatch,
  type Signature,
} from '../src/index.js';
import { assembler, r } from './assemble.js';

const asm = assembler(x86_64);
const I64_I64_I64: Signature = { params: ['i64', 'i64'], results: ['i64'] };

/** Several functions in one piece of code, at known offsets. */
function library() {
  const parts = {
    add: asm([
      ['lea r64, [base + index]', { dst: r('rax'), base: r('rdi'), index: r('rsi') }],
      ['ret'],
    ]),
    trap: asm([['ud2', { kind: { sym: 'unreachable' } }]]),
    loop: asm([['jmp rel8', { target: { label: 0 } }]]), // EB FE: jumps to itself
    load: asm([['mov r64, m64 [base]', { dst: r('rax'), base: r('rdi') }], ['ret']]),
    divide: asm([
      ['mov r64, r64', { dst: r('rax'), src: r('rdi') }],
      ['cqo + idiv r64 (quotient)', { lo: r('rax'), src: r('rsi') }],
      ['ret'],
    ]),
    addsd: asm([['addsd xmm, xmm', { dst: r('xmm0'), src: r('xmm1') }], ['ret']]),
  };
  const offsets: Record<string, number> = {};
  const bytes: number[] = [];
  for (const [name, code] of Object.entries(parts)) {
    offsets[name] = bytes.length;
    bytes.push(...code);
  }
  return { code: new Uint8Array(bytes), at: offsets as Record<keyof typeof parts, number> };
}

const { code, at } = library();
const onHost = process.platform === 'linux' && process.arch === 'x64';
const hostTest = onHost ? test : test.skip;

const add = (a: bigint, b: bigint): IsolatedCall => ({
  offset: at.add,
  signature: I64_I64_I64,
  args: [a, b],
});

hostTest('a call returns its value', async () => {
  expect(await runIsolated(code, at.add, I64_I64_I64, [2n, 40n])).toEqual({
    kind: 'return',
    values: [42n],
  });
});

hostTest('floats survive the trip, NaN and -0 included', async () => {
  const f64: Signature = { params: ['f64', 'f64'], results: ['f64'] };
  const calls = [
    [1.5, 2.25],
    [-0, -0],
    [Number.NaN, 1],
    [Number.NEGATIVE_INFINITY, 1],
  ].map((args) => ({ offset: at.addsd, signature: f64, args }));
  const out = await runIsolatedBatch(code, calls);
  expect(out).toEqual([
    { kind: 'return', values: [3.75] },
    { kind: 'return', values: [-0] },
    { kind: 'return', values: [Number.NaN] },
    { kind: 'return', values: [Number.NEGATIVE_INFINITY] },
  ]);
  expect(Object.is((out[1] as { values: number[] }).values[0], -0)).toBe(true);
});

hostTest('ud2 is SIGILL', async () => {
  expect(await runIsolated(code, at.trap, { params: [], results: [] }, [])).toEqual({
    kind: 'signal',
    signal: 'SIGILL',
  });
});

hostTest('a jump to itself times out', async () => {
  const started = performance.now();
  const out = await runIsolated(code, at.loop, { params: [], results: [] }, [], { timeoutMs: 300 });
  expect(out).toEqual({ kind: 'timeout' });
  expect(performance.now() - started).toBeLessThan(10_000);
});

hostTest('a batch reports the call that crashed and still runs the rest', async () => {
  const runner = new IsolatedRunner({ timeoutMs: 2000 });
  try {
    const calls: IsolatedCall[] = [
      add(1n, 2n),
      { offset: at.trap, signature: { params: [], results: [] }, args: [] },
      add(3n, 4n),
      { offset: at.load, signature: { params: ['ptr'], results: ['i64'] }, args: [0n] },
      { offset: at.divide, signature: I64_I64_I64, args: [7n, 0n] },
      { offset: at.divide, signature: I64_I64_I64, args: [-7n, 2n] },
      { offset: at.loop, signature: { params: [], results: [] }, args: [], timeoutMs: 200 },
      add(5n, 6n),
    ];
    const outcomes = await runner.runBatch(code, calls);
    expect(outcomes).toEqual<CallOutcome[]>([
      { kind: 'return', values: [3n] },
      { kind: 'signal', signal: 'SIGILL' },
      { kind: 'return', values: [7n] },
      { kind: 'signal', signal: 'SIGSEGV' },
      { kind: 'signal', signal: 'SIGFPE' },
      { kind: 'return', values: [-3n] },
      { kind: 'timeout' },
      { kind: 'return', values: [11n] },
    ]);
    expect(runner.spawns).toBe(5); // the first child, then one after each of 4 deaths
    // The runner keeps its child for the next batch.
    expect(await runner.run(code, at.add, I64_I64_I64, [20n, 22n])).toEqual({
      kind: 'return',
      values: [42n],
    });
    expect(runner.spawns).toBe(5);
  } finally {
    await runner.close();
  }
});

hostTest('hundreds of calls share one child', async () => {
  const runner = new IsolatedRunner();
  try {
    const calls = Array.from({ length: 500 }, (_, k) => add(BigInt(k), BigInt(k * k)));
    const started = performance.now();
    const first = await runner.run(code, at.add, I64_I64_I64, [0n, 0n]);
    const spawn = performance.now() - started;
    const again = performance.now();
    const outcomes = await runner.runBatch(code, calls);
    const batch = performance.now() - again;
    expect(first.kind).toBe('return');
    expect(outcomes).toEqual(
      calls.map((c) => ({
        kind: 'return',
        values: [(c.args[0]! as bigint) + (c.args[1]! as bigint)],
      })),
    );
    expect(runner.spawns).toBe(1);
    console.log(
      `isolated: first call (spawn + load) ${spawn.toFixed(0)} ms; 500 calls in a warm child ${batch.toFixed(0)} ms (${((batch * 1000) / 500).toFixed(0)} µs per call)`,
    );
  } finally {
    await runner.close();
  }
});

hostTest('a malformed call is rejected before anything runs', async () => {
  await expect(runIsolated(code, at.add, I64_I64_I64, [1n])).rejects.toThrow(
    'expected 2 argument(s), got 1',
  );
  await expect(runIsolated(code, code.length, I64_I64_I64, [1n, 2n])).rejects.toThrow(
    'outside the code',
  );
  await expect(runIsolatedBatch(code, [])).resolves.toEqual([]);
});
