/**
 * Calls with 0 to 12 arguments on both machines (x86_64 passes 6 in
 * registers, riscv32 8; the rest go on the stack), against the
 * interpreter: each callee weighs its arguments by position, so an argument
 * in the wrong place changes the result; each caller passes values,
 * constants and a value that is also live after the call.
 */
import { interpret, runRiscv, runX86 } from './helpers/targets.js';

const COUNTS = [0, 1, 2, 5, 6, 7, 8, 9, 12];

function callee(n: number): string {
  const params = Array.from({ length: n }, (_, k) => `%p${k}: 32`).join(', ');
  let body = '  %acc0 = const.32 17\n';
  for (let k = 0; k < n; k++) {
    body += `  %m${k} = mul.32 %p${k}, ${2 * k + 3}\n`;
    body += `  %acc${k + 1} = ${k % 2 ? 'xor' : 'add'}.32 %acc${k}, %m${k}\n`;
  }
  return `func @weigh${n}(${params}) -> (32) {\n${body}  return %acc${n}\n}\n`;
}

function caller(n: number): string {
  // Arguments: x, y, keep, constants; %keep is used again after the call.
  const args = Array.from({ length: n }, (_, k) =>
    k % 4 === 0 ? '%x' : k % 4 === 1 ? '%y' : k % 4 === 2 ? '%keep' : `${k * 1000 + 7}`,
  );
  const x = args.filter((a) => a === '%x').length;
  const y = args.filter((a) => a === '%y').length;
  const keep = args.filter((a) => a === '%keep').length + 1;
  return `func @call${n}(%x*${x + 1}: 32, %y*${y}: 32) -> (32) {
  %keep*${keep} = add.32 %x, 1000
  %r: 32 = call @weigh${n}(${args.join(', ')})
  %s = sub.32 %r, %keep
  return %s
}
`;
}

const PROGRAM = COUNTS.map((n) => callee(n) + caller(n)).join('\n');
const CASES = [
  [1n, 2n],
  [-5n, 77n],
  [123456n, -98765n],
];

describe.each(COUNTS)('a call with %i arguments', (n) => {
  const expected = interpret(PROGRAM, `call${n}`, CASES);
  test('x86_64 (native)', () => {
    expect(runX86(PROGRAM, `call${n}`, CASES)).toEqual(expected);
  });
  test('riscv32 (qemu)', async () => {
    expect(await runRiscv(PROGRAM, `call${n}`, CASES)).toEqual(expected);
  });
});

test('12 parameters, called from outside: the stack ones read through the frame', () => {
  const text = callee(12);
  const args = Array.from({ length: 12 }, (_, k) => BigInt(k * 37 - 100));
  const expected = interpret(text, 'weigh12', [args]);
  expect(runX86(text, 'weigh12', [args])).toEqual(expected);
});
