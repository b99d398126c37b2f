/**
 * convertWast on real files of the 2020 testsuite snapshot (i32.wast,
 * linking.wast, elem.wast, ...) and on a file wast2json rejects. The snapshot
 * is outside the repository: ../shared/wasm-testsuite next to the checkout,
 * or the directory in LIRC_WASM_TESTSUITE.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertWast, type SpecCommand, WastConversionError } from '../src/index.js';

const TESTSUITE =
  process.env.LIRC_WASM_TESTSUITE ??
  fileURLToPath(new URL('../../../../shared/wasm-testsuite/', import.meta.url));

let out: string;
beforeAll(() => {
  if (!existsSync(join(TESTSUITE, 'i32.wast')))
    throw new Error(`spec testsuite not found at ${TESTSUITE} (set LIRC_WASM_TESTSUITE)`);
  out = mkdtempSync(join(tmpdir(), 'lirc-wast-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function counts(commands: SpecCommand[]): Record<string, number> {
  const n: Record<string, number> = {};
  for (const c of commands) n[c.type] = (n[c.type] ?? 0) + 1;
  return n;
}

test('i32.wast: modules, assert_return with bigint bits, traps, invalid modules', () => {
  const script = convertWast(join(TESTSUITE, 'i32.wast'), out);
  expect(script.json).toBe(join(out, 'i32.json'));
  expect(script.commands[0]).toEqual({ type: 'module', line: 3, path: join(out, 'i32.0.wasm') });
  expect(script.commands[1]).toEqual({
    type: 'assert_return',
    line: 37,
    action: {
      type: 'invoke',
      field: 'add',
      args: [
        { type: 'i32', value: 1n },
        { type: 'i32', value: 1n },
      ],
    },
    expected: [{ type: 'i32', value: 2n }],
  });
  // Negative numbers are their unsigned bits.
  const minusOne = script.commands.find(
    (c) => c.type === 'assert_return' && c.expected.some((v) => v.value === 0xffffffffn),
  );
  expect(minusOne).toBeDefined();
  const trap = script.commands.find((c) => c.type === 'assert_trap');
  expect(trap).toMatchObject({ type: 'assert_trap', message: 'integer divide by zero' });
  const invalid = script.commands.find((c) => c.type === 'assert_invalid');
  expect(invalid).toMatchObject({
    type: 'assert_invalid',
    message: 'type mismatch',
    module: { format: 'binary' },
  });
  expect(counts(script.commands)).toMatchObject({ module: 1, assert_trap: 10 });
  for (const c of script.commands) expect(c.line).toBeGreaterThan(0);
});

test('linking.wast: named modules, register, get, unlinkable and uninstantiable', () => {
  const { commands } = convertWast(join(TESTSUITE, 'linking.wast'), out);
  expect(commands).toContainEqual({
    type: 'module',
    line: 3,
    name: '$Mf',
    path: join(out, 'linking.0.wasm'),
  });
  expect(commands).toContainEqual({ type: 'register', line: 7, as: 'Mf', name: '$Mf' });
  const get = commands.find((c) => c.type === 'assert_return' && c.action.type === 'get');
  expect(get).toMatchObject({ action: { type: 'get', module: '$Mg', field: 'glob' } });
  expect(commands.find((c) => c.type === 'assert_unlinkable')).toMatchObject({
    message: 'incompatible import type',
  });
  expect(commands.find((c) => c.type === 'assert_uninstantiable')).toMatchObject({
    line: 371,
    message: 'unreachable',
  });
  const trap = commands.find((c) => c.type === 'assert_trap');
  expect(trap).toMatchObject({ message: 'uninitialized', resultTypes: ['i32'] });
});

test('float values and NaN patterns (f32.wast)', () => {
  const { commands } = convertWast(join(TESTSUITE, 'f32.wast'), out);
  const expected = commands.flatMap((c) => (c.type === 'assert_return' ? c.expected : []));
  expect(expected).toContainEqual({ type: 'f32', value: 'nan:canonical' });
  expect(expected).toContainEqual({ type: 'f32', value: 'nan:arithmetic' });
  expect(expected).toContainEqual({ type: 'f32', value: 0x3f800000n }); // 1.0
});

test('elem.wast converts with the 2020 feature flags', () => {
  const { commands } = convertWast(join(TESTSUITE, 'elem.wast'), out);
  expect(commands.length).toBe(55);
  expect(counts(commands)).toMatchObject({ module: 23, assert_unlinkable: 12 });
});

test('text modules of assert_malformed are .wat files', () => {
  const { commands } = convertWast(join(TESTSUITE, 'address.wast'), out);
  const text = commands.find((c) => c.type === 'assert_malformed' && c.module.format === 'text');
  expect(text).toMatchObject({ module: { path: join(out, 'address.1.wat'), format: 'text' } });
});

test('a file wast2json rejects is a WastConversionError with a reason', () => {
  const bad = join(out, 'bad.wast');
  writeFileSync(bad, '(module (func $f) (func $f))\n');
  let error: unknown;
  try {
    convertWast(bad, join(out, 'bad'));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(WastConversionError);
  const e = error as WastConversionError;
  expect(e.reason).toBe('wast2json rejects the file: redefinition of function "$f"');
  expect(e.message).toMatch(/^wast2json rejects bad\.wast:1:\d+: error: redefinition/);
});
