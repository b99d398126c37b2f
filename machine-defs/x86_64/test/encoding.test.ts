/**
 * Tricky x86-64 encodings, checked byte for byte without llvm-mc, so that
 * this table documents the encoder even where llvm-mc is missing (the bytes
 * were taken from llvm-mc 14 and the SDM): rsp/r12 as base need a SIB byte,
 * rbp/r13 as base need a disp8 of 0, r12 is a valid index, disp8 stops at
 * -128/127, spl/bpl/sil/dil need a REX prefix, and immediates take the
 * sign-extended imm8 opcode (83, 6B) when they fit and the accumulator
 * opcode (05) for rax when they do not.
 */
import { CodeBuffer, encodeForm, formatForm, loadMachine, type Operands } from '@lirc/asmquery';
import { x86_64 } from '@lirc/machine-x86_64';

const machine = loadMachine(x86_64);

/** form name, operands, llvm-mc's text, bytes. */
const TABLE: [string, Operands, string, string][] = [
  // rsp / r12 as base: ModRM.rm = 100 means "SIB follows"; SIB base = 100, index = 100 (none).
  [
    'mov r32, m32 [base]',
    { dst: { reg: 'rax' }, base: { reg: 'rsp' } },
    'mov eax, dword ptr [rsp]',
    '8b 04 24',
  ],
  [
    'mov r32, m32 [base]',
    { dst: { reg: 'rax' }, base: { reg: 'r12' } },
    'mov eax, dword ptr [r12]',
    '41 8b 04 24',
  ],
  // rbp / r13 as base: mod 00 with rm 101 is rip-relative, so [rbp] is [rbp + 0] with a disp8.
  [
    'mov r32, m32 [base]',
    { dst: { reg: 'rax' }, base: { reg: 'rbp' } },
    'mov eax, dword ptr [rbp]',
    '8b 45 00',
  ],
  [
    'mov r32, m32 [base]',
    { dst: { reg: 'rax' }, base: { reg: 'r13' } },
    'mov eax, dword ptr [r13]',
    '41 8b 45 00',
  ],
  [
    'mov r32, m32 [base + index]',
    { dst: { reg: 'rax' }, base: { reg: 'r13' }, index: { reg: 'rcx' } },
    'mov eax, dword ptr [r13 + rcx]',
    '41 8b 44 0d 00',
  ],
  // r12 as index is fine (REX.X = 1, SIB index 100).
  [
    'mov r32, m32 [base + index*scale]',
    { dst: { reg: 'rax' }, base: { reg: 'rax' }, index: { reg: 'r12' }, shift: { imm: 2 } },
    'mov eax, dword ptr [rax + 4*r12]',
    '42 8b 04 a0',
  ],
  [
    'mov r64, m64 [base + index*scale + disp]',
    {
      dst: { reg: 'r15' },
      base: { reg: 'r12' },
      index: { reg: 'r12' },
      shift: { imm: 3 },
      disp: { imm: -16 },
    },
    'mov r15, qword ptr [r12 + 8*r12 - 16]',
    '4f 8b 7c e4 f0',
  ],
  // disp8 holds -128…127; beyond, disp32.
  ...(
    [
      [127, '8b 40 7f'],
      [128, '8b 80 80 00 00 00'],
      [-128, '8b 40 80'],
      [-129, '8b 80 7f ff ff ff'],
      [0, '8b 00'],
    ] as [number, string][]
  ).map(([disp, bytes]): [string, Operands, string, string] => [
    'mov r32, m32 [base + disp]',
    { dst: { reg: 'rax' }, base: { reg: 'rax' }, disp: { imm: disp } },
    `mov eax, dword ptr [rax${disp === 0 ? '' : disp < 0 ? ` - ${-disp}` : ` + ${disp}`}]`,
    bytes,
  ]),
  [
    'mov r32, m32 [base + disp]',
    { dst: { reg: 'rax' }, base: { reg: 'rsp' }, disp: { imm: 8 } },
    'mov eax, dword ptr [rsp + 8]',
    '8b 44 24 08',
  ],
  // 8-bit registers 4–7 are spl/bpl/sil/dil only with a REX prefix (else ah/ch/dh/bh).
  ['mov r8, r8', { dst: { reg: 'rsp' }, src: { reg: 'rax' } }, 'mov spl, al', '40 88 c4'],
  ['mov r8, r8', { dst: { reg: 'rsi' }, src: { reg: 'rax' } }, 'mov sil, al', '40 88 c6'],
  ['mov r8, r8', { dst: { reg: 'rbx' }, src: { reg: 'rax' } }, 'mov bl, al', '88 c3'],
  ['movzx r32, r8', { dst: { reg: 'rax' }, src: { reg: 'rdi' } }, 'movzx eax, dil', '40 0f b6 c7'],
  ['sete r8', { dst: { reg: 'rbp' }, c: { reg: 'cc.e' } }, 'sete bpl', '40 0f 94 c5'],
  ['mov r8, imm8', { dst: { reg: 'rsi' }, imm: { imm: 5 } }, 'mov sil, 5', '40 b6 05'],
  // Immediates: 83 /digit ib when the value fits a sign-extended imm8, 05 for eax, else 81.
  ['add r32, imm32', { dst: { reg: 'rcx' }, imm: { imm: 127 } }, 'add ecx, 127', '83 c1 7f'],
  [
    'add r32, imm32',
    { dst: { reg: 'rcx' }, imm: { imm: 128 } },
    'add ecx, 128',
    '81 c1 80 00 00 00',
  ],
  ['add r32, imm32', { dst: { reg: 'rax' }, imm: { imm: 5 } }, 'add eax, 5', '83 c0 05'],
  [
    'add r32, imm32',
    { dst: { reg: 'rax' }, imm: { imm: 1000 } },
    'add eax, 1000',
    '05 e8 03 00 00',
  ],
  [
    'add r64, imm32',
    { dst: { reg: 'rax' }, imm: { imm: -129 } },
    'add rax, -129',
    '48 05 7f ff ff ff',
  ],
  ['add r16, imm16', { dst: { reg: 'rax' }, imm: { imm: 5 } }, 'add ax, 5', '66 83 c0 05'],
  ['add r8, imm8', { dst: { reg: 'rax' }, imm: { imm: 5 } }, 'add al, 5', '04 05'],
  ['cmp r64, imm8', { a: { reg: 'r9' }, imm: { imm: -1 } }, 'cmp r9, -1', '49 83 f9 ff'],
  [
    'test r32, imm32',
    { a: { reg: 'rax' }, imm: { imm: 1000 } },
    'test eax, 1000',
    'a9 e8 03 00 00',
  ],
  [
    'imul r32, r32, imm32',
    { dst: { reg: 'rax' }, src: { reg: 'rcx' }, imm: { imm: 5 } },
    'imul eax, ecx, 5',
    '6b c1 05',
  ],
  [
    'imul r32, r32, imm32',
    { dst: { reg: 'rax' }, src: { reg: 'rcx' }, imm: { imm: 1000 } },
    'imul eax, ecx, 1000',
    '69 c1 e8 03 00 00',
  ],
  // Prefix order: 66, then the mandatory F3, then REX, then 0F.
  [
    'popcnt r16, r16',
    { dst: { reg: 'rax' }, src: { reg: 'r8' } },
    'popcnt ax, r8w',
    '66 f3 41 0f b8 c0',
  ],
  [
    'cvtsi2sd xmm, r64',
    { dst: { reg: 'xmm8' }, src: { reg: 'rax' } },
    'cvtsi2sd xmm8, rax',
    'f2 4c 0f 2a c0',
  ],
  // Condition codes go into the opcode; movabs carries a full imm64.
  [
    'cmovl r64, r64',
    { dst: { reg: 'rax' }, src: { reg: 'r10' }, c: { reg: 'cc.l' } },
    'cmovl rax, r10',
    '49 0f 4c c2',
  ],
  [
    'movabs r64, imm64',
    { dst: { reg: 'r11' }, imm: { imm: -2n } },
    'movabs r11, -2',
    '49 bb fe ff ff ff ff ff ff ff',
  ],
  // Sequences.
  [
    'xor edx, edx + div r32',
    { lo: { reg: 'rax' }, src: { reg: 'rcx' } },
    'xor edx, edx\ndiv ecx',
    '31 d2 f7 f1',
  ],
  ['cqo + idiv r64', { lo: { reg: 'rax' }, src: { reg: 'r8' } }, 'cqo\nidiv r8', '48 99 49 f7 f8'],
  // Host glue: stack_pointer is 89 /r with rsp in ModRM.reg (REX.B for r12); label_addr is a
  // lea whose disp32 runs from the end of the 7-byte instruction (a label 21 bytes on is
  // [rip + 14]); syscall is 0F 05 whatever its arguments.
  ['mov r64, rsp', { dst: { reg: 'rax' } }, 'mov rax, rsp', '48 89 e0'],
  ['mov r64, rsp', { dst: { reg: 'r12' } }, 'mov r12, rsp', '49 89 e4'],
  [
    'lea r64, [rip + label]',
    { dst: { reg: 'rax' }, target: { label: 21 } },
    'lea rax, [rip + 14]',
    '48 8d 05 0e 00 00 00',
  ],
  [
    'lea r64, [rip + label]',
    { dst: { reg: 'r15' }, target: { label: -100 } },
    'lea r15, [rip - 107]',
    '4c 8d 3d 95 ff ff ff',
  ],
  [
    'lea r64, [rip + label]',
    { dst: { reg: 'rcx' }, target: { label: 7 } },
    'lea rcx, [rip]',
    '48 8d 0d 00 00 00 00',
  ],
  [
    'syscall (6 args)',
    {
      nr: { reg: 'rax' },
      a1: { reg: 'rdi' },
      a2: { reg: 'rsi' },
      a3: { reg: 'rdx' },
      a4: { reg: 'r10' },
      a5: { reg: 'r8' },
      a6: { reg: 'r9' },
    },
    'syscall',
    '0f 05',
  ],
];

test.each(TABLE)('%s: %s', (name, operands, text, bytes) => {
  const form = machine.forms.find((f) => f.name === name);
  expect(form).toBeDefined();
  const hex = encodeForm(machine, form!, operands)
    .bytes.map((b) => b.toString(16).padStart(2, '0'))
    .join(' ');
  expect(hex).toBe(bytes);
  expect(formatForm(machine, form!, operands)).toBe(text);
});

test('branches: rel8/rel32 relative to the end of the instruction', () => {
  const jl8 = machine.forms.find((f) => f.name === 'jl rel8')!;
  const jl32 = machine.forms.find((f) => f.name === 'jl rel32')!;
  const jmp8 = machine.forms.find((f) => f.name === 'jmp rel8')!;
  // The target is given from the start of the instruction: 16 from the start is 14 from the end.
  const at = (target: number) => ({ c: { reg: 'cc.l' }, target: { label: target } });
  expect(encodeForm(machine, jl8, at(16)).bytes).toEqual([0x7c, 0x0e]);
  expect(formatForm(machine, jl8, at(16))).toBe('jl 14');
  expect(encodeForm(machine, jl32, at(0)).bytes).toEqual([0x0f, 0x8c, 0xfa, 0xff, 0xff, 0xff]);
  expect(encodeForm(machine, jmp8, { target: { label: 0 } }).bytes).toEqual([0xeb, 0xfe]);
  expect(encodeForm(machine, jl8, at(-126)).bytes).toEqual([0x7c, 0x80]);
  // An unknown label encodes as 0 and reports the encoding incomplete.
  const unknown = encodeForm(machine, jl32, { c: { reg: 'cc.l' }, target: { label: undefined } });
  expect(unknown).toMatchObject({ bytes: [0x0f, 0x8c, 0, 0, 0, 0], complete: false });
});

test('call rel32 asks for an R_X86_64_PLT32 relocation on its displacement', () => {
  const call = machine.forms.find((f) => f.name === 'call rel32')!;
  const encoded = encodeForm(machine, call, { callee: { func: 'memcpy' } });
  expect(encoded.bytes).toEqual([0xe8, 0, 0, 0, 0]);
  expect(encoded.relocations).toEqual([
    { at: 1, kind: 'R_X86_64_PLT32', symbol: 'memcpy', addend: -4 },
  ]);
});

test('rsp cannot be an index (the class leaves it out)', () => {
  const form = machine.forms.find((f) => f.name === 'mov r32, m32 [base + index]')!;
  expect(() =>
    encodeForm(machine, form, { dst: { reg: 'rax' }, base: { reg: 'rax' }, index: { reg: 'rsp' } }),
  ).toThrow(/register 'rsp' is not allowed/);
});

describe('lea r64, [rip + func] (func_addr)', () => {
  const lea = machine.forms.find((f) => f.name === 'lea r64, [rip + func]')!;
  const at = (dst: string, offset?: number) => ({
    dst: { reg: dst },
    f: offset === undefined ? { func: 'g' } : { func: 'g', offset },
  });

  // The offset is from the start of the instruction, the disp32 from its end (7 bytes on).
  // llvm-mc: `lea rax, [rip + 4653]` = 48 8d 05 2d 12 00 00, `lea r15, [rip - 263]` = 4c 8d 3d f9 fe ff ff.
  test.each([
    ['rax', 0x1234, [0x48, 0x8d, 0x05, 0x2d, 0x12, 0x00, 0x00]],
    ['r15', -0x100, [0x4c, 0x8d, 0x3d, 0xf9, 0xfe, 0xff, 0xff]],
    ['rcx', 7, [0x48, 0x8d, 0x0d, 0x00, 0x00, 0x00, 0x00]],
  ] as const)('%s, function at %i from the start', (dst, offset, bytes) => {
    const encoded = encodeForm(machine, lea, at(dst, offset));
    expect(encoded.bytes).toEqual(bytes);
    expect(encoded.relocations).toEqual([]);
  });

  test('an unknown function: disp32 0 and an R_X86_64_PC32 relocation at it, addend -4', () => {
    const encoded = encodeForm(machine, lea, at('rax'));
    expect(encoded.bytes).toEqual([0x48, 0x8d, 0x05, 0, 0, 0, 0]);
    expect(encoded.relocations).toEqual([
      { at: 3, kind: 'R_X86_64_PC32', symbol: 'g', addend: -4 },
    ]);
  });

  test('printed with the name, or as llvm-mc disassembles the unrelocated field', () => {
    expect(formatForm(machine, lea, at('rax'))).toBe('lea rax, [rip + g]');
    expect(formatForm(machine, lea, at('rax'), { funcText: () => '0' })).toBe('lea rax, [rip]');
  });
});

describe('lea r64, [rip + label] (label_addr)', () => {
  const lea = machine.forms.find((f) => f.name === 'lea r64, [rip + label]')!;
  const nop = machine.forms.find((f) => f.name === 'mov r64, r64')!;
  const filler = { dst: { reg: 'rax' }, src: { reg: 'rax' } }; // 48 89 c0, 3 bytes

  test('an unknown label: disp32 0, incomplete, and no relocation', () => {
    const encoded = encodeForm(machine, lea, { dst: { reg: 'rax' }, target: { label: undefined } });
    expect(encoded).toEqual({
      bytes: [0x48, 0x8d, 0x05, 0, 0, 0, 0],
      relocations: [],
      complete: false,
    });
  });

  test('the code buffer patches a label ahead and encodes one behind directly', () => {
    const buf = new CodeBuffer(machine);
    buf.bind(1); // behind: at 0
    buf.emit(nop, filler);
    const back = buf.emit(lea, { dst: { reg: 'rcx' }, target: { labelId: 1 } }); // at 3
    const ahead = buf.emit(lea, { dst: { reg: 'rdx' }, target: { labelId: 2 } }); // at 10
    buf.emit(nop, filler);
    buf.bind(2); // ahead: at 20
    const code = buf.finish();
    expect(code.relocations).toEqual([]);
    // llvm-mc: lea rcx, [rip - 10] = 48 8d 0d f6 ff ff ff; lea rdx, [rip + 3] = 48 8d 15 03 00 00 00.
    expect([...code.bytes.subarray(back, back + 7)]).toEqual([
      0x48, 0x8d, 0x0d, 0xf6, 0xff, 0xff, 0xff,
    ]);
    expect([...code.bytes.subarray(ahead, ahead + 7)]).toEqual([0x48, 0x8d, 0x15, 0x03, 0, 0, 0]);
  });
});
