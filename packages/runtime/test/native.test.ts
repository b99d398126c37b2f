/**
 * The native executor on x86-64 code assembled with the machine definition:
 * integer and float arguments and results (SysV: rdi, rsi -> rax; xmm0, xmm1
 * -> xmm0), pointers into host memory, a call back into JavaScript, the
 * relocation hook, and the guards against using freed code.
 */
import { x86_64 } from '@lirc/machine-x86_64';
import { allocateMemory, hostFunction, loadCode, type Signature, signature } from '../src/index.js';
import { assembler, i, r } from './assemble.js';

const asm = assembler(x86_64);
const I64_I64_I64: Signature = { params: ['i64', 'i64'], results: ['i64'] };

/** rax = rdi + rsi; ret */
export const ADD = asm([
  ['lea r64, [base + index]', { dst: r('rax'), base: r('rdi'), index: r('rsi') }],
  ['ret'],
]);

const onHost = process.platform === 'linux' && process.arch === 'x64';
const hostTest = onHost ? test : test.skip;

hostTest('an i64 add: lea + ret', () => {
  const code = loadCode(ADD);
  try {
    const add = code.function(0, I64_I64_I64);
    expect(add(2n, 40n)).toBe(42n);
    expect(add(-5n, 2n)).toBe(-3n);
    expect(add(2n ** 63n - 1n, 1n)).toBe(-(2n ** 63n)); // wraps
    expect(add(7, 8)).toBe(15n); // safe integers are accepted for i64
    expect(code.size).toBe(ADD.length);
  } finally {
    code.free();
  }
});

hostTest('the same code as i32 -> i32 (signed 32-bit result)', () => {
  const code = loadCode(ADD);
  const add = code.function(0, signature(['i32', 'i32'], ['i32']));
  expect(add(0x7fffffff, 1)).toBe(-0x80000000);
  expect(add(-1, 0)).toBe(-1);
  expect(add(0xffffffff, 0)).toBe(-1); // an unsigned 32-bit argument keeps its bits
  code.free();
});

hostTest('an f64 add: addsd + ret', () => {
  const code = loadCode(asm([['addsd xmm, xmm', { dst: r('xmm0'), src: r('xmm1') }], ['ret']]));
  const add = code.function(0, { params: ['f64', 'f64'], results: ['f64'] });
  expect(add(1.5, 2.25)).toBe(3.75);
  expect(add(0.1, 0.2)).toBe(0.1 + 0.2);
  expect(add(Number.POSITIVE_INFINITY, 1)).toBe(Number.POSITIVE_INFINITY);
  expect(add(Number.NaN, 1)).toBeNaN();
  expect(Object.is(add(-0, -0), -0)).toBe(true);
  code.free();
});

hostTest('a ptr argument reads host memory', () => {
  const memory = allocateMemory(100);
  expect(memory.size % 4096).toBe(0);
  memory.view().setBigUint64(8, 0x1122_3344_5566_7788n, true);
  const code = loadCode(
    asm([['mov r64, m64 [base + disp]', { dst: r('rax'), base: r('rdi'), disp: i(8) }], ['ret']]),
  );
  const load = code.function(0, { params: ['ptr'], results: ['i64'] });
  expect(load(memory.address)).toBe(0x1122_3344_5566_7788n);
  const identity = loadCode(asm([['mov r64, r64', { dst: r('rax'), src: r('rdi') }], ['ret']]));
  const ptr = identity.function(0, { params: ['ptr'], results: ['ptr'] });
  expect(ptr(memory.address)).toBe(memory.address);
  expect(ptr(2n ** 64n - 1n)).toBe(2n ** 64n - 1n); // unsigned
  code.free();
  identity.free();
  memory.free();
  expect(() => memory.bytes).toThrow('freed');
});

hostTest('generated code calls back into JavaScript through a host function', () => {
  // The stack is 16-byte aligned at the call: 8 for the return address, 8 more here.
  const code = loadCode(
    asm([
      ['sub r64, imm8', { dst: r('rsp'), imm: i(8) }],
      ['call r64', { target: r('rdx') }],
      ['add r64, imm8', { dst: r('rsp'), imm: i(8) }],
      ['ret'],
    ]),
  );
  const seen: bigint[][] = [];
  const callback = hostFunction((x, y) => {
    seen.push([x as bigint, y as bigint]);
    return (x as bigint) * 10n + (y as bigint);
  }, I64_I64_I64);
  const call = code.function(0, { params: ['i64', 'i64', 'ptr'], results: ['i64'] });
  expect(call(4n, 2n, callback.address)).toBe(42n);
  expect(seen).toEqual([[4n, 2n]]);
  callback.release();
  code.free();
});

hostTest(
  'relocate sees the writable image at its final address before it becomes executable',
  () => {
    // movabs rax, imm64 (patched to the code's own address); ret
    const bytes = asm([['movabs r64, imm64', { dst: r('rax'), imm: i(0) }], ['ret']]);
    const immediateAt = bytes.length - 1 - 8;
    let patchedAt = 0n;
    const code = loadCode(bytes, {
      relocate(image, address) {
        patchedAt = address;
        new DataView(image.buffer, image.byteOffset).setBigUint64(immediateAt, address, true);
      },
    });
    expect(patchedAt).toBe(code.address);
    expect(code.function(0, { params: [], results: ['ptr'] })()).toBe(code.address);
    code.free();
  },
);

hostTest('misuse is an error, not a crash', () => {
  const code = loadCode(ADD);
  const add = code.function(0, I64_I64_I64);
  expect(() => add(1n)).toThrow('expected 2 argument(s), got 1');
  expect(() => code.function(ADD.length, I64_I64_I64)).toThrow('outside the code');
  expect(() => code.function(0, { params: ['i128' as 'i64'], results: [] })).toThrow(
    "unknown value kind 'i128'",
  );
  expect(() => code.function(0, { params: [], results: ['i32', 'i32'] })).toThrow(
    'at most one value',
  );
  code.free();
  expect(code.freed).toBe(true);
  expect(() => add(1n, 2n)).toThrow('freed');
  expect(() => code.function(0, I64_I64_I64)).toThrow('freed');
  code.free(); // idempotent
  expect(() => loadCode(new Uint8Array(0))).toThrow('no code');
});

hostTest('a call costs well under a microsecond', () => {
  const code = loadCode(ADD);
  const add = code.function(0, signature(['i32', 'i32'], ['i32']));
  const n = 100_000;
  const started = performance.now();
  let sum = 0;
  for (let k = 0; k < n; k++) sum = add(sum, 1) as number;
  const ns = ((performance.now() - started) * 1e6) / n;
  expect(sum).toBe(n);
  // About 50 ns in plain Node, about 0.5 µs under jest's module sandbox; loose for loaded machines.
  expect(ns).toBeLessThan(5_000);
  console.log(`native call (i32, i32) -> i32: ${ns.toFixed(0)} ns per call`);
  code.free();
});
