/**
 * `lirc run`: results in signed decimal, arguments by parameter type, the
 * three failure statuses (1 bad module, 2 usage, 3 trap), the spectest
 * host module, -O and --stats, and a run on riscv32 (under qemu-riscv32).
 * Float arguments and results, on both targets, through functions that
 * only move float bits (float arithmetic does not translate yet).
 */
import { writeFileSync } from 'node:fs';
import { lirc, tempDir, WAT_SAMPLE } from './helpers.js';

const dir = tempDir();
const file = dir.write('sample.wat', WAT_SAMPLE);

/** Exports that pass float values through or only move their bits (all translate today). */
const FLOAT_WAT = `(module
  (func (export "id32") (param f32) (result f32) local.get 0)
  (func (export "bits32") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "abs32") (param f32) (result f32) (f32.abs (local.get 0)))
  (func (export "tenth") (result f32) (f32.const 0.1))
  (func (export "nan32") (result f32) (f32.reinterpret_i32 (i32.const 0x7fc00001)))
  (func (export "id64") (param f64) (result f64) local.get 0)
  (func (export "neg64") (param f64) (result f64) (f64.neg (local.get 0)))
  (func (export "copysign64") (param f64 f64) (result f64)
    (f64.copysign (local.get 0) (local.get 1)))
  (func (export "bits64") (param f64) (result i64) (i64.reinterpret_f64 (local.get 0)))
  (func (export "negzero") (result f64) (f64.const -0))
  (func (export "nan64") (result f64) (f64.reinterpret_i64 (i64.const 0xfff0000000000001)))
  (func (export "inf") (result f64) (f64.const inf))
  (func (export "mixed") (param i32 f64 f32) (result f32 i32 f64)
    (local.get 2) (local.get 0) (local.get 1))
)
`;
const floats = dir.write('floats.wat', FLOAT_WAT);
afterAll(() => dir.remove());

/** The help commander prints after a usage error. */
const USAGE = 'Usage: lirc run [options] <input> [args...]';

describe('lirc run', () => {
  test('prints each result as <type>:<signed decimal>', async () => {
    expect(await lirc('run', file, '--invoke', 'negatives')).toEqual({
      code: 0,
      stdout: 'i32:-7\ni64:-1\n',
      stderr: '',
    });
  });

  test('takes integers in either range of the parameter type, decimal or hex', async () => {
    // 0xffffffffffffffff is -1 as an i64: -1 + -1 = -2, never 18446744073709551614.
    const add = await lirc('run', file, '--invoke', 'add64', '--', '0xffffffffffffffff', '-0x1');
    expect(add).toEqual({ code: 0, stdout: 'i64:-2\n', stderr: '' });
    const div = await lirc('run', file, '--invoke', 'div', '4294967295', '-1');
    expect(div.stdout).toBe('i32:1\n');
  });

  test.each([
    [['div', '1', '0'], 'integer divide by zero'],
    [['crash'], 'unreachable'],
    [['load', '65533'], 'out of bounds memory access'],
    [['deep', '0'], 'call stack exhausted'],
  ])('a trap (%j) prints trap: <kind> on stderr and exits 3', async (call, kind) => {
    const [name, ...args] = call;
    const run = await lirc('run', file, '--invoke', name!, ...args);
    expect(run).toEqual({ code: 3, stdout: '', stderr: `trap: ${kind}\n` });
  });

  describe.each(['x86_64', 'riscv32'])('float arguments and results on %s', (target) => {
    const run = (name: string, ...args: string[]) =>
      lirc('run', floats, '--target', target, '--invoke', name, '--', ...args);

    test.each([
      // [export, arguments, stdout]
      ['id32', ['0.1'], 'f32:0.10000000149011612\n'], // rounded to f32, printed as a double
      ['id32', ['-0'], 'f32:-0\n'],
      ['id32', ['1e40'], 'f32:Infinity\n'], // beyond f32's range
      ['id32', ['-Infinity'], 'f32:-Infinity\n'],
      ['id32', ['NaN'], 'f32:NaN\n'],
      ['bits32', ['2.5'], 'i32:1075838976\n'], // 0x40200000
      ['bits32', ['-0'], 'i32:-2147483648\n'],
      ['abs32', ['-3.75'], 'f32:3.75\n'],
      ['tenth', [], 'f32:0.10000000149011612\n'],
      ['nan32', [], 'f32:NaN\n'], // 0x7fc00001: any NaN prints NaN
      ['id64', ['1e30'], 'f64:1e+30\n'],
      ['id64', ['0.1'], 'f64:0.1\n'],
      ['neg64', ['2.5'], 'f64:-2.5\n'],
      ['neg64', ['0'], 'f64:-0\n'],
      ['neg64', ['NaN'], 'f64:NaN\n'],
      ['copysign64', ['Infinity', '-1'], 'f64:-Infinity\n'],
      ['bits64', ['-0'], 'i64:-9223372036854775808\n'],
      ['negzero', [], 'f64:-0\n'],
      ['nan64', [], 'f64:NaN\n'], // 0xfff0000000000001, a negative signalling NaN
      ['inf', [], 'f64:Infinity\n'],
      ['mixed', ['7', '2.5', '0.1'], 'f32:0.10000000149011612\ni32:7\nf64:2.5\n'],
    ])('%s %j prints %j', async (name, args, stdout) => {
      expect(await run(name, ...args)).toEqual({ code: 0, stdout, stderr: '' });
    });
  });

  test('a trap in the start function is a trap (exit 3)', async () => {
    const start = dir.write(
      'start.wat',
      '(module (func $s (drop (i32.div_u (i32.const 1) (i32.const 0)))) (start $s)\n' +
        '  (func (export "f") (result i32) (i32.const 5)))\n',
    );
    const run = await lirc('run', start, '--invoke', 'f');
    expect(run).toEqual({ code: 3, stdout: '', stderr: 'trap: integer divide by zero\n' });
  });

  test('runs on riscv32 under qemu, with the same results and traps', async () => {
    const ok = await lirc('run', file, '--target', 'riscv32', '--invoke', 'negatives');
    expect(ok).toEqual({ code: 0, stdout: 'i32:-7\ni64:-1\n', stderr: '' });
    // An i64 constant passed to a function defined later: the pair stage must know its width.
    const later = dir.write(
      'later.wat',
      '(module (func (export "run") (result i64) (call $g (i64.const 5) (i32.const 7)))\n' +
        '  (func $g (param i64 i32) (result i64) (i64.add (local.get 0) (i64.extend_i32_u (local.get 1)))))\n',
    );
    expect(await lirc('run', later, '--target', 'riscv32', '--invoke', 'run')).toEqual({
      code: 0,
      stdout: 'i64:12\n',
      stderr: '',
    });
    const trap = await lirc('run', file, '--target', 'riscv32', '--invoke', 'load', '65536');
    expect(trap).toEqual({ code: 3, stdout: '', stderr: 'trap: out of bounds memory access\n' });
  });

  test('links spectest imports; -O optimizes first; --stats prints figures on stderr', async () => {
    const run = await lirc(
      'run',
      file,
      '-O',
      '--stats',
      '--target',
      'x86_64',
      '--invoke',
      'host_global',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('i32:666\n'); // spectest's global_i32
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual([
      'target',
      'functions',
      'wasm code bytes',
      'low ir actions',
      'machine code bytes',
      'binaryen load+validation+optimization',
      'decode+translate+compile',
      'run',
    ]);
    expect(lines[0]).toMatch(/^target: +x86_64 \(native\)$/);
    expect(lines[1]).toMatch(/^functions: +7$/);
    for (const line of lines.slice(2, 5)) expect(line).toMatch(/: +[1-9]\d*$/);
    for (const line of lines.slice(5)) expect(line).toMatch(/: +\d+\.\d ms$/);
  });

  test('an invalid or unsupported module exits 1 with error: <reason>', async () => {
    // [file, text, reason, target (default x86_64)].
    const cases: [string, string, RegExp, string?][] = [
      [
        'invalid.wat',
        '(module (func (export "f") (result i32) (i64.const 1)))',
        /invalid module: /,
      ],
      ['syntax.wat', '(module (func (export "f") (result i32) (i32.const))', /syntax error/],
      ['malformed.wasm', 'not wasm at all', /malformed module: /],
      [
        'bulk.wat',
        '(module (memory 1) (func (export "f") (memory.fill (i32.const 0) (i32.const 1) (i32.const 2))))',
        /uses a proposal beyond the 2020 spec/,
        'riscv32',
      ],
      [
        'import.wat',
        '(module (import "env" "log" (func (param i32))) (func (export "f")))',
        /cannot provide import "env"\."log" \(func\)/,
      ],
      [
        'spectest.wat',
        '(module (import "spectest" "nothing" (func)) (func (export "f")))',
        /unknown import spectest\.nothing\n$/,
      ],
    ];
    for (const [name, text, reason, target = 'x86_64'] of cases) {
      const module = dir.write(name, text);
      const run = await lirc('run', module, '--target', target, '--invoke', 'f');
      expect({ name, code: run.code, stdout: run.stdout }).toEqual({ name, code: 1, stdout: '' });
      expect(run.stderr).toMatch(new RegExp(`^error: ${escapeRegExp(module)}(:\\d+:\\d+)?: `));
      expect(run.stderr).toMatch(reason);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1); // no stack trace
    }
  });

  test('a binary module is validated from its own bytes (exit 1 for a type error in unreachable code)', async () => {
    // (func (export "f") (result i32) (if (result i64) (i32.const 1) (then (select (unreachable)
    // (unreachable) (unreachable))) (else ...))): binaryen accepts it (its IR drops unreachable
    // code); the spec rejects it (if.wast), and so does LIRC's own validator.
    const bytes = Buffer.from(
      '0061736d010000000105016000017f03020100070501016600000a120110004101047e0000001b050000001b0b0b',
      'hex',
    );
    const module = `${dir.path}/unreached.wasm`;
    writeFileSync(module, bytes);
    expect(await lirc('run', module, '--invoke', 'f')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${module}: invalid module: function 0 at byte 0x2d: type mismatch: end expects i32 but finds i64\n`,
    });
  });

  test('a data or element segment that does not fit is a link error (exit 1), not a trap', async () => {
    const data = dir.write(
      'data.wat',
      '(module (memory 1) (data (i32.const 65535) "ab") (func (export "f") (result i32) (i32.const 1)))\n',
    );
    expect(await lirc('run', data, '--invoke', 'f')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${data}: cannot instantiate: data segment does not fit\n`,
    });
    const elements = dir.write(
      'elem.wat',
      '(module (table 1 funcref) (func $g) (elem (i32.const 1) $g) (func (export "f")))\n',
    );
    expect(await lirc('run', elements, '--target', 'riscv32', '--invoke', 'f')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${elements}: cannot instantiate: elements segment does not fit\n`,
    });
  });

  test('an unknown export or an unreadable file exits 1', async () => {
    const unknown = await lirc('run', file, '--invoke', 'main');
    expect(unknown).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${file}: no exported function "main" (exported functions: negatives, add64, div, crash, load, deep, host_global)\n`,
    });
    const missing = await lirc('run', `${dir.path}/missing.wat`, '--invoke', 'f');
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: cannot read ${dir.path}/missing.wat: no such file\n`,
    });
  });

  test('bad, missing or extra arguments are usage errors naming the parameter (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['div', '1'], 'error: missing argument for parameter 2 (i32) of export "div"'],
      [['div', '1', '2', '3'], `error: extra argument '3': export "div" takes 2 argument(s)`],
      [
        ['div', 'ten', '2'],
        `error: argument 'ten' for parameter 1 (i32) of export "div" is not an integer`,
      ],
      [
        ['div', '1', '0x100000000'],
        `error: argument '0x100000000' for parameter 2 (i32) of export "div" is out of range (-2147483648 to 4294967295)`,
      ],
      [
        ['id32', 'abc'],
        `error: argument 'abc' for parameter 1 (f32) of export "id32" is not a number`,
      ],
      [['id32', '1.2.3'], `error: argument '1.2.3' for parameter 1 (f32) of export "id32"`],
      [['id32', ''], `error: argument '' for parameter 1 (f32) of export "id32" is not a number`],
      [['id32', ' 1'], `error: argument ' 1' for parameter 1 (f32) of export "id32"`],
      [['neg64', '-NaN'], `error: argument '-NaN' for parameter 1 (f64) of export "neg64"`],
      [['neg64', '1e'], `error: argument '1e' for parameter 1 (f64) of export "neg64"`],
      [['mixed', '1', '2'], 'error: missing argument for parameter 3 (f32) of export "mixed"'],
      [
        ['mixed', '1.5', '2', '3'],
        `error: argument '1.5' for parameter 1 (i32) of export "mixed" is not an integer`,
      ],
      [
        ['add64', '1', '18446744073709551616'],
        `error: argument '18446744073709551616' for parameter 2 (i64) of export "add64" is out of range (-9223372036854775808 to 18446744073709551615)`,
      ],
    ];
    for (const [[name, ...args], message] of cases) {
      const module = ['id32', 'neg64', 'mixed'].includes(name!) ? floats : file;
      const run = await lirc('run', module, '--invoke', name!, '--', ...args);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(run.stderr.startsWith(message)).toBe(true);
      expect(run.stderr).toContain(USAGE);
    }
  });

  test('bad command lines are usage errors (exit 2)', async () => {
    const cases = [
      [file],
      ['--invoke', 'f'],
      [file, '--invoke', 'div', '--target', 'arm', '1', '2'],
      [file, '--invoke', 'div', '--frobnicate'],
    ];
    for (const argv of cases) {
      const run = await lirc('run', ...argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: 2 });
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).toContain(USAGE);
      expect(run.stdout).toBe('');
    }
    const target = await lirc('run', file, '--invoke', 'div', '--target', 'arm', '1', '2');
    expect(target.stderr).toContain('Allowed choices are x86_64, riscv32');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
