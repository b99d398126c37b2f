/**
 * Loads and stores of every width (8, 16, 32 bits; 64 on x86_64), zero- and
 * sign-extending, at offsets from a pointer, on both machines against the
 * interpreter. The pointer is scratch memory of the runner (address 0 of the
 * module's memory for the interpreter): the results do not depend on where
 * it is. riscv32 has no 64-bit values yet (they wait for the legalization of
 * the WebAssembly issue), so its program stops at 32 bits.
 */
import { interpret, runRiscv, runX86 } from './helpers/targets.js';

function program(ptr: 32 | 64): string {
  const wide =
    ptr === 64
      ? `  %q64 = add.64 %p, 24
  %x64 = zext.64.32 %x
  %big = shl.64 %x64, 20
  store.64 %q64, %big
  %q64b = add.64 %p, 24
  %l64 = load.64 %q64b
  %h64 = shr_u.64 %l64, 24
  %t64 = trunc.32.64 %h64
`
      : '';
  const last = ptr === 64 ? '%t64' : '0';
  const uses = ptr === 64 ? 11 : 9;
  return `module ptr${ptr}
memory 4096
func @mem(%p*${uses}: ${ptr}, %x*${ptr === 64 ? 5 : 4}: 32) -> (32) {
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
  %a8 = xor.32 %a7, ${last}
  return %a8
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

test('x86_64 (native): every width, 64 included', () => {
  const text = program(64);
  expect(runX86(text, 'mem', CASES, { memory: 4096 })).toEqual(interpret(text, 'mem', CASES));
});

test('riscv32 (qemu): 8, 16 and 32 bits', async () => {
  const text = program(32);
  const body = text.replace(/^module ptr32\n/, '');
  expect(await runRiscv(body, 'mem', CASES, { memory: 4096 })).toEqual(
    interpret(text, 'mem', CASES),
  );
});
