/**
 * `lla` (func_addr): auipc + addi with the function's offset split into
 * %pcrel_hi and %pcrel_lo, both relative to the auipc's pc, checked byte for
 * byte (bytes from llvm-mc 14 assembling the auipc/addi pairs named in the
 * table), and the relocations it asks for while the function's place is
 * unknown.
 */
import { encodeForm, formatForm, loadMachine } from '@lirc/asmquery';
import { riscv32 } from '@lirc/machine-riscv32';

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
    { at: 4, kind: 'R_RISCV_PCREL_LO12_I', symbol: 'g', addend: 0 },
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
