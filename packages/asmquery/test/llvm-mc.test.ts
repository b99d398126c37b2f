/**
 * The llvm-mc batch runner maps answers back to input lines, also when some
 * lines fail: a bad line in the middle of a batch is found (by splitting the
 * batch) and reported, and the lines around it still get their answers.
 */
import { assembleLines, disassembleLines } from '../src/oracle/llvm-mc.js';

const RV = ['-mattr=+m,+f,+d', '-riscv-no-aliases'];

test('assembling: failing lines are reported in place', () => {
  const r = assembleLines('riscv32', RV, [
    'addi a0, a0, 1',
    'addi a0, a0, 99999',
    'add a0, a1, a2',
  ]);
  expect(r[0]).toEqual({ ok: true, text: 'addi\ta0, a0, 1', bytes: [0x13, 0x05, 0x15, 0x00] });
  expect(r[1]!.ok).toBe(false);
  expect(r[2]).toMatchObject({ ok: true, bytes: [0x33, 0x85, 0xc5, 0x00] });
});

test('assembling: bits a fixup fills read as 0, the others as encoded', () => {
  // llvm-mc shows `[0x17,0bAAAA0101,A,A]`: the low nibble of byte 1 is rd's.
  const r = assembleLines('riscv32', RV, ['auipc a0, %pcrel_hi(g)', 'jal ra, g']);
  expect(r[0]).toMatchObject({ ok: true, bytes: [0x17, 0x05, 0x00, 0x00] });
  expect(r[1]).toMatchObject({ ok: true, bytes: [0xef, 0x00, 0x00, 0x00] });
});

test('disassembling: an invalid encoding among valid ones is isolated', () => {
  const lines = [
    [0x13, 0x05, 0x15, 0x00],
    [0xff, 0xff, 0xff, 0xff],
    [0x33, 0x85, 0xc5, 0x00],
  ];
  const r = disassembleLines('riscv32', RV, lines, [1, 1, 1]);
  expect(r.map((x) => x.ok)).toEqual([true, false, true]);
  expect(r[0]).toEqual({ ok: true, text: 'addi\ta0, a0, 1' });
  expect(r[2]).toEqual({ ok: true, text: 'add\ta0, a1, a2' });
});
