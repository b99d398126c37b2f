/**
 * `lirc run file.lir`: a Low IR function compiled for each target (x86_64
 * natively, riscv32 under qemu-riscv32) prints what `lirc interp` prints
 * for the same call (the interpreter is the oracle), traps exit 3, a bad
 * module or an unknown function exits 1 naming the file (and line), bad
 * arguments exit 2. On riscv32 the module's memory is at address 0, as the
 * interpreter has it; natively the code gets no memory and an access is a
 * clear error.
 */
import { fileURLToPath } from 'node:url';
import { lirc, SAMPLE, tempDir } from './helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** SAMPLE (fib, a 64-bit sum, a divider, two results) plus memory with data, for `width`-bit pointers. */
function sample(width: 32 | 64): string {
  const text = `${SAMPLE.replace('module ptr64', `module ptr${width}`).replace('memory 1024', 'memory 64\ndata 8 "\\2a\\00\\00\\00\\ff\\ff\\ff\\ff"')}
func @word(%a: ${width}) -> (32) {
  %w = load.32 %a
  return %w
}

func @bump(%a*3: ${width}, %d: 32) -> (32) {
  %w = load.32 %a
  %n = add.32 %w, %d
  store.32 %a, %n
  %r = load.32 %a
  return %r
}
`;
  return dir.write(`sample${width}.lir`, text);
}

const example = (name: string) =>
  fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));

describe.each([
  ['x86_64', 64],
  ['riscv32', 32],
] as const)('lirc run on %s', (target, width) => {
  const file = sample(width);

  test.each(
    [
      ['fib', '20'],
      ['sum', '100000'],
      ['div', '-7', '2'],
      ['div', '0x80000000', '-1'],
      ['div', '1', '0'],
      ['negative', '-3'],
      ['negative', '3'],
    ].map((c) => [c.join(' '), c] as const),
  )('%s: what the interpreter prints', async (_title, [fn, ...args]) => {
    const expected = await lirc('interp', file, '--invoke', fn!, ...args);
    const actual = await lirc('run', file, '--target', target, '--invoke', fn!, '--', ...args);
    // The interpreter names the trap's place; lirc run gives its kind, as for Wasm.
    const trap = /^trap: (\S+) in /.exec(expected.stderr);
    expect(actual).toEqual({
      code: expected.code,
      stdout: expected.stdout,
      stderr: trap ? `trap: ${trap[1]}\n` : '',
    });
  });

  test('--stats says how it ran; @ before the name is optional', async () => {
    const run = await lirc('run', file, '--target', target, '--invoke', '@fib', '10', '--stats');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('i32:55\n');
    const ran = target === 'x86_64' ? 'native' : 'emulated';
    expect(run.stderr).toMatch(new RegExp(`^target: +${target} \\(${ran}\\)\n`));
    expect(run.stderr).toMatch(/\ncompile: +\d+\.\d ms\nrun: +\d+\.\d ms\n$/);
  });

  test('argument and module errors: exit 2 for arguments, 1 for the module', async () => {
    const cases: [string[], number, RegExp][] = [
      [['fib'], 2, /^error: missing argument for parameter 1 \(32 bits\) of @fib/],
      [['fib', '1', '2'], 2, /^error: extra argument '2': @fib takes 1 argument\(s\) \(32\)/],
      [
        ['fib', 'x'],
        2,
        /^error: argument 'x' for parameter 1 \(32 bits\) of @fib is not an integer/,
      ],
      [['fib', '0x100000000'], 2, /does not fit in 32 bits/],
      [['nope'], 1, /^error: .*sample\d+\.lir: no function @nope to invoke \(functions: @fib, /],
    ];
    for (const [[fn, ...args], code, message] of cases) {
      const run = await lirc('run', file, '--target', target, '--invoke', fn!, ...args);
      expect({ args: [fn, ...args], code: run.code }).toEqual({ args: [fn, ...args], code });
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
    }
    const bad = dir.write('bad.lir', `module ptr${width}\nfunc @f() {\n  return %nope\n}\n`);
    const badRun = await lirc('run', bad, '--target', target, '--invoke', 'f');
    expect(badRun.code).toBe(1);
    expect(badRun.stderr).toMatch(new RegExp(`^error: ${bad}:3:\\d+: .*%nope`));
    const other = target === 'x86_64' ? 32 : 64;
    const wrong = dir.write(`ptr${other}.lir`, `module ptr${other}\nfunc @f() {\n  return\n}\n`);
    const wrongRun = await lirc('run', wrong, '--target', target, '--invoke', 'f');
    expect(wrongRun.code).toBe(1);
    expect(wrongRun.stderr).toContain(`has ${other}-bit pointers (module ptr${other}) but`);
  });
});

describe('memory', () => {
  test('on riscv32 the module memory is at address 0 with its data, as in the interpreter', async () => {
    const file = sample(32);
    for (const args of [
      ['word', '8'],
      ['word', '12'],
      ['bump', '8', '5'],
      ['bump', '60', '-1'],
    ]) {
      const [fn, ...rest] = args;
      const expected = await lirc('interp', file, '--invoke', fn!, ...rest);
      const actual = await lirc('run', file, '--target', 'riscv32', '--invoke', fn!, '--', ...rest);
      expect({ args, ...actual }).toEqual({ args, ...expected });
    }
  });

  test('run natively, the code gets no memory: an access is an error naming the reason', async () => {
    const run = await lirc('run', sample(64), '--target', 'x86_64', '--invoke', 'word', '8');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: .*sample64\.lir: @word faulted outside any trap site \(signal 11 at code offset 0x[0-9a-f]+\); lirc run gives a module no memory on x86_64/,
    );
  });

  test('examples/fib.lir and primes.lir run their memory-free functions natively', async () => {
    const fib = await lirc(
      'run',
      example('fib.lir'),
      '--target',
      'x86_64',
      '--invoke',
      'fib',
      '25',
    );
    expect(fib).toEqual({ code: 0, stdout: 'i32:75025\n', stderr: '' });
    const trial = await lirc(
      'run',
      example('primes.lir'),
      '--target',
      'x86_64',
      '--invoke',
      'count_trial',
      '10000',
    );
    expect(trial).toEqual({ code: 0, stdout: 'i32:1229\ni32:9973\n', stderr: '' });
  });
});
