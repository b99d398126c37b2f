/**
 * `lla` (func_addr): auipc + addi with the function's offset split into
 * %pcrel_hi and %pcrel_lo, both relative to the auipc's pc, checked byte for
 * byte (bytes from llvm-mc 14 assembling the auipc/addi pairs named in the
 * table), and the relocations it asks for while the function's place is
 * unknown. Then the same pair for label_addr (`lla (label)`: no relocation,
 * patched by the code buffer, run on the emulator for labels behind and
 * ahead), `mv (stack_pointer)` and the ecall system-call forms.
 */
import { CodeBuffer, encodeForm, formatForm, loadMachine } from '@lirc/asmquery';
import { riscv32 } from '@lirc/machine-riscv32';
import { Hart, SparseMemory } from './emulator.js';

const machine = loadMachine(riscv32);
const lla = machine.forms.find((f) => f.name === 'lla')!;
const at = (rd: string, offset?: number) => ({
  rd: { reg: rd },
  f: offset === undefined ? { func: 'g' } : { func: 'g', offset },
});

// off = hi * 4096 + lo, lo in [-2048, 2047]: hi rounds up when bit 11 of off is set.
test.each([
  // auipc a0, 1; addi a0, a0, 564 (0x234)
  ['a0', 0x1234, [0x17, 0x15, 0x00, 0x00, 0x13, 0x05, 0x45, 0x23]],
  // auipc a0, 2; addi a0, a0, -2048 (0x1800: low 12 bits 0x800, so hi rounds up)
  ['a0', 0x1800, [0x17, 0x25, 0x00, 0x00, 0x13, 0x05, 0x05, 0x80]],
  // auipc a0, 1048558 (-18); addi a0, a0, -837 (-0x12345 = -18 * 4096 - 0x345)
  ['a0', -0x12345, [0x17, 0xe5, 0xfe, 0xff, 0x13, 0x05, 0xb5, 0xcb]],
  // auipc t6, 0; addi t6, t6, -4 (the function ends where this code starts)
  ['t6', -4, [0x97, 0x0f, 0x00, 0x00, 0x93, 0x8f, 0xcf, 0xff]],
] as const)('%s, function at %i from the auipc', (rd, offset, bytes) => {
  const encoded = encodeForm(machine, lla, at(rd, offset));
  expect(encoded.bytes).toEqual(bytes);
  expect(encoded.relocations).toEqual([]);
});

test('an unknown function: zero immediates and a PCREL_HI20 / PCREL_LO12_I pair', () => {
  const encoded = encodeForm(machine, lla, at('a0'));
  expect(encoded.bytes).toEqual([0x17, 0x05, 0x00, 0x00, 0x13, 0x05, 0x05, 0x00]);
  expect(encoded.relocations).toEqual([
    { at: 0, kind: 'R_RISCV_PCREL_HI20', symbol: 'g', addend: 0 },
    // pairedBack: the auipc holding the high half is 4 bytes before the addi.
    { at: 4, kind: 'R_RISCV_PCREL_LO12_I', symbol: 'g', addend: 0, pairedBack: 4 },
  ]);
});

test('the reach is ±2 GiB around the auipc', () => {
  expect(encodeForm(machine, lla, at('a0', -(2 ** 31) - 0x800)).bytes.slice(0, 4)).toEqual([
    0x17, 0x05, 0x00, 0x80,
  ]);
  expect(() => encodeForm(machine, lla, at('a0', 2 ** 31 - 0x800))).toThrow(/beyond the reach/);
});

test('printed with relocation operators, or as llvm-mc disassembles the unrelocated fields', () => {
  expect(formatForm(machine, lla, at('a0'))).toBe(
    'auipc a0, %pcrel_hi(g)\naddi a0, a0, %pcrel_lo(g)',
  );
  expect(formatForm(machine, lla, at('a0'), { funcText: () => '0' })).toBe(
    'auipc a0, 0\naddi a0, a0, 0',
  );
});

describe('lla (label): label_addr', () => {
  const llaLabel = machine.forms.find((f) => f.name === 'lla (label)')!;
  const to = (rd: string, label: number | undefined) => ({ rd: { reg: rd }, target: { label } });

  // Offsets from the auipc; lo12 is the low 12 bits read signed, hi20 rounds up when bit 11 is set.
  test.each([
    // auipc a0, 1; addi a0, a0, 564 (ahead)
    [
      'a0',
      0x1234,
      'auipc a0, 1\naddi a0, a0, 564',
      [0x17, 0x15, 0x00, 0x00, 0x13, 0x05, 0x45, 0x23],
    ],
    // auipc a0, 1; addi a0, a0, -2048 (0x800: bit 11 set, hi rounds up)
    [
      'a0',
      0x800,
      'auipc a0, 1\naddi a0, a0, -2048',
      [0x17, 0x15, 0x00, 0x00, 0x13, 0x05, 0x05, 0x80],
    ],
    // auipc a0, 0; addi a0, a0, -2048 (the farthest back without a hi part)
    [
      'a0',
      -2048,
      'auipc a0, 0\naddi a0, a0, -2048',
      [0x17, 0x05, 0x00, 0x00, 0x13, 0x05, 0x05, 0x80],
    ],
    // auipc a0, 1048575 (-1); addi a0, a0, 2047 (one byte further back)
    [
      'a0',
      -2049,
      'auipc a0, 1048575\naddi a0, a0, 2047',
      [0x17, 0xf5, 0xff, 0xff, 0x13, 0x05, 0xf5, 0x7f],
    ],
    // auipc t6, 0; addi t6, t6, -4 (behind: the instruction before the pair)
    ['t6', -4, 'auipc t6, 0\naddi t6, t6, -4', [0x97, 0x0f, 0x00, 0x00, 0x93, 0x8f, 0xcf, 0xff]],
    // auipc a0, 524288; addi a0, a0, -1 (2^31 - 1: hi20 0x80000, reached as -2^31 mod 2^32)
    [
      'a0',
      2 ** 31 - 1,
      'auipc a0, 524288\naddi a0, a0, -1',
      [0x17, 0x05, 0x00, 0x80, 0x13, 0x05, 0xf5, 0xff],
    ],
  ] as const)('%s, label at %i from the auipc', (rd, offset, text, bytes) => {
    const encoded = encodeForm(machine, llaLabel, to(rd, offset));
    expect(encoded).toEqual({ bytes, relocations: [], complete: true });
    expect(formatForm(machine, llaLabel, to(rd, offset))).toBe(text);
  });

  test('an unknown label: zero immediates, incomplete, no relocation', () => {
    expect(encodeForm(machine, llaLabel, to('a0', undefined))).toEqual({
      bytes: [0x17, 0x05, 0x00, 0x00, 0x13, 0x05, 0x05, 0x00],
      relocations: [],
      complete: false,
    });
  });

  test('run from pc 0, rd holds the label (mod 2^32), behind and ahead', () => {
    const offsets = [
      0,
      4,
      -4,
      8,
      2047,
      2048,
      -2048,
      -2049,
      0x7ff,
      0x12345,
      -0x12345,
      2 ** 31 - 1,
      -(2 ** 31),
    ];
    for (let k = 0; k < 200; k++) offsets.push(Math.floor(Math.sin(k + 1) * 2 ** 31));
    for (const offset of offsets) {
      const hart = new Hart(new SparseMemory());
      hart.run(encodeForm(machine, llaLabel, to('a0', offset)).bytes);
      expect([offset, hart.x[10]]).toEqual([offset, BigInt.asUintN(32, BigInt(offset))]);
    }
  });

  test('the code buffer patches a label ahead and encodes one behind directly', () => {
    const mv = machine.forms.find((f) => f.name === 'mv')!;
    const filler = { rd: { reg: 'a0' }, rs1: { reg: 'a0' } };
    const buf = new CodeBuffer(machine);
    buf.bind(1); // behind: at 0
    buf.emit(mv, filler);
    buf.emit(mv, filler);
    const back = buf.emit(llaLabel, { rd: { reg: 'a1' }, target: { labelId: 1 } }); // at 8
    const ahead = buf.emit(llaLabel, { rd: { reg: 'a2' }, target: { labelId: 2 } }); // at 16
    buf.emit(mv, filler);
    buf.bind(2); // ahead: at 28, 12 bytes after its auipc
    const code = buf.finish();
    expect(code.relocations).toEqual([]);
    // llvm-mc: auipc a1, 0; addi a1, a1, -8 and auipc a2, 0; addi a2, a2, 12.
    expect([...code.bytes.subarray(back, back + 8)]).toEqual([
      0x97, 0x05, 0x00, 0x00, 0x93, 0x85, 0x85, 0xff,
    ]);
    expect([...code.bytes.subarray(ahead, ahead + 8)]).toEqual([
      0x17, 0x06, 0x00, 0x00, 0x13, 0x06, 0xc6, 0x00,
    ]);
  });
});

test('mv (stack_pointer) is addi rd, sp, 0 and reads sp', () => {
  const form = machine.forms.find((f) => f.name === 'mv (stack_pointer)')!;
  const { bytes } = encodeForm(machine, form, { rd: { reg: 't0' } });
  expect(bytes).toEqual([0x93, 0x02, 0x01, 0x00]); // llvm-mc: addi t0, sp, 0
  expect(formatForm(machine, form, { rd: { reg: 't0' } })).toBe('addi t0, sp, 0');
  const hart = new Hart(new SparseMemory());
  hart.x[2] = 0x7fff_fff0n;
  hart.run(bytes);
  expect(hart.x[5]).toBe(0x7fff_fff0n);
});

test('the syscall forms are ecall with the number in a7, arguments in a0–a5, the result in a0', () => {
  const forms = machine.forms.filter((f) => f.name.startsWith('ecall (syscall, '));
  expect(forms.map((f) => f.name)).toEqual([
    'ecall (syscall, 0 args)',
    'ecall (syscall, 1 arg)',
    'ecall (syscall, 2 args)',
    'ecall (syscall, 3 args)',
    'ecall (syscall, 4 args)',
    'ecall (syscall, 5 args)',
    'ecall (syscall, 6 args)',
  ]);
  const six = forms[6]!;
  const regs = Object.values(six.params).map((p) => (p as { reg: string }).reg);
  expect(regs).toEqual(['a7', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5']);
  expect(six.outputs.get('out')).toMatchObject({ kind: 'reg', reg: { name: 'a0' } });
  expect(six.clobbers).toEqual([]);
  const operands = Object.fromEntries(
    Object.entries(six.params).map(([n, p]) => [n, { reg: (p as { reg: string }).reg }]),
  );
  expect(encodeForm(machine, six, operands).bytes).toEqual([0x73, 0x00, 0x00, 0x00]);
});
