/**
 * Differential runs against V8 (Node's own WebAssembly, an independent
 * implementation on the same machine): the same module, the same calls in
 * the same order, through V8 and through LIRC on a target; results, trap
 * kinds and what the module logs through its `fuzzing-support` imports
 * (binaryen's -ttf modules log values; every call's log entries are
 * compared) must agree.
 *
 * The `fuzzing-support` imports behave the same on both sides: `log-*`
 * record (call number, type, bits); every other import (`call-export`,
 * `sleep`, …) does nothing and returns zeros. On LIRC they are Low IR functions whose
 * context is a log area in the store; the call number comes from the store
 * block's call counter (the store's call entry counts every call, the
 * instantiation included).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { loadMachine } from '@lirc/asmquery';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';
import {
  createStore,
  decodeModule,
  type ExternValue,
  type FuncType,
  type Outcome,
  type Pending,
  runStore,
  type Store,
  type Target,
  targetFor,
  type ValType,
  type WasmModule,
} from '@lirc/wasm';

/** The two targets. */
export const TARGETS: Record<string, Target> = {
  x86_64: targetFor(loadMachine(x86_64)),
  riscv32: targetFor(loadMachine(riscv32)),
};

/**
 * `bytes` after binaryen's `--denan` (wasm-opt, the proposals randomModule
 * enables): every NaN a float operation, load or parameter yields becomes 0.
 */
export async function denan(bytes: Uint8Array): Promise<Uint8Array> {
  const require = createRequire(import.meta.url);
  const wasmOpt = join(dirname(require.resolve('binaryen/package.json')), 'bin', 'wasm-opt');
  const dir = await mkdtemp(join(tmpdir(), 'lirc-denan-'));
  try {
    const [input, output] = [join(dir, 'in.wasm'), join(dir, 'out.wasm')];
    await writeFile(input, bytes);
    const features = ['mutable-globals', 'multivalue', 'sign-ext', 'nontrapping-float-to-int'];
    await promisify(execFile)(process.execPath, [
      wasmOpt,
      input,
      '--denan',
      '-mvp',
      ...features.map((f) => `--enable-${f}`),
      '-o',
      output,
    ]);
    return new Uint8Array(await readFile(output));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One call of a plan: an export and its arguments (bits). */
export interface PlannedCall {
  readonly name: string;
  readonly args: readonly bigint[];
}

/** What a call came to, comparably: results (bits), a trap category, or something else. */
export type Observed =
  | { readonly kind: 'values'; readonly values: readonly bigint[] }
  | { readonly kind: 'trap'; readonly category: string }
  | { readonly kind: 'fault'; readonly detail: string };

/** A log entry: the call it happened in (1 = instantiation), its type and bits. */
export interface LogEntry {
  readonly call: number;
  readonly type: ValType;
  readonly bits: bigint;
}

/** Everything a run observed. */
export interface Observation {
  readonly calls: Observed[];
  readonly log: LogEntry[];
  /** The instantiation's outcome. */
  readonly init: Observed;
}

const LOG_TYPES: ValType[] = ['i32', 'i64', 'f32', 'f64'];

/** Node's WebAssembly (the project's TypeScript lib has no DOM types). */
const V8 = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (b: Uint8Array) => object;
      Instance: new (m: object, i: object) => { exports: Record<string, unknown> };
    };
  }
).WebAssembly;
const LOG_CAPACITY = 4096;

/** Trap categories both sides can be mapped to. */
const OUR_CATEGORY: Record<string, string> = {
  int_divide_by_zero: 'divide by zero',
  int_overflow: 'integer overflow',
  // V8 says "float unrepresentable in integer range" for NaN and out of range alike.
  invalid_conversion: 'integer overflow',
  out_of_bounds: 'memory out of bounds',
  unreachable: 'unreachable',
  undefined_element: 'table index out of bounds',
  uninitialized_element: 'bad indirect call',
  indirect_call_type_mismatch: 'bad indirect call',
  call_stack_exhausted: 'stack exhausted',
};

function v8Category(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError && /call stack/i.test(m)) return 'stack exhausted';
  if (/divide by zero|remainder by zero/.test(m)) return 'divide by zero';
  if (/unrepresentable|integer overflow/.test(m)) return 'integer overflow';
  if (/memory access out of bounds/.test(m)) return 'memory out of bounds';
  if (/unreachable/.test(m)) return 'unreachable';
  if (/table index is out of bounds/.test(m)) return 'table index out of bounds';
  if (/null function|signature mismatch/.test(m)) return 'bad indirect call';
  return `other: ${m}`;
}

function bitsOf(type: ValType, v: unknown): bigint {
  if (type === 'i32') return BigInt.asUintN(32, BigInt(v as number));
  if (type === 'i64') return BigInt.asUintN(64, v as bigint);
  if (type === 'f32') {
    const f = new Float32Array([v as number]);
    return BigInt(new Uint32Array(f.buffer)[0]!);
  }
  const f = new Float64Array([v as number]);
  return new BigUint64Array(f.buffer)[0]!;
}

function fromBits(type: ValType, bits: bigint): number | bigint {
  if (type === 'i32') return Number(BigInt.asIntN(32, bits));
  if (type === 'i64') return BigInt.asIntN(64, bits);
  if (type === 'f32') return new Float32Array(new Uint32Array([Number(bits)]).buffer)[0]!;
  return new Float64Array(new BigUint64Array([bits]).buffer)[0]!;
}

/** Whether two values of `type` agree (floats: NaN matches any NaN). */
export function sameBits(type: ValType, a: bigint, b: bigint): boolean {
  if (type === 'f32' || type === 'f64') {
    const x = fromBits(type, a) as number;
    const y = fromBits(type, b) as number;
    if (Number.isNaN(x) && Number.isNaN(y)) return true;
  }
  return a === b;
}

/** The types of an export of `bytes`. */
export function exportTypes(bytes: Uint8Array): Map<string, FuncType> {
  const m = decodeModule(bytes);
  const out = new Map<string, FuncType>();
  for (const e of m.exports)
    if (e.kind === 'func') out.set(e.name, m.types[m.functionTypes[e.index]!]!);
  return out;
}

/** Runs the plan through V8. */
export function runV8(bytes: Uint8Array, plan: readonly PlannedCall[]): Observation {
  const types = exportTypes(bytes);
  let call = 1;
  const log: LogEntry[] = [];
  const logger = (type: ValType) => (v: unknown) => {
    if (log.length < LOG_CAPACITY) log.push({ call, type, bits: bitsOf(type, v) });
  };
  const support: Record<string, unknown> = {};
  const m = decodeModule(bytes);
  for (const imp of m.imports) {
    if (imp.kind !== 'func') continue;
    const log = /^log-(i32|i64|f32|f64)$/.exec(imp.name);
    const results = m.types[imp.type]!.results;
    support[imp.name] = log
      ? logger(log[1] as ValType)
      : () => (results.length === 0 ? undefined : results[0] === 'i64' ? 0n : 0);
  }
  const imports = { 'fuzzing-support': support };
  let instance: { exports: Record<string, unknown> } | undefined;
  let init: Observed;
  try {
    instance = new V8.Instance(new V8.Module(bytes), imports);
    init = { kind: 'values', values: [] };
  } catch (e) {
    init = { kind: 'trap', category: v8Category(e) };
  }
  const calls = plan.map((c): Observed => {
    call++;
    if (!instance) return { kind: 'fault', detail: 'not instantiated' };
    const type = types.get(c.name)!;
    const fn = instance.exports[c.name] as (...a: unknown[]) => unknown;
    try {
      const r = fn(...c.args.map((a, k) => fromBits(type.params[k]!, a)));
      const values =
        type.results.length === 0 ? [] : type.results.length === 1 ? [r] : (r as unknown[]);
      return { kind: 'values', values: values.map((v, k) => bitsOf(type.results[k]!, v)) };
    } catch (e) {
      return { kind: 'trap', category: v8Category(e) };
    }
  });
  return { calls, log, init };
}

/** The fuzzing-support imports for a LIRC store: Low IR functions logging into a log area. */
function fuzzingSupport(
  store: Store,
  module: WasmModule,
): { exports: Map<string, ExternValue>; area: bigint } {
  const P = store.P;
  const B = P / 8;
  const area = store.space.alloc(16 + 16 * LOG_CAPACITY);
  store.space.writeInt(area, B, store.storeBlock);
  const exports = new Map<string, ExternValue>();
  const text = [`module ptr${P}`];
  LOG_TYPES.forEach((type, tag) => {
    const w = type === 'i32' || type === 'f32' ? 32 : 64;
    const n = P === 64 ? ['  %nw = zext.64.32 %n'] : [];
    const nw = P === 64 ? '%nw' : '%n';
    text.push(
      `func @fz_log_${type}(%d: ${P}, %v: ${w}) {`,
      `  %sb = load.${P} %d`,
      `  %callat = add.${P} %sb, 8`,
      '  %call = load.32 %callat',
      `  %nat = add.${P} %d, 8`,
      '  %n = load.32 %nat',
      `  %full = ge_u.32 %n, ${LOG_CAPACITY}`,
      '  br_if %full, ^done()',
      ...n,
      `  %off = mul.${P} ${nw}, 16`,
      `  %e0 = add.${P} %d, %off`,
      `  %e = add.${P} %e0, 16`,
      '  store.32 %e, %call',
      `  %tagat = add.${P} %e, 4`,
      `  store.32 %tagat, ${tag}`,
      `  %vat = add.${P} %e, 8`,
      `  store.${w} %vat, %v`,
      '  %n1 = add.32 %n, 1',
      '  store.32 %nat, %n1',
      '  return',
      '^done():',
      '  return',
      '}',
    );
    exports.set(`log-${type}`, {
      kind: 'func',
      type: { params: [type], results: [] },
      code: { name: `fz_log_${type}` },
      context: area,
    });
  });
  // Every other import does nothing and returns zeros (the same in runV8).
  for (const imp of module.imports) {
    if (imp.kind !== 'func' || imp.module !== 'fuzzing-support' || exports.has(imp.name)) continue;
    const type = module.types[imp.type]!;
    const name = `fz_${imp.name.replace(/[^a-z0-9_]/gi, '_')}`;
    const params = type.params
      .map((t, k) => `, %a${k}: ${t === 'i32' || t === 'f32' ? 32 : 64}`)
      .join('');
    const results = type.results.map((t) => (t === 'i32' || t === 'f32' ? 32 : 64));
    text.push(
      `func @${name}(%d: ${P}${params})${results.length ? ` -> (${results.join(', ')})` : ''} {`,
      '  drop %d',
      ...type.params.map((_t, k) => `  drop %a${k}`),
      `  return${results.length ? ` ${results.map(() => '0').join(', ')}` : ''}`,
      '}',
    );
    exports.set(imp.name, { kind: 'func', type, code: { name }, context: area });
  }
  store.extraText.push(text.join('\n'));
  return { exports, area };
}

function observe(o: Outcome | undefined): Observed {
  if (o === undefined) return { kind: 'fault', detail: 'no outcome' };
  if (o.kind === 'values') return o;
  if (o.kind === 'trap')
    return { kind: 'trap', category: OUR_CATEGORY[o.trap] ?? `other: ${o.trap}` };
  return { kind: 'fault', detail: `signal ${o.signal} at code offset ${o.offset}` };
}

/** Runs the plan through LIRC on `target`. */
export async function runLirc(
  bytes: Uint8Array,
  plan: readonly PlannedCall[],
  target: Target,
): Promise<Observation> {
  const store = createStore(target);
  const module = decodeModule(bytes);
  const { exports, area } = fuzzingSupport(store, module);
  const instance = store.instantiate(module, (module, name) =>
    module === 'fuzzing-support' ? exports.get(name) : undefined,
  );
  const pendings: Pending[] = plan.map((c) => store.invoke(instance, c.name, c.args));
  let raw: Uint8Array = new Uint8Array(0);
  await runStore(store, {
    inspect: (space) => {
      raw = space.read(area, 16 + 16 * LOG_CAPACITY);
    },
  });
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const count = Math.min(view.getUint32(8, true), LOG_CAPACITY);
  const log: LogEntry[] = [];
  for (let k = 0; k < count; k++) {
    const at = 16 + 16 * k;
    const type = LOG_TYPES[view.getUint32(at + 4, true)]!;
    const bits = view.getBigUint64(at + 8, true);
    log.push({
      call: view.getUint32(at, true),
      type,
      bits: type === 'i32' || type === 'f32' ? bits & 0xffff_ffffn : bits,
    });
  }
  return {
    calls: pendings.map((p) => observe(p.outcome)),
    log,
    init: observe(instance.init.outcome),
  };
}

function same(a: Observed, b: Observed, types: readonly ValType[]): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'values' && b.kind === 'values')
    return (
      a.values.length === b.values.length &&
      a.values.every((v, k) => sameBits(types[k] ?? 'i64', v, b.values[k]!))
    );
  if (a.kind === 'trap' && b.kind === 'trap') return a.category === b.category;
  return false;
}

const show = (o: unknown) =>
  JSON.stringify(o, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

/** Differences between V8's and LIRC's observations (empty: they agree), and how many calls were compared. */
export function compare(
  bytes: Uint8Array,
  plan: readonly PlannedCall[],
  v8: Observation,
  ours: Observation,
): { mismatches: string[]; compared: number } {
  const types = exportTypes(bytes);
  const mismatches: string[] = [];
  // Calls are numbered like the log: 1 is the instantiation.
  let stop = plan.length + 2;
  if (!same(v8.init, ours.init, []))
    mismatches.push(`instantiation: V8 ${show(v8.init)}, LIRC ${show(ours.init)}`);
  // An instantiation that trapped leaves no instance to call (the store
  // still makes the calls V8 cannot: they are not compared).
  if (v8.init.kind !== 'values') stop = 2;
  plan.forEach((c, k) => {
    if (stop <= k + 2) return;
    const o = ours.calls[k]!;
    if (!same(v8.calls[k]!, o, types.get(c.name)!.results))
      mismatches.push(
        `call ${k + 2} ${c.name}(${c.args.join(', ')}): V8 ${show(v8.calls[k])}, LIRC ${show(o)}`,
      );
  });
  const before = (l: LogEntry[]) => l.filter((e) => e.call < stop);
  const a = before(v8.log);
  const b = before(ours.log);
  const n = Math.max(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const x = a[k];
    const y = b[k];
    if (!x || !y || x.call !== y.call || x.type !== y.type || !sameBits(x.type, x.bits, y.bits)) {
      mismatches.push(`log entry ${k}: V8 ${show(x)}, LIRC ${show(y)}`);
      break;
    }
  }
  return { mismatches, compared: Math.min(stop, plan.length + 2) - 1 };
}
