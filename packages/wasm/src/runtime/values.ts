/**
 * WebAssembly values as JavaScript values, the way JavaScript's WebAssembly
 * API passes them: i32 is a number (signed when read), i64 a bigint (signed
 * when read), f32 and f64 numbers. The store works on bits (unsigned, at the
 * type's width, in 8-byte slots); `toBits` and `fromBits` convert, and
 * `invokeTyped` / `typedResult` queue a call of an export with JavaScript
 * arguments and read its outcome as JavaScript values (a trap is thrown as
 * a TrapError, a host function's exception as itself).
 *
 * Accepted values: i32 an integer number, taken modulo 2^32; i64 a bigint,
 * taken modulo 2^64 (both as JavaScript's WebAssembly API does, which also
 * truncates a fractional number: here that is refused); f32 and f64 any
 * number (f32 rounded to single precision). Anything else is a TypeError
 * saying what was expected and what came.
 */
import type { ValType } from '../binary/module.js';
import { WasmError } from '../errors.js';
import { WASM_TRAPS } from '../translate/layout.js';
import type { Instance, Pending, Store } from './store.js';

/** A WebAssembly value in JavaScript: a number (i32, f32, f64) or a bigint (i64). */
export type WasmValue = number | bigint;

/** A function's results in JavaScript: nothing, one value, or an array of several. */
export type WasmResults = WasmValue | WasmValue[] | undefined;

const scratch = new DataView(new ArrayBuffer(8));

/** What a value of `type` must be, for messages. */
function expected(type: ValType): string {
  switch (type) {
    case 'i32':
      return 'an i32 (an integer number)';
    case 'i64':
      return 'an i64 (a bigint)';
    default:
      return `an ${type} (a number)`;
  }
}

/** A JavaScript value described for messages: `the bigint 5n`, `the string "x"`, `undefined`. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'bigint') return `the bigint ${value}n`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}

/** The bits of `value` as a `type` (unsigned, at its width), or undefined if it is no such value. */
function bitsOf(type: ValType, value: unknown): bigint | undefined {
  switch (type) {
    case 'i32':
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      return BigInt.asUintN(32, BigInt(value));
    case 'i64':
      return typeof value === 'bigint' ? BigInt.asUintN(64, value) : undefined;
    case 'f32':
      if (typeof value !== 'number') return undefined;
      scratch.setFloat32(0, value, true);
      return BigInt(scratch.getUint32(0, true));
    case 'f64':
      if (typeof value !== 'number') return undefined;
      scratch.setFloat64(0, value, true);
      return scratch.getBigUint64(0, true);
  }
}

/**
 * The bits (unsigned, at the type's width) of JavaScript value `value` as a
 * `type`; a TypeError if it is not one (`what` names it in the message).
 */
export function toBits(type: ValType, value: unknown, what = 'value'): bigint {
  const bits = bitsOf(type, value);
  if (bits === undefined)
    throw new TypeError(`${what}: expected ${expected(type)}, got ${describeValue(value)}`);
  return bits;
}

/** The JavaScript value of `bits` as a `type` (i32 and i64 signed). */
export function fromBits(type: ValType, bits: bigint): WasmValue {
  switch (type) {
    case 'i32':
      return Number(BigInt.asIntN(32, bits));
    case 'i64':
      return BigInt.asIntN(64, bits);
    case 'f32':
      scratch.setUint32(0, Number(BigInt.asUintN(32, bits)), true);
      return scratch.getFloat32(0, true);
    case 'f64':
      scratch.setBigUint64(0, BigInt.asUintN(64, bits), true);
      return scratch.getFloat64(0, true);
  }
}

/** The bit fields of a float type: sign, exponent, and the quiet bit (the mantissa's top bit). */
const FLOAT_FIELDS = {
  f32: { sign: 1n << 31n, exponent: 0xffn << 23n, quiet: 1n << 22n },
  f64: { sign: 1n << 63n, exponent: 0x7ffn << 52n, quiet: 1n << 51n },
} as const;

/**
 * Whether `bits` (unsigned, at the type's width) are a canonical NaN of
 * `type`: exponent all ones, the quiet bit set and the rest of the mantissa
 * zero, of either sign (f32 0x7fc00000 / 0xffc00000; f64 0x7ff8000000000000
 * / 0xfff8000000000000), the spec's `nan:canonical`.
 */
export function isCanonicalNan(type: 'f32' | 'f64', bits: bigint): boolean {
  const { sign, exponent, quiet } = FLOAT_FIELDS[type];
  return (bits & ~sign) === (exponent | quiet);
}

/**
 * Whether `bits` are an arithmetic NaN of `type`: exponent all ones and the
 * quiet bit set, any payload and sign (the spec's `nan:arithmetic`; every
 * canonical NaN is one).
 */
export function isArithmeticNan(type: 'f32' | 'f64', bits: bigint): boolean {
  const { exponent, quiet } = FLOAT_FIELDS[type];
  return (bits & (exponent | quiet)) === (exponent | quiet);
}

/** A call that trapped: `trap` is the Low IR trap kind, the message the spec's wording. */
export class TrapError extends WasmError {
  constructor(readonly trap: string) {
    super((WASM_TRAPS as Record<string, string>)[trap] ?? trap.replace(/_/g, ' '));
    this.name = 'TrapError';
  }
}

/**
 * Queues a call of exported function `name` with JavaScript arguments (see
 * the module comment); read its outcome after the run with typedResult.
 */
export function invokeTyped(
  store: Store,
  instance: Instance,
  name: string,
  args: readonly unknown[],
): Pending {
  const f = instance.exports.get(name);
  if (f?.kind !== 'func') throw new WasmError(`no exported function "${name}"`);
  const { params } = f.type;
  if (args.length !== params.length)
    throw new WasmError(`"${name}" takes ${params.length} arguments, not ${args.length}`);
  const bits = params.map((t, k) => toBits(t, args[k], `"${name}" argument ${k + 1}`));
  return store.invoke(instance, name, bits);
}

/**
 * The outcome of a run call as JavaScript values: undefined for no result,
 * the value for one, an array for several. A trap throws a TrapError,
 * except a `host_error` trap, which throws what the host function threw;
 * a fault that is no trap, or a call that has not run, throws an Error.
 */
export function typedResult(pending: Pending): WasmResults {
  const o = pending.outcome;
  if (o === undefined) throw new Error('the call has not run (run its store first)');
  if (o.kind === 'trap') {
    if ('error' in o) throw o.error;
    throw new TrapError(o.trap);
  }
  if (o.kind === 'fault')
    throw new Error(
      `the call faulted outside a trap site (signal ${o.signal}, offset ${o.offset})`,
    );
  const values = o.values.map((bits, k) => fromBits(pending.results[k]!, bits));
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}
