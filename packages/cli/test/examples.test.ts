/** The programs in examples/ stay valid and keep the results their README promises. */
import { fileURLToPath } from 'node:url';
import { lirc } from './helpers.js';

const example = (name: string) =>
  fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));

describe('examples', () => {
  test('primes.lir: the sieve and trial division agree', async () => {
    const run = await lirc('interp', example('primes.lir'), '--invoke', 'main');
    expect(run).toEqual({ code: 0, stdout: 'i32:1229\ni32:1229\ni32:9973\n', stderr: '' });
  });

  test('fib.lir: recursion and the memory table agree', async () => {
    const run = await lirc('interp', example('fib.lir'), '--invoke', 'main');
    expect(run).toEqual({
      code: 0,
      stdout: 'i32:75025\ni64:2880067194370816120\ni1:1\n',
      stderr: '',
    });
  });

  test('fib.lir: a table past the end of memory traps', async () => {
    const run = await lirc('interp', example('fib.lir'), '--invoke', 'fib_table', '128');
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'trap: out_of_bounds in @fib_table at action #13: store.64 %ak, %sum\n',
    );
  });
});
