/**
 * JavaScript functions as imports (runtime/host.ts) and typed calls of
 * exports (runtime/values.ts), on the host target: one store whose module
 * has a memory, a mutable global and a table, imports host functions of
 * several signatures and is called in one run (the order of the queued
 * calls matters: deep recursion with callbacks, then recursion until the
 * stack limit traps, then recursion again). On an emulated target a host
 * function is a clear WasmError.
 */
import { loadMachine } from '@lirc/asmquery';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';
import {
  createStore,
  decodeModule,
  type ExternValue,
  fromBits,
  HOST_ERROR_TRAP,
  type HostFn,
  hostFunction,
  invokeTyped,
  type Pending,
  prepareModule,
  runStore,
  TrapError,
  targetFor,
  toBits,
  typedResult,
  type ValType,
  WasmError,
} from '../src/index.js';

const WAT = `
(module
  (import "env" "tick" (func $tick))
  (import "env" "mix" (func $mix (param i32 i64) (result i64)))
  (import "env" "narrow" (func $narrow (param i64) (result i32)))
  (import "env" "triple" (func $triple (param i32) (result i32 i64 i32)))
  (import "env" "boom" (func $boom (param i32) (result i32)))
  (import "env" "add" (func $add (param i32) (result i32)))
  (import "env" "depth" (func $depth (param i32) (result i32)))
  (import "env" "floats" (func $floats (param f32 f64) (result f64 f32)))
  (import "env" "bad_i64" (func $bad_i64 (result i64)))
  (import "env" "bad_i32" (func $bad_i32 (result i32)))
  (import "env" "bad_count" (func $bad_count (result i32 i32)))
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $tick $add)
  (func (export "ticks") (call $tick) (call $tick) (call $tick))
  (func (export "mix") (param i32 i64) (result i64) (call $mix (local.get 0) (local.get 1)))
  (func (export "narrow") (param i64) (result i32) (call $narrow (local.get 0)))
  (func (export "triple") (param i32) (result i32 i64 i32) (call $triple (local.get 0)))
  (func (export "boom") (param i32) (result i32)
    (i32.add (call $boom (local.get 0)) (i32.const 1)))
  (func (export "loop") (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (call $add (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))
  (func (export "remember") (param i32) (result i32)
    (i32.store (i32.const 16) (call $add (local.get 0)))
    (global.set $g (i32.add (global.get $g) (i32.load (i32.const 16))))
    (global.get $g))
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (param i32) (result i32) (local.get 0) (local.get 1)))
  (func $deep (export "deep") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (call $depth (i32.const 0)))
      (else (i32.add (call $depth (local.get $n))
                     (call $deep (i32.sub (local.get $n) (i32.const 1)))))))
  (func $forever (export "forever") (param $n i32) (result i32)
    (i32.add (call $depth (local.get $n))
             (call $forever (i32.add (local.get $n) (i32.const 1)))))
  (func (export "floats") (param f32 f64) (result f64 f32)
    (call $floats (local.get 0) (local.get 1)))
  (func (export "bad_i64") (result i64) (call $bad_i64))
  (func (export "bad_i32") (result i32) (call $bad_i32))
  (func (export "bad_count") (result i32 i32) (call $bad_count))
)`;

const X86_64 = targetFor(loadMachine(x86_64));
const RISCV32 = targetFor(loadMachine(riscv32));

const [i32, i64, f32, f64] = ['i32', 'i64', 'f32', 'f64'] as const;

const seen = { ticks: 0, adds: 0, depthCalls: 0, maxDepth: 0 };
const boom = new Error('boom from JavaScript');
const calls: Record<string, Pending> = {};

beforeAll(async () => {
  const store = createStore(X86_64);
  const module = decodeModule(await prepareModule({ text: WAT, file: 'host.wat' }));
  const env = new Map<string, ExternValue>();
  /** Binds `fn` as env.`name` of type (params) -> (results). */
  const bind = (name: string, params: ValType[], results: ValType[], fn: HostFn) => {
    env.set(name, hostFunction(store, { params, results }, fn, `env.${name}`));
  };
  bind('tick', [], [], () => {
    seen.ticks++;
  });
  bind('mix', [i32, i64], [i64], (a: number, b: bigint) => BigInt(a) * b - 1n);
  bind('narrow', [i64], [i32], (x: bigint) => Number(x) * 2);
  bind('triple', [i32], [i32, i64, i32], (x: number) => [x + 1, BigInt(x) * -(1n << 40n), -x]);
  bind('boom', [i32], [i32], (x: number) => {
    if (x < 0) throw boom;
    return x;
  });
  bind('add', [i32], [i32], (x: number) => {
    seen.adds++;
    return x * 3;
  });
  bind('depth', [i32], [i32], (n: number) => {
    seen.depthCalls++;
    seen.maxDepth = Math.max(seen.maxDepth, n);
    return n;
  });
  bind('floats', [f32, f64], [f64, f32], (x: number, y: number) => [x * y, x + 0.25]);
  bind('bad_i64', [], [i64], () => 5);
  bind('bad_i32', [], [i32], () => 1.5);
  bind('bad_count', [], [i32, i32], () => [1]);
  const instance = store.instantiate(module, (m, name) =>
    m === 'env' ? env.get(name) : undefined,
  );
  const queue = (key: string, name: string, args: unknown[]) => {
    calls[key] = invokeTyped(store, instance, name, args);
  };
  queue('ticks', 'ticks', []);
  queue('mix', 'mix', [7, -3n]);
  queue('mixBig', 'mix', [-2, 1n << 62n]);
  queue('narrow', 'narrow', [-21n]);
  queue('narrowMin', 'narrow', [-(1n << 30n)]);
  queue('triple', 'triple', [5]);
  queue('boomOk', 'boom', [41]);
  queue('boom', 'boom', [-1]);
  queue('afterBoom', 'mix', [1, 1n]);
  queue('loop', 'loop', [10_000]);
  queue('remember1', 'remember', [4]);
  queue('remember2', 'remember', [5]);
  queue('indirectAdd', 'indirect', [6, 1]);
  queue('indirectWrongType', 'indirect', [6, 0]);
  queue('deep', 'deep', [2000]);
  queue('forever', 'forever', [0]);
  queue('deepAgain', 'deep', [100]);
  queue('floats', 'floats', [1.5, 2.25]);
  queue('badI64', 'bad_i64', []);
  queue('badI32', 'bad_i32', []);
  queue('badCount', 'bad_count', []);
  queue('last', 'mix', [2, 21n]);
  await runStore(store);
}, 120_000);

test('a host function with no parameters or results is called each time', () => {
  expect(typedResult(calls.ticks!)).toBeUndefined();
  expect(seen.ticks).toBe(3);
});

test('i32 and i64 arguments arrive signed, and results go back', () => {
  expect(typedResult(calls.mix!)).toBe(-22n);
  expect(typedResult(calls.mixBig!)).toBe((1n << 63n) - 1n); // -2^63 - 1, modulo 2^64
  expect(typedResult(calls.narrow!)).toBe(-42);
  expect(typedResult(calls.narrowMin!)).toBe(-(2 ** 31));
  expect(calls.narrow!.outcome).toEqual({ kind: 'values', values: [BigInt.asUintN(32, -42n)] });
});

test('several results come back as an array', () => {
  expect(typedResult(calls.triple!)).toEqual([6, -5n * (1n << 40n), -5]);
});

test('f32 and f64 arguments and results are numbers', () => {
  expect(typedResult(calls.floats!)).toEqual([1.5 * 2.25, 1.75]);
});

test('a host function that throws ends the call as a host_error trap carrying the error', () => {
  expect(typedResult(calls.boomOk!)).toBe(42);
  const o = calls.boom!.outcome;
  expect(o).toEqual({ kind: 'trap', trap: HOST_ERROR_TRAP, error: boom });
  expect(() => typedResult(calls.boom!)).toThrow(boom);
  expect(typedResult(calls.afterBoom!)).toBe(0n);
  expect(typedResult(calls.last!)).toBe(41n);
});

test('a host function called 10,000 times in a loop', () => {
  expect(typedResult(calls.loop!)).toBe(3 * ((10_000 * 9_999) / 2));
  expect(seen.adds).toBeGreaterThanOrEqual(10_000);
});

test('host results reach memory and a global; a host function in a table is called indirectly', () => {
  expect(typedResult(calls.remember1!)).toBe(12);
  expect(typedResult(calls.remember2!)).toBe(27);
  expect(typedResult(calls.indirectAdd!)).toBe(18);
  expect(() => typedResult(calls.indirectWrongType!)).toThrow(TrapError);
  expect(calls.indirectWrongType!.outcome).toEqual({
    kind: 'trap',
    trap: 'indirect_call_type_mismatch',
  });
});

test('callbacks from deep recursion leave the stack limit working', () => {
  expect(typedResult(calls.deep!)).toBe((2000 * 2001) / 2);
  expect(calls.forever!.outcome).toEqual({ kind: 'trap', trap: 'call_stack_exhausted' });
  expect(seen.maxDepth).toBeGreaterThan(2000);
  expect(typedResult(calls.deepAgain!)).toBe((100 * 101) / 2);
  // deep(2000) + forever's levels + deep(100)
  expect(seen.depthCalls).toBe(2001 + seen.maxDepth + 1 + 101);
});

test('a result of the wrong type or count is an error naming the import', () => {
  const message = (p: Pending) => {
    const o = p.outcome;
    expect(o?.kind === 'trap' && o.trap).toBe(HOST_ERROR_TRAP);
    const error = o?.kind === 'trap' ? o.error : undefined;
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  };
  expect(message(calls.badI64!)).toBe(
    'host function "env.bad_i64" of type () -> (i64), result 1: expected an i64 (a bigint), got the number 5',
  );
  expect(message(calls.badI32!)).toMatch(/"env\.bad_i32".*expected an i32.*got the number 1\.5/);
  expect(message(calls.badCount!)).toBe(
    'host function "env.bad_count" of type () -> (i32, i32) returned an array of 1: expected an array of 2 values',
  );
});

test('typed values convert to and from bits', () => {
  expect(toBits('i32', -1)).toBe(0xffff_ffffn);
  expect(toBits('i32', 0xffff_ffff)).toBe(0xffff_ffffn);
  expect(toBits('i64', -1n)).toBe((1n << 64n) - 1n);
  expect(toBits('f32', 1.5)).toBe(0x3fc0_0000n);
  expect(toBits('f64', -2)).toBe(0xc000_0000_0000_0000n);
  expect(fromBits('i32', 0xffff_fffen)).toBe(-2);
  expect(fromBits('i64', (1n << 64n) - 2n)).toBe(-2n);
  expect(fromBits('f32', 0x3fc0_0000n)).toBe(1.5);
  expect(fromBits('f64', 0xc000_0000_0000_0000n)).toBe(-2);
  expect(toBits('i32', 2 ** 32 + 5)).toBe(5n);
  expect(toBits('i64', 1n << 64n)).toBe(0n);
  expect(() => toBits('i32', 0.5)).toThrow(TypeError);
  expect(() => toBits('i32', 1n)).toThrow('expected an i32');
  expect(() => toBits('i64', 1, 'x')).toThrow('x: expected an i64 (a bigint');
  expect(() => toBits('f64', '1')).toThrow('got the string "1"');
});

test('typed invoke checks its arguments before queueing', async () => {
  const store = createStore(X86_64);
  const module = decodeModule(
    await prepareModule({
      text: '(module (func (export "f") (param i32 i64) (result i64) (local.get 1)))',
    }),
  );
  const instance = store.instantiate(module, () => undefined);
  expect(() => invokeTyped(store, instance, 'f', [1, 2])).toThrow(
    '"f" argument 2: expected an i64',
  );
  expect(() => invokeTyped(store, instance, 'f', [1])).toThrow('takes 2 arguments, not 1');
  expect(() => invokeTyped(store, instance, 'g', [])).toThrow('no exported function "g"');
  expect(store.calls).toHaveLength(1); // the instance's initialisation only
  store.space.free();
});

test('an emulated store refuses JavaScript host functions', () => {
  const store = createStore(RISCV32);
  expect(() => hostFunction(store, { params: [], results: [] }, () => {}, 'env.f')).toThrow(
    WasmError,
  );
  expect(() => hostFunction(store, { params: [], results: [] }, () => {}, 'env.f')).toThrow(
    /host function "env\.f": JavaScript host functions need the host target; riscv32 code runs under its emulator/,
  );
});
