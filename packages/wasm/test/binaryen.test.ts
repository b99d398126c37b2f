/**
 * The binaryen boundary: text and binary modules in, validated binaries out;
 * syntax errors, malformed binaries and invalid modules as WasmErrors with
 * binaryen's reason and nothing printed; random modules from wasm-opt -ttf.
 * (Loading binaryen costs about half a second: keep its tests in this file.)
 */
import { prepareModule, randomModule, UnsupportedError, WasmError } from '../src/index.js';

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

const ADD = `(module
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))`;

/** The error `promise` rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Runs `f` and returns what reached console.log/console.error and the process streams. */
async function printedBy(f: () => Promise<unknown>): Promise<string> {
  const printed: string[] = [];
  const { log, error } = console;
  const { stdout, stderr } = process;
  const [writeOut, writeErr] = [stdout.write, stderr.write];
  const collect = (...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
    return true;
  };
  console.log = collect;
  console.error = collect;
  stdout.write = collect;
  stderr.write = collect;
  try {
    await f().catch(() => {});
    return printed.join('');
  } finally {
    Object.assign(console, { log, error });
    stdout.write = writeOut;
    stderr.write = writeErr;
  }
}

describe('prepareModule', () => {
  test('a valid text module gives a binary', async () => {
    const bytes = await prepareModule({ text: ADD, file: 'add.wat' });
    expect([...bytes.slice(0, 4)]).toEqual(MAGIC);
    // A binary reads back (and the .wat bytes of a file read as text).
    expect([...(await prepareModule({ bytes, file: 'add.wasm' })).slice(0, 4)]).toEqual(MAGIC);
    const fromFile = await prepareModule({ bytes: new TextEncoder().encode(ADD), file: 'add.wat' });
    expect(fromFile).toEqual(bytes);
  });

  test('the 2020 proposals are accepted: multi-value, sign-extension, mutable globals', async () => {
    const text = `(module
      (global (export "g") (mut i32) (i32.const 0))
      (func (export "pair") (result i32 i32) (i32.const 1) (i32.const 2))
      (func (export "ext") (param i32) (result i32) (i32.extend8_s (local.get 0))))`;
    const bytes = await prepareModule({ text, file: 'mv.wat' });
    expect([...bytes.slice(0, 4)]).toEqual(MAGIC);
  });

  test('an invalid module is a WasmError with binaryen reason and the file name', async () => {
    const text = '(module (func (result i32) (i32.add (i32.const 1) (i64.const 2))))';
    const error = await rejection(prepareModule({ text, file: 'add.wat' }));
    expect(error).toBeInstanceOf(WasmError);
    expect(error).not.toBeInstanceOf(UnsupportedError);
    expect(error.message).toMatch(
      /^add\.wat: invalid module: \[wasm-validator error in function 0\]/,
    );
    expect(error.message).toContain('i32 != i64');
    expect(error.message).toContain('(i32.add (i32.const 1) (i64.const 2))');
    expect((error as WasmError).file).toBe('add.wat');
  });

  test('a text syntax error is a WasmError with line and column', async () => {
    const error = await rejection(
      prepareModule({ text: '(module\n  (func (i32.frobnicate)))', file: 'bad.wat' }),
    );
    expect(error).toBeInstanceOf(WasmError);
    expect(error.message).toMatch(/^bad\.wat:2:\d+: syntax error: /);
    expect((error as WasmError).line).toBe(2);
  });

  test('a malformed binary is a WasmError with the parse exception', async () => {
    const bytes = new Uint8Array([...MAGIC, 1, 0, 0, 0, 1, 5]);
    const error = await rejection(prepareModule({ bytes, file: 'cut.wasm' }));
    expect(error).toBeInstanceOf(WasmError);
    expect(error.message).toBe(
      'cut.wasm: malformed module: Section extends beyond end of input (at offset 10)',
    );
    const junk = await rejection(prepareModule({ bytes: new Uint8Array([1, 2, 3]) }));
    expect(junk.message).toMatch(/^malformed module: /);
  });

  test('nothing reaches the terminal, and the console works afterwards', async () => {
    const printed = await printedBy(async () => {
      await rejection(prepareModule({ text: '(module (func (drop (i64.eqz (i32.const 0)))))' }));
      await rejection(prepareModule({ bytes: new Uint8Array([...MAGIC, 2, 0, 0, 0]) }));
      await rejection(prepareModule({ text: '(module (func' }));
    });
    expect(printed).toBe('');
    // An error after a malformed binary carries only its own reason.
    const error = await rejection(
      prepareModule({ text: '(module (func (drop (i64.eqz (i32.const 0)))))', file: 'x.wat' }),
    );
    expect(error.message).not.toContain('parse exception');
    expect(await printedBy(async () => console.error('still here'))).toBe('still here');
  });

  test('a later proposal is an UnsupportedError', async () => {
    const text =
      '(module (memory 1) (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))))';
    const error = await rejection(prepareModule({ text, file: 'fill.wat' }));
    expect(error).toBeInstanceOf(UnsupportedError);
    expect((error as UnsupportedError).feature).toBe('post-2020 proposal');
    expect(error.message).toMatch(/^fill\.wat: uses a proposal beyond the 2020 spec/);
    expect(error.message).toContain('bulk memory');
  });

  test('optimize gives a valid module', async () => {
    const text = `(module
      (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
      (func (export "f") (param i32) (result i32)
        (local $t i32)
        (local.set $t (call $double (local.get 0)))
        (i32.add (local.get $t) (i32.const 0))))`;
    const plain = await prepareModule({ text, file: 'o.wat' });
    const optimized = await prepareModule({ text, file: 'o.wat' }, { optimize: true });
    expect([...optimized.slice(0, 4)]).toEqual(MAGIC);
    expect(optimized.length).toBeLessThan(plain.length);
    await expect(prepareModule({ bytes: optimized })).resolves.toBeInstanceOf(Uint8Array);
  });
});

describe('randomModule', () => {
  test('is deterministic, differs by seed and validates', async () => {
    const [a, b, c] = await Promise.all([randomModule(7), randomModule(7), randomModule(8)]);
    expect([...a.slice(0, 4)]).toEqual(MAGIC);
    expect(Buffer.compare(a, b)).toBe(0);
    expect(Buffer.compare(a, c)).not.toBe(0);
    await expect(prepareModule({ bytes: a, file: 'random-7.wasm' })).resolves.toBeInstanceOf(
      Uint8Array,
    );
    const small = await randomModule(7, 256);
    await expect(prepareModule({ bytes: small })).resolves.toBeInstanceOf(Uint8Array);
  }, 30_000);
});
