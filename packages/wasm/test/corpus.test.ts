/**
 * CoreMark (coremark.wasm of the real-world corpus, from the wasmi
 * benchmarking suite) on x86_64 through the runtime, with `env.clock_ms` a
 * JavaScript host function, against V8 (Node's WebAssembly) as the oracle.
 *
 * The self-check. This build prints nothing: `run()` returns the score as an
 * f32, and returns 0 unless CoreMark's validation passes. Its code (read with
 * wasm2wat) computes the CRC of the seeds, looks it up among the five known
 * seed CRCs (unknown seeds: errors = -1), compares each context's crclist,
 * crcmatrix and crcstate with the known tables at addresses 512/522/532 of
 * the data segment (one error per mismatch), and returns
 * iterations / seconds only if `errors + (seconds < 10 ? 1 : 0) == 0`, as
 * 16-bit values. With a run of at least 10 s, a non-zero score therefore
 * means: known seeds (here the performance run, seed CRC 0xe9f5) and every
 * CRC as expected. The results struct stays in linear memory (at 432, the
 * stack pointer 512 minus run()'s 80-byte frame): crc at +56, crclist +58,
 * crcmatrix +60, crcstate +62.
 *
 * The run is kept short by a fake clock: each call of clock_ms advances
 * 10 000 ms. Calibration then stops after its first pass (10 iterations
 * take "10 s"), sets 20 iterations, whose timed run takes "10 s": score 2,
 * about 30 iterations in all instead of about 20 s of work. The score is
 * not a measurement, but the validation is the real one (crclist, crcmatrix
 * and crcstate are computed in the first iteration and checked whatever the
 * count). Both engines get the same clock, so their whole linear memories
 * must be equal after the run. The same module with a wrong known CRC in its
 * table, and a clock that makes the run last under 10 s, must score 0: so a
 * non-zero score means something.
 *
 * The corpus is ../shared/corpus next to the checkout, or LIRC_WASM_CORPUS.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMachine } from '@lirc/asmquery';
import { x86_64 } from '@lirc/machine-x86_64';
import {
  createStore,
  decodeModule,
  hostFunction,
  invokeTyped,
  runStore,
  targetFor,
  typedResult,
} from '../src/index.js';

const CORPUS =
  process.env.LIRC_WASM_CORPUS ??
  fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const FILE = join(CORPUS, 'coremark.wasm');

/** Where run()'s results struct is and what the performance run's CRCs must be. */
const RESULTS = 432;
const KNOWN = { crclist: 0xe714, crcmatrix: 0x1fd7, crcstate: 0x8e3a };
const PAGE = 65536;

interface Run {
  readonly score: number;
  readonly clockCalls: number;
  readonly memory: Uint8Array;
}

/** A clock_ms that advances `step` ms per call, and its call count. */
function fakeClock(step: number) {
  const clock = { calls: 0, ms: () => step * clock.calls++ };
  return clock;
}

/** CoreMark's exports as V8 gives them. */
interface CoreMarkExports {
  run(): number;
  readonly memory: { readonly buffer: ArrayBuffer };
}

/** CoreMark's run() on V8 (Node's WebAssembly; the project's TypeScript lib has no DOM types). */
function runV8(bytes: Uint8Array, step: number): Run {
  const clock = fakeClock(step);
  const wasm = Reflect.get(globalThis, 'WebAssembly');
  const compiled: unknown = new wasm.Module(bytes);
  const { exports } = new wasm.Instance(compiled, { env: { clock_ms: clock.ms } });
  const { run, memory } = exports as CoreMarkExports;
  const score = run();
  return { score, clockCalls: clock.calls, memory: new Uint8Array(memory.buffer.slice(0, PAGE)) };
}

/** CoreMark's run() on LIRC x86_64, natively, through the runtime. */
async function runLirc(bytes: Uint8Array, step: number): Promise<Run> {
  const store = createStore(targetFor(loadMachine(x86_64)));
  const module = decodeModule(bytes, 'coremark.wasm');
  const clock = fakeClock(step);
  const clockMs = hostFunction(store, { params: [], results: ['i32'] }, clock.ms, 'env.clock_ms');
  const instance = store.instantiate(module, (m, name) =>
    m === 'env' && name === 'clock_ms' ? clockMs : undefined,
  );
  const exported = instance.exports.get('memory');
  if (exported?.kind !== 'memory') throw new Error('coremark.wasm exports no memory');
  const call = invokeTyped(store, instance, 'run', []);
  let memory = new Uint8Array(0);
  await runStore(store, {
    inspect: (space) => {
      // A memory descriptor starts with the address of the memory's bytes.
      const cell = space.read(exported.descriptor, 8);
      const base = new DataView(cell.buffer, cell.byteOffset, 8).getBigUint64(0, true);
      memory = space.read(base, PAGE).slice();
    },
  });
  return { score: typedResult(call) as number, clockCalls: clock.calls, memory };
}

const u16 = (memory: Uint8Array, at: number) => memory[at]! | (memory[at + 1]! << 8);
const crcs = (memory: Uint8Array) => ({
  crc: u16(memory, RESULTS + 56),
  crclist: u16(memory, RESULTS + 58),
  crcmatrix: u16(memory, RESULTS + 60),
  crcstate: u16(memory, RESULTS + 62),
});

/** coremark.wasm with crclist's known value for the performance run changed. */
function wrongKnownCrc(bytes: Uint8Array): Uint8Array {
  // The data segment at 512 starts with list_known_crc: d4b0 3340 6a79 e714 e3c1.
  const table = [0xb0, 0xd4, 0x40, 0x33, 0x79, 0x6a, 0x14, 0xe7];
  const at = bytes.findIndex((_, i) => table.every((b, k) => bytes[i + k] === b));
  if (at < 0) throw new Error('list_known_crc not found in coremark.wasm');
  const patched = bytes.slice();
  patched[at + 6] = 0x15; // 0xe714 -> 0xe715
  return patched;
}

let bytes: Uint8Array;
beforeAll(() => {
  if (!existsSync(FILE)) throw new Error(`corpus not found: no ${FILE} (set LIRC_WASM_CORPUS)`);
  bytes = readFileSync(FILE);
});

test('CoreMark on x86_64 passes its self-check, like V8, with the same memory after the run', async () => {
  const started = performance.now();
  const [v8, lirc] = [runV8(bytes, 10_000), await runLirc(bytes, 10_000)];
  console.log(
    `coremark.wasm on LIRC x86_64 (clock_ms +10 s per call): score ${lirc.score}, ` +
      `${lirc.clockCalls} clock calls, CRCs ${JSON.stringify(crcs(lirc.memory))}, ` +
      `${Math.round(performance.now() - started)} ms with compilation`,
  );
  // V8 as the oracle: validation passed, 20 timed iterations in "10 s".
  expect(v8.score).toBe(2);
  expect(crcs(v8.memory)).toMatchObject(KNOWN);
  expect(lirc.score).toBeGreaterThan(0);
  expect(lirc.score).toBe(v8.score);
  expect(lirc.clockCalls).toBe(v8.clockCalls);
  expect(crcs(lirc.memory)).toEqual(crcs(v8.memory));
  expect(Buffer.compare(lirc.memory, v8.memory)).toBe(0);
}, 120_000);

test('the score is 0 when validation fails: a wrong known CRC, or a run under 10 s', async () => {
  const patched = wrongKnownCrc(bytes);
  expect(runV8(patched, 10_000).score).toBe(0);
  expect((await runLirc(patched, 10_000)).score).toBe(0);
  // 5 s per clock call: calibrated to 30 iterations, timed at "5 s".
  const [v8, lirc] = [runV8(bytes, 5_000), await runLirc(bytes, 5_000)];
  expect(v8.score).toBe(0);
  expect(lirc.score).toBe(0);
  expect(crcs(lirc.memory)).toEqual(crcs(v8.memory));
  expect(crcs(lirc.memory)).toMatchObject(KNOWN);
}, 120_000);
