/**
 * Large frames: stack slots, saved registers, return areas and stack
 * arguments further from fp (or sp) than a load or store immediate reaches
 * (riscv32: ±2 KiB). Each program runs on both machines against the
 * interpreter; the values live across a call go to slots, so the slots the
 * frame needs grow with `n`.
 */
import { loadMachine } from '@lirc/asmquery';
import { CompileError } from '@lirc/core';
import { riscv32 } from '@lirc/machine-riscv32';
import { compile, interpret, RV, runRiscv, runX86, X86 } from './helpers/targets.js';

/** `n` values live across a call (each a different multiple of %a), then combined in order. */
function spill(n: number): string {
  let body = '';
  for (let i = 0; i < n; i++) body += `  %v${i} = mul.32 %a, ${2 * i + 3}\n`;
  body += '  %r: 32 = call @id(%b)\n';
  let acc = '%r';
  for (let i = 0; i < n; i++) {
    body += `  %s${i} = ${i % 2 ? 'xor' : 'add'}.32 ${acc}, %v${i}\n`;
    acc = `%s${i}`;
  }
  return `func @spill${n}(%a: 32, %b: 32) -> (32) {\n${body}  return ${acc}\n}\n`;
}

/**
 * `n` values live across two calls, the second returning five results (a
 * return area allocated after the slots, so far from fp as well).
 */
function area(n: number): string {
  let body = '';
  for (let i = 0; i < n; i++) body += `  %v${i} = mul.32 %a, ${2 * i + 5}\n`;
  body += '  %r: 32 = call @id(%b)\n';
  body += '  %q: 32, %w: 32, %e: 32, %t: 32, %y: 32 = call @five(%r, %a)\n';
  let acc = '%q';
  for (const [k, x] of ['%w', '%e', '%t', '%y'].entries()) {
    body += `  %m${k} = mul.32 ${x}, ${k + 3}\n  %u${k} = add.32 ${acc}, %m${k}\n`;
    acc = `%u${k}`;
  }
  for (let i = 0; i < n; i++) {
    body += `  %s${i} = ${i % 2 ? 'sub' : 'xor'}.32 ${acc}, %v${i}\n`;
    acc = `%s${i}`;
  }
  return `func @area${n}(%a: 32, %b: 32) -> (32) {\n${body}  return ${acc}\n}\n`;
}

/** A callee of `n` parameters weighing each by position, and a caller passing values and constants. */
function wide(n: number): string {
  const params = Array.from({ length: n }, (_, k) => `%p${k}: 32`).join(', ');
  let body = '  %acc0 = const.32 17\n';
  for (let k = 0; k < n; k++) {
    body += `  %m${k} = mul.32 %acc${k}, 31\n  %acc${k + 1} = add.32 %m${k}, %p${k}\n`;
  }
  const callee = `func @wide${n}(${params}) -> (32) {\n${body}  return %acc${n}\n}\n`;
  const args = Array.from({ length: n }, (_, k) =>
    k % 3 === 0 ? '%x' : k % 3 === 1 ? '%y' : `${k * 1000 + 7}`,
  );
  const x = args.filter((v) => v === '%x').length;
  const y = args.filter((v) => v === '%y').length;
  const caller = `func @callwide${n}(%x*${x}: 32, %y*${y}: 32) -> (32) {\n  %r: 32 = call @wide${n}(${args.join(', ')})\n  return %r\n}\n`;
  return callee + caller;
}

const COMMON = `
func @id(%x: 32) -> (32) {
  return %x
}

func @five(%a: 32, %b: 32) -> (32, 32, 32, 32, 32) {
  %s = add.32 %a, %b
  %d = sub.32 %a, %b
  %p = mul.32 %a, %b
  %x = xor.32 %a, 0x5a5a
  return %s, %d, %p, %x, 42
}
`;

const CASES = [
  [1n, 2n],
  [7n, -3n],
  [123456n, 654321n],
  [-1n, -1n],
];

describe.each([
  ['spill', 300, spill],
  ['spill', 600, spill],
  ['area', 400, area],
  ['callwide', 700, wide],
] as const)('%s%i', (name, n, program) => {
  const text = COMMON + program(n);
  const fn = `${name}${n}`;
  const expected = interpret(text, fn, CASES);
  test('x86_64 (native)', () => {
    expect(runX86(text, fn, CASES)).toEqual(expected);
  });
  test('riscv32 (qemu)', async () => {
    expect(await runRiscv(text, fn, CASES)).toEqual(expected);
  });
});

/**
 * A frame of more than 2 MiB with few actions: a callee whose stack
 * parameter and third result are declared `far` bytes into the argument
 * and return areas, so the caller stores an argument at sp + far, takes
 * the address of a return area `far` bytes long, and saves and restores
 * registers (and sp, fp and the return address) across twice that; the
 * callee reads its argument at fp + far and stores its result `far` bytes
 * into the area.
 */
function huge(far: number): string {
  return `
func @id(%x: 32) -> (32) {
  return %x
}

func @far(%x: 32, %y: 32 in [${far}]) -> (32, 32, 32 in [${far}]) {
  %s = add.32 %x, %y
  %d = sub.32 %x, %y
  %m = mul.32 %x, %y
  return %s, %d, %m
}

func @huge(%a: 32, %b: 32) -> (32) {
${Array.from({ length: 20 }, (_, i) => `  %v${i} = mul.32 %a, ${i + 3}\n`).join('')}\
  %p: 32, %q: 32, %r: 32 = call @far(%a, %b)
  %k: 32 = call @id(%r)
  %t0 = add.32 %p, %q
  %u0 = xor.32 %t0, %k
${Array.from({ length: 20 }, (_, i) => `  %u${i + 1} = add.32 %u${i}, %v${i}\n`).join('')}\
  return %u20
}
`;
}

describe('frames of more than 2 MiB', () => {
  const MiB = 1 << 20;
  test.each([X86, RV])('$def.name: the frame', (machine) => {
    const text = `module ptr${machine.def.pointerWidth}\n${huge(MiB)}`;
    const f = compile(machine, text).find((c) => c.name === 'huge')!;
    expect(f.frameSize).toBeGreaterThan(2 * MiB);
  });
  test('riscv32 (qemu)', async () => {
    const text = huge(MiB);
    expect(await runRiscv(text, 'huge', CASES)).toEqual(interpret(text, 'huge', CASES));
  });
  // In process, the code runs on koffi's call stack (1 to 2 MiB): a frame of 512 KiB.
  test('x86_64 (native, 512 KiB)', () => {
    const text = huge(MiB / 4);
    expect(runX86(text, 'huge', CASES)).toEqual(interpret(text, 'huge', CASES));
  });
});

test('without a scratch register, a far slot is a CompileError that says what is missing', () => {
  const bare = loadMachine({ ...riscv32, special: { ...riscv32.special, scratch: undefined } });
  const text = `module ptr32\n${COMMON}${spill(300)}`;
  expect(() => compile(bare, text)).toThrow(CompileError);
  expect(() => compile(bare, text)).toThrow(
    /^@spill300: no riscv32 store form reaches s0 - 2056 \(a slot beyond every form's offset\); .*special\.scratch/,
  );
});
