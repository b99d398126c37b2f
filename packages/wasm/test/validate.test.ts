/**
 * The validator of function bodies (src/binary/validate.ts), run by
 * decodeModule: hand-written invalid modules it must reject (written with
 * wabt's `wat2wasm --no-check`, since binaryen would reject or normalise
 * them first), unreachable code it must accept, every valid module of the
 * corpus and of several spec files, every assert_invalid module of the spec
 * files whose checks are all about bodies, and mutated binaries (only ever a
 * WasmError). The testsuite is ../shared/wasm-testsuite next to the checkout,
 * or the directory in LIRC_WASM_TESTSUITE.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertWast, decodeModule, WasmError } from '../src/index.js';

const TESTSUITE =
  process.env.LIRC_WASM_TESTSUITE ??
  fileURLToPath(new URL('../../../../shared/wasm-testsuite/', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

/** The binary of a text module, unchecked (wat2wasm --no-check, through stdin and stdout). */
function wat(text: string): Uint8Array {
  const run = spawnSync('wat2wasm', ['--no-check', '-', '--output=-'], { input: text });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`wat2wasm: ${run.stderr.toString()}`);
  return new Uint8Array(run.stdout);
}

/** Whether decoding `bytes` succeeds: the error's message when it throws a WasmError. */
function problem(bytes: Uint8Array, file = 'test.wasm'): string | undefined {
  try {
    decodeModule(bytes, file);
    return undefined;
  } catch (error) {
    if (error instanceof WasmError) return error.message;
    throw error;
  }
}

/** Expects the module's functions to validate. */
function valid(text: string): void {
  expect(problem(wat(`(module ${text})`))).toBeUndefined();
}

/** Expects the module to be rejected by the validator with `reason` (the spec's words first). */
function invalid(text: string, reason: string | RegExp): void {
  const message = problem(wat(`(module ${text})`));
  expect(message).toMatch(/^test\.wasm: invalid module: function \d+ at byte 0x[0-9a-f]+: /);
  expect(message).toMatch(reason);
}

interface SpecModule {
  readonly line: number;
  /** An assert_invalid's expected message. */
  readonly message: string;
  /** Decoding's error message, if any. */
  readonly problem: string | undefined;
}

/** The modules of spec file `name`'s `type` commands (at least one), decoded. */
function modulesOf(name: string, type: 'module' | 'assert_invalid'): SpecModule[] {
  const decode = (path: string) => problem(new Uint8Array(readFileSync(path)), `${name}.wast`);
  const found: SpecModule[] = [];
  for (const c of convertWast(join(TESTSUITE, `${name}.wast`), out).commands) {
    if (c.type === 'module' && type === 'module')
      found.push({ line: c.line, message: '', problem: decode(c.path) });
    else if (c.type === 'assert_invalid' && type === 'assert_invalid')
      found.push({ line: c.line, message: c.message, problem: decode(c.module.path) });
  }
  expect(found.length).toBeGreaterThan(0);
  return found;
}

let out: string;
beforeAll(() => {
  if (!existsSync(join(TESTSUITE, 'i32.wast')))
    throw new Error(`spec testsuite not found at ${TESTSUITE} (set LIRC_WASM_TESTSUITE)`);
  out = mkdtempSync(join(tmpdir(), 'lirc-validate-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('invalid bodies binaryen accepts or normalises', () => {
  test('if.wast:1119: an if of i64 whose branches are unreachable selects, in a function of i32', () => {
    invalid(
      `(func $type-else-value-unreached-select (result i32)
        (if (result i64) (i32.const 1)
          (then (select (unreachable) (unreachable) (unreachable)))
          (else (select (unreachable) (unreachable) (unreachable)))))`,
      'type mismatch: end expects i32 but finds i64',
    );
  });

  test('the message names the file, the function (imports counted), the byte and the instruction', () => {
    const bytes = wat(`(module
      (import "m" "f" (func))
      (func)
      (func (param i32) (local i64) (local.get 2)))`);
    const message = problem(bytes, 'locals.wasm')!;
    const at = /at byte 0x([0-9a-f]+)/.exec(message)![1]!;
    expect(message).toBe(
      `locals.wasm: invalid module: function 2 at byte 0x${at}: unknown local 2`,
    );
    expect(bytes[Number.parseInt(at, 16)]).toBe(0x20); // local.get
  });
});

describe('unreachable code: the stack is polymorphic', () => {
  test.each([
    ['unreachable i32.add as an i32 result', '(func (result i32) unreachable i32.add)'],
    ['select of unknown operands as i64', '(func (result i64) unreachable select)'],
    [
      'select of one unknown operand',
      '(func (result f32) unreachable f32.const 1 i32.const 0 select)',
    ],
    ['after return', '(func (result i32) (return (i32.const 1)) i32.eqz)'],
    [
      'after br, the rest of the results',
      '(func (result i32 i64) (br 0 (i32.const 1) (i64.const 2)) (i64.const 3))',
    ],
    [
      'br_table in unreachable code',
      '(func (result i32) (block (result i32) unreachable (br_table 0 1 0)))',
    ],
    ['a loop ending in unreachable', '(func (result i32) (loop (result i32) unreachable))'],
    ['no results after unreachable', '(func (result i32 f64) unreachable)'],
    [
      'a nested block after unreachable',
      '(func (result i32) unreachable (block (result i32) unreachable))',
    ],
    [
      'a value pushed after unreachable counts',
      '(func (result i32 i32) unreachable (i32.const 1))',
    ],
    ['drop of nothing after br', '(func (block br 0 drop drop))'],
    [
      'br_if in unreachable code keeps its label types',
      '(func (result i32) (block (result i32) unreachable (br_if 0) i32.eqz))',
    ],
  ])('%s', (_, text) => valid(text));

  test.each([
    [
      'a value of the wrong type pushed after unreachable',
      '(func (result i32) unreachable i64.const 0)',
    ],
    ['i64.add after return yields i64', '(func (result i32) (return (i32.const 1)) i64.add)'],
    ['a value left inside a block after unreachable', '(func (block unreachable i32.const 1))'],
    [
      'br_if pushes its label types back, not unknown',
      '(func (result i32) (block (result i32) unreachable (br_if 0) i64.eqz))',
    ],
  ])('%s is still a type mismatch', (_, text) => invalid(text, 'type mismatch'));
});

describe('branches', () => {
  test('br_table targets of different arities', () => {
    invalid(
      `(func (block (block (result i32) (br_table 0 1 (i32.const 0) (i32.const 0))) drop))`,
      /type mismatch: br_table targets of types \[i32\] and \[\]/,
    );
  });

  test('br_table targets of the same arity but other types, even in unreachable code (1.0)', () => {
    invalid(
      `(func (block (result f64) (block (result f32) unreachable (br_table 0 1 1 (i32.const 1)))
        drop (f64.const 0)) drop)`,
      'type mismatch',
    );
    valid(
      `(func (result i32) (local i32) (block (result i32) (block (result i32)
        (br_table 0 1 0 (i32.const 7) (local.get 0))) i32.eqz))`,
    );
  });

  test('a loop label takes the loop parameters', () => {
    valid('(func (i32.const 1) (loop (param i32) (result i32) (i32.const 0) (br_if 0)) drop)');
    invalid(
      '(func (i64.const 1) (loop (param i64) (br 0 (i32.const 1))))',
      'type mismatch: br expects i64 but finds i32',
    );
  });

  test('unknown labels', () => {
    invalid('(func (block (br 2)))', 'unknown label 2');
    invalid('(func (br_if 1 (i32.const 0)))', 'unknown label 1');
    invalid('(func (block (br_table 0 3 (i32.const 0))))', 'unknown label 3');
  });

  test('return takes the function results from any depth', () => {
    valid('(func (result i64) (block (loop (return (i64.const 1)))) (i64.const 2))');
    invalid('(func (result i64) (block (return (i32.const 1))) (i64.const 2))', 'type mismatch');
  });
});

describe('blocks with parameters and results (multi-value)', () => {
  test('parameters are taken from the stack and results left on it', () => {
    valid(`(func (result i64 i32) (local i64 i32)
      (i32.const 1) (i64.const 2)
      (block (param i32 i64) (result i64 i32) (local.set 0) (local.set 1) (local.get 0) (local.get 1)))`);
  });

  test('a parameter of the wrong type', () => {
    invalid(
      '(func (result i32) (i64.const 1) (block (param i32) (result i32)))',
      'type mismatch: block expects i32 but finds i64',
    );
  });

  test('a missing parameter', () => {
    invalid(
      '(func (result i32) (block (param i32) (result i32)))',
      'type mismatch: block expects i32 but finds no operand in the function',
    );
  });

  test('results of the wrong type, too few, too many', () => {
    invalid(
      '(func (block (result i32 i64) (i32.const 1) (i32.const 2)) drop drop)',
      'type mismatch',
    );
    invalid('(func (block (result i32 i64) (i64.const 2)) drop drop)', 'type mismatch');
    invalid(
      '(func (block (result i32) (i32.const 1) (i32.const 2)) drop)',
      /type mismatch: 1 value\(s\) too many at the end of the block/,
    );
  });

  test('an if without else passes its parameters on: they must be its results', () => {
    valid('(func (result i32) (i32.const 1) (if (param i32) (result i32) (i32.const 0) (then)))');
    invalid(
      '(func (result i64) (i32.const 1) (if (param i32) (result i64) (i32.const 0) (then drop (i64.const 1))))',
      'type mismatch',
    );
    invalid(
      '(func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1))))',
      'type mismatch',
    );
  });

  test('the condition of an if is an i32 taken before its parameters', () => {
    invalid('(func (if (i64.const 1) (then)))', 'type mismatch: if expects i32 but finds i64');
  });

  test('a block type index must exist', () => {
    const bytes = wat(
      '(module (type (func (param i32) (result i32))) (func (result i32) (i32.const 1) (block (type 0) (i32.eqz))))',
    );
    // The block's type index (0) follows its opcode: make it 5.
    const at = bytes.lastIndexOf(0x02);
    expect(bytes[at + 1]).toBe(0);
    bytes[at + 1] = 5;
    expect(problem(bytes)).toMatch(/unknown type 5/);
  });
});

describe('select, locals, globals', () => {
  test('select of mismatched types', () => {
    invalid(
      '(func (result i32) (select (i32.const 1) (i64.const 1) (i32.const 0)))',
      'type mismatch: select expects two operands of the same type but finds i32 and i64',
    );
    invalid(
      '(func (result i32) (select (i32.const 1) (i32.const 1) (i64.const 0)))',
      'type mismatch',
    );
    valid('(func (result f64) (select (f64.const 1) (f64.const 2) (i32.const 0)))');
  });

  test('local indices and types', () => {
    invalid('(func (param i32) (local i64) (local.set 2 (i32.const 0)))', 'unknown local 2');
    invalid('(func (param i32) (local.tee 0 (i64.const 0)) drop)', 'type mismatch');
    valid('(func (param i32) (local f32 f64) (local.set 2 (f64.const 0)) (local.get 1) drop)');
  });

  test('beyond the dense locals: a group of 70000 is looked up by group', () => {
    const many = `(local ${'i64 '.repeat(70_000)}) (local f32)`;
    valid(`(func ${many} (local.get 69999) drop (local.get 70000) f32.neg drop)`);
    invalid(`(func ${many} (local.get 70000) i64.eqz drop)`, 'type mismatch');
    invalid(`(func ${many} (local.get 70001) drop)`, 'unknown local 70001');
  });

  test('globals: index, type, mutability', () => {
    const globals = '(global i32 (i32.const 0)) (global $m (mut i64) (i64.const 0))';
    invalid(`${globals} (func (global.set 0 (i32.const 1)))`, 'global is immutable');
    invalid(`${globals} (func (global.set 1 (i32.const 1)))`, 'type mismatch');
    invalid(`${globals} (func (global.get 2) drop)`, 'unknown global 2');
    valid(`${globals} (func (global.set 1 (i64.const 1)) (global.get 0) drop)`);
  });
});

describe('calls, memory and tables', () => {
  test('function and type indices', () => {
    invalid('(func (call 3))', 'unknown function 3');
    invalid('(table 1 funcref) (func (call_indirect (type 4) (i32.const 0)))', 'unknown type 4');
    invalid('(func (param i32) (call 0 (i64.const 1)))', 'type mismatch: call expects i32');
  });

  test('call_indirect needs a table and an i32 index below the arguments', () => {
    invalid('(type (func)) (func (call_indirect (type 0) (i32.const 0)))', 'unknown table 0');
    invalid(
      '(type (func (param i64))) (table 1 funcref) (func (call_indirect (type 0) (i32.const 1) (i32.const 0)))',
      'type mismatch',
    );
  });

  test('alignment must not be larger than natural', () => {
    invalid(
      '(memory 1) (func (drop (i32.load align=8 (i32.const 0))))',
      'alignment must not be larger than natural',
    );
    invalid(
      '(memory 1) (func (i64.store16 align=4 (i32.const 0) (i64.const 0)))',
      'alignment must not be larger than natural',
    );
    valid(
      '(memory 1) (func (drop (i64.load32_u align=4 (i32.const 0))) (f64.store align=8 (i32.const 0) (f64.const 0)))',
    );
  });

  test('memory instructions need a memory', () => {
    invalid('(func (drop (i32.load (i32.const 0))))', 'unknown memory 0');
    invalid('(func (drop (memory.size)))', 'unknown memory 0');
    invalid('(func (drop (memory.grow (i32.const 1))))', 'unknown memory 0');
  });

  test('a store takes the address then the value', () => {
    invalid('(memory 1) (func (f32.store (f32.const 0) (i32.const 0)))', 'type mismatch');
  });
});

describe('numeric instructions, floats included', () => {
  test('operand and result types', () => {
    valid(`(func (result i32)
      (i32.trunc_sat_f64_u (f64.promote_f32 (f32.demote_f64 (f64.convert_i64_s (i64.extend_i32_u
        (i32.wrap_i64 (i64.extend32_s (i64.reinterpret_f64 (f64.sqrt (f64.const 2)))))))))))`);
    invalid(
      '(func (result i32) (f32.add (f32.const 1) (f64.const 2)) drop (i32.const 0))',
      'type mismatch: f32.add expects f32 but finds f64',
    );
    invalid(
      '(func (result i32) (i64.trunc_sat_f32_s (f32.const 1)))',
      'type mismatch: end expects i32 but finds i64',
    );
    invalid(
      '(func (result i32) (f64.lt (f64.const 1) (f32.const 2)))',
      'type mismatch: f64.lt expects f64',
    );
  });
});

describe('valid modules still validate', () => {
  test('the corpus', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.wat') || f.endsWith('.wasm'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const bytes = readFileSync(join(CORPUS, f));
      expect([
        f,
        problem(f.endsWith('.wat') ? wat(bytes.toString()) : new Uint8Array(bytes), f),
      ]).toEqual([f, undefined]);
    }
  });

  /** Spec files with float code, control, memory and unreachable code. */
  const MODULE_FILES = [
    'block',
    'br_table',
    'conversions',
    'f32',
    'f64_cmp',
    'float_exprs',
    'if',
    'left-to-right',
    'loop',
    'select',
    'unreachable',
    'unwind',
  ];

  test.each(MODULE_FILES)('every module of %s.wast', (name) => {
    for (const m of modulesOf(name, 'module'))
      expect([m.line, m.problem]).toEqual([m.line, undefined]);
  });
});

describe('the invalid bodies of the spec testsuite are rejected without binaryen', () => {
  /** Files whose assert_invalid modules are all about function bodies. */
  const INVALID_FILES = [
    'unreached-invalid',
    'align',
    'block',
    'br',
    'br_if',
    'br_table',
    'call',
    'conversions',
    'f32',
    'f32_bitwise',
    'f32_cmp',
    'f64',
    'f64_bitwise',
    'f64_cmp',
    'func',
    'i32',
    'i64',
    'if',
    'labels',
    'load',
    'local_get',
    'local_set',
    'local_tee',
    'loop',
    'memory_grow',
    'memory_size',
    'nop',
    'return',
    'select',
    'store',
    'switch',
  ];

  test.each(INVALID_FILES)('every assert_invalid of %s.wast', (name) => {
    for (const m of modulesOf(name, 'assert_invalid')) {
      expect([m.line, m.problem === undefined ? 'accepted' : 'rejected']).toEqual([
        m.line,
        'rejected',
      ]);
      // The spec's words (the runner only checks that an error occurs; the messages agree anyway).
      expect([m.line, m.problem]).toEqual([m.line, expect.stringContaining(m.message)]);
    }
  });
});

describe('never anything but a WasmError', () => {
  test('truncated and mutated bodies', () => {
    const base = wat(`(module (memory 1) (table 1 funcref) (global (mut i32) (i32.const 0))
      (func (param i32 i64) (result i32) (local f32 f64)
        (block (loop (br_table 0 1 (local.get 0))))
        (if (result i32) (local.get 0) (then (i32.load offset=4 (i32.const 0))) (else (i32.const 2)))
        (call_indirect (param i32) (result i32) (i32.const 0)) drop
        (i64.store (i32.const 0) (local.get 1)) (f32.const 1) (local.set 2)
        (i32.trunc_sat_f64_s (local.get 3)) drop
        (select (i32.const 1) (memory.grow (i32.const 0)) (global.get 0))))`);
    expect(problem(base)).toBeUndefined();
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 3000; k++) {
      const bytes = base.slice(0, k % 4 === 0 ? base.length - 1 - random(40) : base.length);
      for (let m = 1 + random(3); m > 0; m--) bytes[bytes.length - 1 - random(60)] = random(256);
      problem(bytes); // throws if the error is not a WasmError
    }
  });
});
