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

  test('primes.lir: trial division is right up to 2^32 - 1 (no d * d wrap-around)', async () => {
    const isPrime = async (n: string) =>
      (await lirc('interp', example('primes.lir'), '--invoke', 'is_prime', n)).stdout;
    expect(await isPrime('4294967291')).toBe('i1:1\n'); // the largest 32-bit prime
    expect(await isPrime('4294967295')).toBe('i1:0\n'); // 3 * 5 * 17 * 257 * 65537
    expect(await isPrime('4294836225')).toBe('i1:0\n'); // 65535 * 65535
  });

  test('primes.wat: the sieve and trial division agree on x86_64', async () => {
    const wat = example('primes.wat');
    for (const name of ['count_sieve', 'count_trial'])
      expect(await lirc('run', wat, '--target', 'x86_64', '--invoke', name, '10000')).toEqual({
        code: 0,
        stdout: 'i32:1229\n',
        stderr: '',
      });
    expect((await lirc('run', wat, '--invoke', 'sum_primes', '10000')).stdout).toBe(
      'i64:5736396\n',
    );
  });

  test('primes.wat: the 64-bit sum by the sieve on riscv32 (under qemu)', async () => {
    const wat = example('primes.wat');
    const run = await lirc('run', wat, '--target', 'riscv32', '--invoke', 'sum_primes', '10000');
    expect(run).toEqual({ code: 0, stdout: 'i64:5736396\n', stderr: '' });
  });

  test('primes.wat: a sieve larger than its one page of memory traps', async () => {
    const run = await lirc('run', example('primes.wat'), '--invoke', 'count_sieve', '65537');
    expect(run).toEqual({ code: 3, stdout: '', stderr: 'trap: out of bounds memory access\n' });
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
