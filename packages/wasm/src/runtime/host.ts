/**
 * JavaScript functions as imports of a store's instances (native stores
 * only). `hostFunction(store, type, fn, name)` gives an ExternValue for an
 * import of Wasm type `type`: Wasm code calling it calls `fn` with
 * JavaScript values (values.ts: i32 a signed number, i64 a signed bigint,
 * f32/f64 numbers) and takes its result (a value for one result, an array
 * for several, anything for none) converted back the same way.
 *
 * Mechanism: per host function, a Low IR adapter compiled with the store,
 * of the import's signature `(record, args…) -> (results…)`, and an io
 * buffer (8 bytes per argument or result) whose address the adapter has
 * as a constant. The import's context is its record, which holds the
 * callback's address. The adapter stores the arguments into io, calls the
 * callback `i32 (record, io)` through `call_indirect`, traps `host_error`
 * unless it returned 0, and loads the results from io. The callback is one
 * JavaScript function per run, registered as a C function pointer with
 * @lirc/runtime: LIRC calls with the machine definition's ABI, which for
 * the host is its C convention, and two pointer arguments with one 32-bit
 * result need nothing beyond it. runNative (execute.ts) binds it before
 * the calls and releases it after (bindHostCalls). It finds the host
 * function by its record, runs it, and returns 1 if it threw (a wrong
 * result is a TypeError naming the function, thrown the same way): the
 * call then ends as a `host_error` trap whose outcome carries the error
 * (`Outcome.error`; typedResult rethrows it), and the run goes on with the
 * next queued call.
 *
 * The callback runs JavaScript on Node's own stack (koffi switches back to
 * it from the stack the native call runs on), so the stack limit of the
 * store's functions is untouched. Limits: a host function must not run or
 * queue calls on a store (re-entering is not supported), and it sees no
 * linear memory (pass what it needs as arguments). An emulated store runs
 * in one batch under the emulator, with no JavaScript: there only Low IR
 * host modules (spectest.ts) can be imported.
 */
import { hostFunction as registerCallback, signature } from '@lirc/runtime';
import type { FuncType, ValType } from '../binary/module.js';
import { WasmError } from '../errors.js';
import type { WASM_TRAPS } from '../translate/layout.js';
import { HostSpace } from './space.js';
import type { ExternValue, Store } from './store.js';
import { describeValue, toBits, type WasmValue } from './values.js';

/** The trap kind of a call whose host function threw. */
export const HOST_ERROR_TRAP = 'host_error' satisfies keyof typeof WASM_TRAPS;

/**
 * A JavaScript host function: Wasm arguments in, Wasm results out (see the
 * module comment). Its parameters are typed by the caller (`(a: number, b:
 * bigint) => …`); the function type is checked when Wasm calls it.
 */
export type HostFn = (...args: never[]) => unknown;

const widthOf = (t: ValType) => (t === 'i32' || t === 'f32' ? 32 : 64);

/**
 * The Low IR adapter of a host function of `type` whose io buffer is at
 * `io` (see the module comment). The io buffer's address is known when the
 * adapter is written, so every slot's address is a constant of its own.
 * (Writing this adapter found two core bugs, fixed in 8c22521: a pointer
 * and its +8 matched as a stack pop, and a load fused into the call it
 * feeds; core/test/special-forms.test.ts.)
 */
function adapterText(name: string, type: FuncType, P: number, io: bigint): string {
  const params = type.params.map((t, k) => `, %arg${k}: ${widthOf(t)}`).join('');
  const results = type.results.length > 0 ? ` -> (${type.results.map(widthOf).join(', ')})` : '';
  const lines = [
    `module ptr${P}`,
    `func @${name}(%record: ${P}${params})${results} {`,
    `  %callback = load.${P} %record`,
  ];
  type.params.forEach((t, k) => {
    lines.push(`  %argat${k} = const.${P} ${io + BigInt(8 * k)}`);
    lines.push(`  store.${widthOf(t)} %argat${k}, %arg${k}`);
  });
  lines.push(
    `  %io = const.${P} ${io}`,
    '  %status: 32 = call_indirect %callback, %record, %io',
    '  %failed = ne.32 %status, 0',
    `  trap_if %failed, ${HOST_ERROR_TRAP}`,
  );
  type.results.forEach((t, k) => {
    lines.push(`  %resat${k} = const.${P} ${io + BigInt(8 * k)}`);
    lines.push(`  %res${k} = load.${widthOf(t)} %resat${k}`);
  });
  lines.push(`  return${type.results.map((_t, k) => ` %res${k}`).join(',')}`, '}');
  return lines.join('\n');
}

/**
 * An import binding `fn` as a function of Wasm type `type` on a native
 * store (see the module comment); `name` (default `fn.name`) names it in
 * errors, so give it the import's name (`env.log`). On an emulated store it
 * is a WasmError: JavaScript host functions need the host target.
 */
export function hostFunction(
  store: Store,
  type: FuncType,
  fn: HostFn,
  name: string = fn.name || 'anonymous',
): ExternValue {
  const space = store.space;
  if (!store.target.native || !(space instanceof HostSpace))
    throw new WasmError(
      `host function "${name}": JavaScript host functions need the host target; ` +
        `${store.target.machine.def.name} code runs under its emulator in one batch, ` +
        'where only Low IR host modules (such as spectest) can be imported',
    );
  const B = store.B;
  const slots = Math.max(1, type.params.length, type.results.length);
  const record = space.alloc(B);
  const io = space.alloc(8 * slots);
  const view = space.view(io, 8 * slots);
  const code = `lirc_host${store.hostCalls.length}`;
  store.extraText.push(adapterText(code, type, store.P, io));
  const { params, results } = type;
  const signatureText = `(${params.join(', ')}) -> (${results.join(', ')})`;
  const call = () => {
    const args = params.map((t, k) => readValue(view, 8 * k, t));
    const value = (fn as (...a: WasmValue[]) => unknown)(...args);
    if (results.length === 0) return;
    let values: readonly unknown[];
    if (results.length === 1) values = [value];
    else if (Array.isArray(value) && value.length === results.length) values = value;
    else
      throw new TypeError(
        `host function "${name}" of type ${signatureText} returned ${describeValue(value)}: ` +
          `expected an array of ${results.length} values`,
      );
    results.forEach((t, k) => {
      const what = `host function "${name}" of type ${signatureText}, result ${k + 1}`;
      view.setBigUint64(8 * k, toBits(t, values[k], what), true);
    });
  };
  store.hostCalls.push({ record, call });
  return { kind: 'func', type, code: { name: code }, context: record };
}

/** The argument of `type` in the io slot at `at`, as JavaScript's WebAssembly API passes it. */
function readValue(view: DataView, at: number, type: ValType): WasmValue {
  switch (type) {
    case 'i32':
      return view.getInt32(at, true);
    case 'i64':
      return view.getBigInt64(at, true);
    case 'f32':
      return view.getFloat32(at, true);
    case 'f64':
      return view.getFloat64(at, true);
  }
}

/** The host functions of a native run, bound: what the last one threw, and the release. */
export interface HostBinding {
  /** What a host function threw since the last take (undefined if none), forgotten by taking it. */
  takeError(): { readonly error: unknown } | undefined;
  /** Unregisters the callback (after the calls). */
  release(): void;
}

/**
 * Registers the store's callback and writes its address into every host
 * function's record (before a native run's calls); undefined if the store
 * has no host functions.
 */
export function bindHostCalls(store: Store): HostBinding | undefined {
  if (store.hostCalls.length === 0) return undefined;
  const byRecord = new Map(store.hostCalls.map((h) => [h.record, h]));
  let thrown: { readonly error: unknown } | undefined;
  const callback = registerCallback(
    (record) => {
      try {
        const h = byRecord.get(record as bigint);
        if (h === undefined)
          throw new Error(`runtime bug: no host function has the record 0x${record.toString(16)}`);
        h.call();
        return 0;
      } catch (error) {
        thrown = { error };
        return 1;
      }
    },
    signature(['ptr', 'ptr'], ['i32']),
  );
  for (const h of store.hostCalls) store.space.writeInt(h.record, store.B, callback.address);
  return {
    takeError: () => {
      const t = thrown;
      thrown = undefined;
      return t;
    },
    release: () => callback.release(),
  };
}
