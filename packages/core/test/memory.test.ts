/**
 * Loads and stores of every width (8, 16, 32 and 64 bits), zero- and
 * sign-extending, at offsets from a pointer, on both machines against the
 * interpreter. The pointer is scratch memory of the runner (address 0 of the
 * module's memory for the interpreter): the results do not depend on where
 * it is. On riscv32 the 64-bit accesses go through the pair legalization:
 * two 32-bit accesses, or one narrower one and the high half computed.
 */
import { interpret, runRiscv, runX86 } from './helpers/targets.js';

function program(ptr: 32 | 64): string {
  const wide = `  %q64 = add.${ptr} %p, 24
  %x64 = zext.64.32 %x
  %big = shl.64 %x64, 20
  store.64 %q64, %big
  %q64b = add.${ptr} %p, 24
  %l64 = load.64 %q64b
  %h64 = shr_u.64 %l64, 24
  %t64 = trunc.32.64 %h64
`;
  return `module ptr${ptr}
memory 4096
func @mem(%p*11: ${ptr}, %x*5: 32) -> (32) {
  %q8 = add.${ptr} %p, 3
  store.32.8 %q8, %x
  %q16 = add.${ptr} %p, 6
  store.32.16 %q16, %x
  %q32 = add.${ptr} %p, 12
  store.32 %q32, %x
${wide}  %r8 = add.${ptr} %p, 3
  %u8 = load_u.32.8 %r8
  %r8s = add.${ptr} %p, 3
  %s8 = load_s.32.8 %r8s
  %r16 = add.${ptr} %p, 6
  %u16 = load_u.32.16 %r16
  %r16s = add.${ptr} %p, 6
  %s16 = load_s.32.16 %r16s
  %r32 = add.${ptr} %p, 12
  %l32 = load.32 %r32
  %r7 = add.${ptr} %p, 7
  %mid = load_u.32.8 %r7
  %a1 = mul.32 %u8, 3
  %a2 = xor.32 %a1, %s8
  %a3 = add.32 %a2, %u16
  %a4 = xor.32 %a3, %s16
  %a5 = sub.32 %a4, %l32
  %a6 = add.32 %a5, %mid
  %a7 = add.32 %a6, %x
  %a8 = xor.32 %a7, %t64
  return %a8
}

func @wide(%p: ${ptr}, %x: 32) -> (32) {
  %v = sext.64.32 %x
  %w = xor.64 %v, 0x0123456789abcdef
  %q0 = add.${ptr} %p, 32
  store.64 %q0, %w
  %q1 = add.${ptr} %p, 40
  store.64.32 %q1, %w
  %q2 = add.${ptr} %p, 44
  store.64.16 %q2, %w
  %q3 = add.${ptr} %p, 46
  store.64.8 %q3, %w
  %l0 = load.64 %q0
  %l1 = load_s.64.32 %q1
  %l2 = load_u.64.32 %q1
  %l3 = load_s.64.16 %q2
  %l4 = load_u.64.16 %q2
  %l5 = load_s.64.8 %q3
  %l6 = load_u.64.8 %q3
  %q7 = add.${ptr} %p, 37
  %l7 = load.64 %q7
  %s1 = add.64 %l0, %l1
  %s2 = mul.64 %s1, %l2
  %s3 = xor.64 %s2, %l3
  %s4 = sub.64 %s3, %l4
  %s5 = rotl.64 %s4, %l5
  %s6 = add.64 %s5, %l6
  %s7 = xor.64 %s6, %l7
  %lo = trunc.32.64 %s7
  %sh = shr_u.64 %s7, 32
  %hi = trunc.32.64 %sh
  %r = xor.32 %lo, %hi
  return %r
}
`;
}

const CASES = [
  [0n, 0n],
  [0n, 0x7fn],
  [0n, 0x80n],
  [0n, 0x12348765n],
  [0n, -1n],
  [0n, 0x8000n],
];

test.each(['mem', 'wide'])('x86_64 (native): @%s', (fn) => {
  const text = program(64);
  expect(runX86(text, fn, CASES, { memory: 4096 })).toEqual(interpret(text, fn, CASES));
});

test.each(['mem', 'wide'])('riscv32 (qemu): @%s, 64 bits in register pairs', async (fn) => {
  const text = program(32);
  const body = text.replace(/^module ptr32\n/, '');
  expect(await runRiscv(body, fn, CASES, { memory: 4096 })).toEqual(interpret(text, fn, CASES));
});
