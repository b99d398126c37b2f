/**
 * Forms LIRC must not choose for the program's values, run on both machines
 * against the interpreter: a form whose operand is fixed to a special
 * register (x86 `pop` implements `load.64 %p; add.64 %p, 8` only when %p
 * is the stack pointer: chosen for any %p, it moved %p into rsp), and a
 * form that fuses a load into a call (x86 `call [mem]`), which left the
 * call's result unplaced (calls go through the calling convention, calls.ts).
 */
import { interpret, runRiscv, runX86 } from './helpers/targets.js';

function program(ptr: 32 | 64): string {
  // A 32-bit value at pointer width (no zext.32.32: Low IR has no same-width extension).
  const widen = (to: string, from: string) =>
    ptr === 64 ? `${to} = zext.64.32 ${from}` : `${to} = or.32 ${from}, 0`;
  const narrow = (to: string, from: string) =>
    ptr === 64 ? `${to} = trunc.32.64 ${from}` : `${to} = or.32 ${from}, 0`;
  return `module ptr${ptr}
memory 4096
func @walk(%p*4: ${ptr}, %x*3: 32) -> (32) {
  ${widen('%wide', '%x')}
  store.${ptr} %p, %wide
  %next = add.${ptr} %p, 8
  %double = add.32 %x, %x
  ${widen('%wide2', '%double')}
  store.${ptr} %next, %wide2
  %a = load.${ptr} %p
  %q = add.${ptr} %p, 8
  %b = load.${ptr} %q
  %sum = add.${ptr} %a, %b
  ${narrow('%r', '%sum')}
  return %r
}

func @twice(%a*2: 32) -> (32) {
  %r = add.32 %a, %a
  return %r
}

func @via(%p*2: ${ptr}, %a: 32) -> (32) {
  %f = func_addr @twice
  store.${ptr} %p, %f
  %cb = load.${ptr} %p
  %r: 32 = call_indirect %cb, %a
  %s = add.32 %r, 1
  return %s
}
`;
}

const CASES = [
  [0n, 5n],
  [0n, -7n],
  [0n, 0x7fffffffn],
];

test.each(['walk', 'via'])('x86_64 (native): @%s', (fn) => {
  const text = program(64);
  expect(runX86(text, fn, CASES, { memory: 4096 })).toEqual(interpret(text, fn, CASES));
});

test.each(['walk', 'via'])('riscv32 (qemu): @%s', async (fn) => {
  const text = program(32);
  const body = text.replace(/^module ptr32\n/, '');
  expect(await runRiscv(body, fn, CASES, { memory: 4096 })).toEqual(interpret(text, fn, CASES));
});
