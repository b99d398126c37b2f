/**
 * Tiny programs compiled by LIRC give the same results as the Low IR
 * reference interpreter, and the expected values, on both targets: x86_64
 * natively and riscv32 under qemu-riscv32 (a missing qemu fails the riscv32
 * tests with the runtime's message naming the package to install). Traps
 * (division by zero, INT_MIN / -1) come back with their kind.
 */
import { readFileSync } from 'node:fs';
import type { Program } from '../src/ast.js';
import { frontEnd, interpret, type Outcome } from '../src/frontend.js';
import { runCompiled } from '../src/run.js';

const TARGETS = ['x86_64', 'riscv32'] as const;

function sample(name: string): Program {
  const file = new URL(`../programs/${name}.tiny`, import.meta.url);
  return frontEnd(readFileSync(file, 'utf8'), `programs/${name}.tiny`);
}

const value = (v: number): Outcome => ({ kind: 'value', value: v });
const trap = (kind: string): Outcome => ({ kind: 'trap', trap: kind });

/** Checks `entry` of `program` on each case: interpreter = expected, and each target = interpreter. */
async function agree(
  program: Program,
  entry: string,
  cases: readonly (readonly number[])[],
  expected: readonly Outcome[],
): Promise<void> {
  const reference = cases.map((args) => interpret(program, entry, args));
  expect(reference).toEqual(expected);
  for (const target of TARGETS) {
    const compiled = await runCompiled(program, target, entry, cases);
    expect({ target, outcomes: compiled }).toEqual({ target, outcomes: reference });
  }
}

/** Each test compiles for both targets and starts qemu once per case list. */
const slow = (name: string, fn: () => Promise<void>) => test(name, fn, 60_000);

describe('the sample programs', () => {
  slow('fib.tiny: recursion and a loop agree', async () => {
    await agree(sample('fib'), 'main', [[0], [1], [2], [10], [20]], [0, 1, 1, 55, 6765].map(value));
  });

  slow('primes.tiny: primes below n by trial division', async () => {
    await agree(sample('primes'), 'main', [[0], [10], [100], [1000]], [0, 4, 25, 168].map(value));
  });

  slow('gcd.tiny: lcm, || and a division by zero that traps', async () => {
    await agree(
      sample('gcd'),
      'main',
      [
        [12, 18],
        [7, 5],
        [-1, 3],
        [21, 6],
        [12, 0],
      ],
      [value(36), value(35), value(-1), value(42), trap('int_divide_by_zero')],
    );
  });

  slow('collatz.tiny: nested loops and calls', async () => {
    await agree(
      sample('collatz'),
      'main',
      [[2], [10], [1000]],
      [value(0), value(9019), value(871178)],
    );
  });
});

describe('language features', () => {
  slow('&& and || evaluate their right side only when needed', async () => {
    const program = frontEnd(
      `fn div(a, b) { return a / b; }
       fn main(x, y) {
         var r = 0;
         if x != 0 && div(100, x) > 10 { r = r + 1; }
         if x == 0 || div(100, x) < 50 { r = r + 10; }
         var both = (x > 0) && (y > 0);
         var either = x || y;
         return r + both * 100 + either * 1000;
       }`,
      'logic.tiny',
    );
    await agree(
      program,
      'main',
      [
        [0, 0],
        [5, 1],
        [3, 0],
        [-4, 2],
        [0, 7],
      ],
      [10, 1111, 1011, 1010, 1010].map(value),
    );
  });

  slow('shadowing, else if chains, returns inside loops, negative numbers', async () => {
    const program = frontEnd(
      `fn classify(n) {
         if n < 0 { return -1; } else if n == 0 { return 0; } else if n < 10 { return 1; }
         return 2;
       }
       fn first_over(limit) {
         var i = 0;
         while 1 {
           var sq = i * i;
           if sq > limit { return i; }
           i = i + 1;
         }
         return -7;
       }
       fn main(n) {
         var x = n;
         if n > 5 {
           var x = n * 2;
           n = x + 1;
         }
         return classify(n - 5) * 10000 + first_over(x) * 100 + -(x % 7) + !n;
       }`,
      'features.tiny',
    );
    await agree(
      program,
      'main',
      [[0], [3], [5], [6], [40]],
      [-9899, -9803, 295, 10294, 20695].map(value),
    );
  });

  slow('32-bit wrapping arithmetic and the int_overflow trap of INT_MIN / -1', async () => {
    const program = frontEnd(
      `fn main(a, b) { var big = 2147483647; return (big + a) / b; }`,
      'wrap.tiny',
    );
    await agree(
      program,
      'main',
      [
        [1, 1],
        [1, 2],
        [1, -1],
        [0, 7],
      ],
      [value(-2147483648), value(-1073741824), trap('int_overflow'), value(306783378)],
    );
  });

  slow('a function without return gives 0; a call as a statement keeps its effects', async () => {
    const program = frontEnd(
      `fn nothing(a) { a = a + 1; }
       fn check(a) { return 10 / a; }
       fn main(a) { check(a); return nothing(a) + 5; }`,
      'void.tiny',
    );
    await agree(program, 'main', [[1], [0]], [value(5), trap('int_divide_by_zero')]);
  });
});
