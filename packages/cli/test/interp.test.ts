/** `lirc interp`: results, argument parsing, traps (exit 3) and invocation errors. */
import { lirc, SAMPLE, tempDir } from './helpers.js';

const dir = tempDir();
const file = dir.write('sample.lir', SAMPLE);
afterAll(() => dir.remove());

describe('lirc interp', () => {
  test('prints each result as i<width>:<signed decimal>', async () => {
    expect(await lirc('interp', file, '--invoke', 'fib', '20')).toEqual({
      code: 0,
      stdout: 'i32:6765\n',
      stderr: '',
    });
    expect((await lirc('interp', file, '--invoke', 'sum', '100000')).stdout).toBe(
      'i64:5000050000\n',
    );
    expect((await lirc('interp', file, '--invoke', 'negative', '-3')).stdout).toBe(
      'i1:1\ni32:-5\n',
    );
    expect((await lirc('interp', file, '--invoke', 'negative', '3')).stdout).toBe('i1:0\ni32:-5\n');
  });

  test('accepts decimal, negative and 0x hex arguments, and @name', async () => {
    expect((await lirc('interp', file, '--invoke', 'div', '-84', '0x2')).stdout).toBe('i32:-42\n');
    // commander reads `-0x2` as an option unless it follows `--`.
    expect(
      (await lirc('interp', file, '--invoke', '@div', '--', '0xFFFFFFF6', '-0x2')).stdout,
    ).toBe('i32:5\n');
  });

  test('--print prints the canonical text first; --stats reports steps on stderr', async () => {
    const run = await lirc('interp', file, '--invoke', 'fib', '2', '--print', '--stats');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^module ptr64\n[\s\S]*\n}\ni32:1\n$/);
    expect(run.stderr).toMatch(/^steps: \d+\n$/);
  });

  test('a trap prints kind, function and action on stderr and exits 3', async () => {
    const run = await lirc('interp', file, '--invoke', 'div', '1', '0');
    expect(run).toEqual({
      code: 3,
      stdout: '',
      stderr: 'trap: int_divide_by_zero in @div at action #0: %q = div_s.32 %a, %b\n',
    });
  });

  test('--max-steps limits the run with a step_limit trap', async () => {
    const run = await lirc('interp', file, '--invoke', 'sum', '1000', '--max-steps', '50');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^trap: step_limit in @sum at action #\d+: /);
  });

  test('an unknown function or a wrong argument count exits 1', async () => {
    const unknown = await lirc('interp', file, '--invoke', 'main');
    expect(unknown).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${file}: no function @main to invoke (functions: @fib, @sum, @div, @negative)\n`,
    });
    const arity = await lirc('interp', file, '--invoke', 'div', '1');
    expect(arity).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: @div takes 2 argument(s), got 1\n',
    });
    const wide = await lirc('interp', file, '--invoke', 'fib', '0x100000000');
    expect(wide.code).toBe(1);
    expect(wide.stderr).toBe('error: argument 1 of @fib (4294967296) does not fit in 32 bits\n');
  });

  test('bad command lines are usage errors (exit 2)', async () => {
    const cases = [
      [file, '--invoke', 'fib', 'ten'],
      [file, '--invoke', 'fib', '1', '--max-steps', '0'],
      [file, 'fib', '1'],
      ['--invoke', 'fib'],
    ];
    for (const argv of cases) {
      const run = await lirc('interp', ...argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: 2 });
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).toContain('Usage: lirc interp');
      expect(run.stdout).toBe('');
    }
  });
});
