/**
 * A tiny WebAssembly module encoder, so tests can use V8's own wasm engine as
 * an independent oracle for the actions WebAssembly has.
 *
 * Each function takes its operands as raw integer bits (i32 for i32/f32, i64
 * for i64/f64) and returns raw bits, reinterpreting floats inside the module:
 * no float ever crosses the JS boundary, so no NaN payload or f32 rounding is
 * disturbed on the way.
 */

export type ValType = 'i32' | 'i64' | 'f32' | 'f64';

/** The part of the WebAssembly JS API used here (the project's lib settings do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  RuntimeError: new () => Error;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const TYPE_CODE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };
/** The integer type carrying a value's bits across the boundary. */
const RAW: Record<ValType, ValType> = { i32: 'i32', i64: 'i64', f32: 'i32', f64: 'i64' };
/** f32.reinterpret_i32, f64.reinterpret_i64 (raw → float). */
const FROM_RAW: Partial<Record<ValType, number>> = { f32: 0xbe, f64: 0xbf };
/** i32.reinterpret_f32, i64.reinterpret_f64 (float → raw). */
const TO_RAW: Partial<Record<ValType, number>> = { f32: 0xbc, f64: 0xbd };

export interface WasmFunc {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly result: ValType;
  /** Instructions run after every operand has been pushed (in order, as floats where typed). */
  readonly op?: readonly number[];
  /**
   * A whole body instead (operands are then the raw locals 0…n-1, and extra
   * locals are declared in `locals`); the float result is still reinterpreted.
   */
  readonly body?: readonly number[];
  readonly locals?: readonly ValType[];
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function vec(items: readonly (readonly number[])[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, contents: readonly number[]): number[] {
  return [id, ...uleb(contents.length), ...contents];
}

function name(text: string): number[] {
  return [...uleb(text.length), ...[...text].map((c) => c.charCodeAt(0))];
}

function bodyOf(fn: WasmFunc): number[] {
  const code: number[] = [];
  if (fn.body !== undefined) {
    code.push(...fn.body);
  } else {
    fn.params.forEach((t, i) => {
      code.push(0x20, ...uleb(i));
      const conv = FROM_RAW[t];
      if (conv !== undefined) code.push(conv);
    });
    code.push(...(fn.op ?? []));
  }
  const conv = TO_RAW[fn.result];
  if (conv !== undefined) code.push(conv);
  const locals = (fn.locals ?? []).map((t) => [1, TYPE_CODE[t]]);
  const entry = [...vec(locals), ...code, 0x0b];
  return [...uleb(entry.length), ...entry];
}

/** Encodes a module exporting each function under its name. */
export function encodeModule(funcs: readonly WasmFunc[]): Uint8Array {
  const types = funcs.map((fn) => [
    0x60,
    ...vec(fn.params.map((t) => [TYPE_CODE[RAW[t]]])),
    ...vec([[TYPE_CODE[RAW[fn.result]]]]),
  ]);
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(3, vec(funcs.map((_, i) => uleb(i)))),
    ...section(7, vec(funcs.map((fn, i) => [...name(fn.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(funcs.map(bodyOf))),
  ]);
}

/** The result of calling a wasm function: raw result bits, or the trap message. */
export type WasmOutcome = { readonly bits: bigint } | { readonly trapMessage: string };

/** Instantiates the functions and returns a caller taking and giving raw bits. */
export function instantiate(
  funcs: readonly WasmFunc[],
): (name: string, args: readonly bigint[]) => WasmOutcome {
  const instance = new wasm.Instance(new wasm.Module(encodeModule(funcs)), {});
  const byName = new Map(funcs.map((fn) => [fn.name, fn]));
  return (fnName, args) => {
    const fn = byName.get(fnName)!;
    const exported = instance.exports[fnName] as (...a: (number | bigint)[]) => number | bigint;
    const raw = args.map((a, i) =>
      RAW[fn.params[i]!] === 'i32' ? Number(BigInt.asIntN(32, a)) : BigInt.asIntN(64, a),
    );
    try {
      const r = exported(...raw);
      return RAW[fn.result] === 'i32'
        ? { bits: BigInt.asUintN(32, BigInt(r)) }
        : { bits: BigInt.asUintN(64, r as bigint) };
    } catch (e) {
      if (e instanceof wasm.RuntimeError) return { trapMessage: e.message };
      throw e;
    }
  };
}
