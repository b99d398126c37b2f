/**
 * The binaryen boundary: the only module that loads binaryen (a 15 MB
 * Emscripten build, ESM with top-level await, loaded on first use). It reads
 * text (.wat) and binary modules, validates them against the feature set LIRC
 * accepts, optionally runs wasm-opt's default passes, and emits the binary
 * that the decoder reads; it also makes random modules with wasm-opt `-ttf`.
 *
 * Binaryen reports validation errors and binary parse exceptions by printing
 * them (Emscripten's `err`, bound to `console.error` when the module loads)
 * rather than in an exception. Before the import this module puts forwarding
 * functions in `console.log` and `console.error`, so binaryen keeps those; they
 * pass output through to the original console except while a call here
 * captures it, which turns it into the error message. (As a fallback, should
 * binaryen already be loaded by someone else, a capture also replaces
 * `process.stdout.write` and `process.stderr.write`, which is where Node's
 * console writes.)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type binaryen from 'binaryen';
import { UnsupportedError, WasmError } from './errors.js';
import { checkFloatLiterals } from './text/float-literals.js';

type Binaryen = typeof binaryen;
type Module = binaryen.Module;
type FeatureName = keyof typeof binaryen.Features;

/**
 * The proposals LIRC accepts on top of the MVP: those of the 2020 spec
 * testsuite snapshot (no reference types, bulk memory or SIMD). `feature` is
 * binaryen's `Features` member, `flag` wasm-opt's `--enable-` flag.
 */
const PROPOSALS: readonly { feature: FeatureName; flag: string }[] = [
  { feature: 'MutableGlobals', flag: 'mutable-globals' },
  { feature: 'Multivalue', flag: 'multivalue' },
  { feature: 'SignExt', flag: 'sign-ext' },
  { feature: 'NontrappingFPToInt', flag: 'nontrapping-float-to-int' },
];

/** The input of {@link prepareModule}: a module's bytes or text. */
export interface ModuleInput {
  /** A binary module, or the UTF-8 text of one when `file` ends in `.wat`. */
  bytes?: Uint8Array;
  /** A text module (.wat). */
  text?: string;
  /** The file name used in error messages. */
  file?: string;
}

/** Options of {@link prepareModule}. */
export interface PrepareOptions {
  /** Run wasm-opt's default optimisation passes (level 2, no shrinking). */
  optimize?: boolean;
}

// --- loading binaryen with its output routed through here ----------------

/** Output binaryen prints while a capture runs, else undefined. */
let captured: string[] | undefined;
let loading: Promise<Binaryen> | undefined;

/** Loads binaryen once, with `console.log`/`console.error` routed as described above. */
function loadBinaryen(): Promise<Binaryen> {
  loading ??= (async () => {
    const con = globalThis.console;
    const { log, error } = con;
    // Outside a capture, print with whatever the console has then (the
    // original functions once restored below, or a test's replacement).
    const route = (name: 'log' | 'error', original: (...args: unknown[]) => void) => {
      const routed = (...args: unknown[]): void => {
        if (captured) captured.push(`${args.map(String).join(' ')}\n`);
        else (con[name] === routed ? original : con[name]).apply(con, args);
      };
      return routed;
    };
    const routedLog = route('log', log);
    const routedError = route('error', error);
    con.log = routedLog;
    con.error = routedError;
    try {
      return (await import('binaryen')).default;
    } finally {
      if (con.log === routedLog) con.log = log;
      if (con.error === routedError) con.error = error;
    }
  })();
  return loading;
}

type Write = typeof process.stdout.write;

/** Runs `run`, collecting what binaryen prints instead of letting it reach the terminal. */
function capture<T>(run: () => T): { value?: T; error?: unknown; output: string } {
  const out: string[] = [];
  const outer = captured;
  const { stdout, stderr } = process;
  const writeOut = stdout.write;
  const writeErr = stderr.write;
  const collect = ((chunk: unknown) => {
    out.push(String(chunk));
    return true;
  }) as Write;
  captured = out;
  stdout.write = collect;
  stderr.write = collect;
  try {
    return { value: run(), output: out.join('') };
  } catch (error) {
    return { error, output: out.join('') };
  } finally {
    stdout.write = writeOut;
    stderr.write = writeErr;
    captured = outer;
  }
}

/** The function name of the module {@link flushPending} validates. */
const FLUSH_FUNCTION = 'lirc_flush';

/**
 * Emscripten prints a line only at its newline, and binaryen's binary parse
 * exceptions (`[parse exception: ...]`) have none: they wait in the stderr
 * buffer. Validating a small invalid module prints whole lines, which pushes
 * the waiting text out; the caller captures it and cuts the flush's own
 * error off (see {@link pendingOutput}).
 */
function flushPending(api: Binaryen): void {
  const module = api.parseText(
    `(module (func $${FLUSH_FUNCTION} (drop (i32.add (i32.const 0) (i64.const 0)))))`,
  );
  try {
    module.validate();
  } finally {
    module.dispose();
  }
}

/** Captured output up to the error {@link flushPending} printed. */
function pendingOutput(output: string): string {
  const end = output.indexOf(`[wasm-validator error in function ${FLUSH_FUNCTION}]`);
  return end < 0 ? output : output.slice(0, end);
}

// --- reading and validating ----------------------------------------------

function featureMask(api: Binaryen): number {
  let mask: number = api.Features.MVP;
  for (const p of PROPOSALS) mask |= api.Features[p.feature];
  return mask;
}

function isBinary(bytes: Uint8Array): boolean {
  return bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

/** binaryen's `readBinary` takes the features as a second argument (not in its typings). */
function readBinary(api: Binaryen, bytes: Uint8Array, features: number): Module {
  return (api.readBinary as (data: Uint8Array, features: number) => Module)(bytes, features);
}

/** The text of a thrown value (binaryen throws objects with a `message` that are not Errors). */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

/** The first parse exception in binaryen's output: `invalid version (at offset 8)`. */
function parseException(output: string): string | undefined {
  const m = /\[parse exception: ([^\]]*)\]/.exec(output);
  return m?.[1]?.replace(/\(at 0:(\d+)\)$/, '(at offset $1)').trim();
}

function readText(api: Binaryen, text: string, file: string | undefined): Module {
  const read = capture(() => api.parseText(text));
  if (read.value) {
    try {
      checkFloatLiterals(text, file);
    } catch (error) {
      read.value.dispose();
      throw error;
    }
    return read.value;
  }
  const message = messageOf(read.error).trim();
  const at = /^(\d+):(\d+): (?:error: )?([\s\S]*)$/.exec(message);
  if (!at) throw new WasmError(`syntax error: ${message}`, { file, cause: read.error });
  throw new WasmError(`syntax error: ${at[3]}`, {
    file,
    line: Number(at[1]),
    column: Number(at[2]),
    cause: read.error,
  });
}

/** A module that is valid only with proposals LIRC does not accept. */
function beyond2020(reason: string | undefined, file: string | undefined): UnsupportedError {
  return new UnsupportedError(
    `uses a proposal beyond the 2020 spec, not supported yet${reason ? `: ${reason}` : ''}`,
    'post-2020 proposal',
    file,
  );
}

function readBinaryModule(api: Binaryen, bytes: Uint8Array, file: string | undefined): Module {
  const read = capture(() => readBinary(api, bytes, featureMask(api)));
  if (read.value) return read.value;
  const flushed = capture(() => flushPending(api));
  const reason = parseException(read.output + pendingOutput(flushed.output));
  // A module that reads with every feature enabled uses a later proposal.
  const all = capture(() => readBinary(api, bytes, api.Features.All));
  if (all.value) {
    all.value.dispose();
    throw beyond2020(reason, file);
  }
  capture(() => flushPending(api));
  throw new WasmError(`malformed module: ${reason ?? messageOf(read.error)}`, {
    file,
    cause: read.error,
  });
}

/**
 * Binaryen's validation errors as one line: the first error, its expression
 * on one line (shortened), and how many more there are.
 */
function validationReason(output: string): string {
  const errors = output
    .split(/(?=\[wasm-validator error)/)
    .map((e) => e.replace(/\s+/g, ' ').replace(/ \)/g, ')').trim())
    .filter((e) => e.startsWith('[wasm-validator error'));
  if (errors.length === 0) return output.trim() || 'validation failed';
  let first = errors[0]!;
  if (first.length > 240) first = `${first.slice(0, 239)}…`;
  const more = errors.length - 1;
  return more > 0 ? `${first} (and ${more} more error${more > 1 ? 's' : ''})` : first;
}

function validate(api: Binaryen, module: Module, file: string | undefined): void {
  module.setFeatures(featureMask(api));
  const checked = capture(() => module.validate());
  if (checked.error !== undefined) throw checked.error;
  if (checked.value) return;
  const reason = validationReason(checked.output);
  module.setFeatures(api.Features.All);
  const withAll = capture(() => module.validate());
  if (withAll.value) {
    throw beyond2020(reason, file);
  }
  throw new WasmError(`invalid module: ${reason}`, { file });
}

/**
 * Reads a module (text or binary), validates it and returns its binary, after
 * wasm-opt's default passes when `options.optimize` is set.
 *
 * The accepted features are those of the 2020 spec snapshot: MVP plus
 * mutable globals, multi-value, sign-extension operators and non-trapping
 * float-to-int conversions. Text is `input.text`, or `input.bytes` when they
 * do not start with the binary magic and `input.file` ends in `.wat`.
 *
 * @throws WasmError for a text syntax error (with line and column), a
 *   malformed binary or an invalid module, with binaryen's reason; nothing is
 *   printed. UnsupportedError when the module is valid only with later
 *   proposals enabled.
 */
export async function prepareModule(
  input: ModuleInput,
  options: PrepareOptions = {},
): Promise<Uint8Array> {
  const api = await loadBinaryen();
  const { bytes, file } = input;
  let module: Module;
  if (input.text !== undefined) module = readText(api, input.text, file);
  else if (bytes === undefined) throw new TypeError('prepareModule: neither bytes nor text given');
  else if (!isBinary(bytes) && file?.endsWith('.wat'))
    module = readText(api, new TextDecoder().decode(bytes), file);
  else module = readBinaryModule(api, bytes, file);
  try {
    validate(api, module, file);
    if (options.optimize) optimize(api, module);
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

/** wasm-opt's default passes at optimize level 2, shrink level 0. */
function optimize(api: Binaryen, module: Module): void {
  const level = api.getOptimizeLevel();
  const shrink = api.getShrinkLevel();
  api.setOptimizeLevel(2);
  api.setShrinkLevel(0);
  try {
    const run = capture(() => module.optimize());
    if (run.error !== undefined) throw run.error;
  } finally {
    api.setOptimizeLevel(level);
    api.setShrinkLevel(shrink);
  }
}

// --- random modules ------------------------------------------------------

/** `count` pseudo-random bytes from a 32-bit seed (mulberry32). */
function pseudoRandomBytes(seed: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i += 4) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    t = (t ^ (t >>> 14)) >>> 0;
    for (let k = 0; k < 4 && i + k < count; k++) out[i + k] = (t >>> (8 * k)) & 0xff;
  }
  return out;
}

/** The path of binaryen's bundled wasm-opt (a Node script). */
function wasmOptPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('binaryen/package.json')), 'bin', 'wasm-opt');
}

/**
 * A random valid module: binaryen's wasm-opt `-ttf` (translate-to-fuzz) run
 * on `bytes` pseudo-random bytes made from `seed` (a 32-bit integer), with the
 * MVP plus the proposals {@link prepareModule} accepts. The same seed and
 * size give the same module (for this binaryen version).
 *
 * Floats cannot be avoided: wasm-opt has no option to leave f32/f64 out of
 * `-ttf` (only to disable proposals, memory operations or out-of-bounds
 * accesses), and nearly every module has float parameters, locals and
 * instructions. A caller that wants integer-only code must skip or stub the
 * functions that use floats. The module imports functions from the
 * `fuzzing-support` module (`log-i32`, `log-i64`, `log-f32`, `log-f64`,
 * `call-export-catch`, ...) and exports some of its functions.
 */
export async function randomModule(seed: number, bytes = 4096): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'lirc-ttf-'));
  try {
    const input = join(dir, 'seed.dat');
    const output = join(dir, 'random.wasm');
    await writeFile(input, pseudoRandomBytes(seed, bytes));
    const flags = ['-mvp', ...PROPOSALS.map((p) => `--enable-${p.flag}`)];
    try {
      await promisify(execFile)(process.execPath, [
        wasmOptPath(),
        input,
        '-ttf',
        ...flags,
        '-o',
        output,
      ]);
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new Error(`wasm-opt -ttf failed for seed ${seed}: ${stderr || messageOf(error)}`, {
        cause: error,
      });
    }
    return new Uint8Array(await readFile(output));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
