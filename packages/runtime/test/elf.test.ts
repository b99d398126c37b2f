/**
 * The static ELF32 writer: header and program header fields read back, the
 * layout rules (page-congruent data, no overlap), and readelf's view of the
 * result when binutils is installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStaticElf32, DEFAULT_ELF32_BASE, elf32Layout, toolAvailable } from '../src/index.js';

const EM_RISCV = 243;
const EF_RISCV_FLOAT_ABI_DOUBLE = 0x4;
const code = new Uint8Array(40).map((_, k) => k + 1);

function programHeaders(image: Uint8Array) {
  const h = new DataView(image.buffer, image.byteOffset);
  const count = h.getUint16(44, true);
  return Array.from({ length: count }, (_, k) => {
    const at = h.getUint32(28, true) + k * h.getUint16(42, true);
    const word = (n: number) => h.getUint32(at + 4 * n, true);
    return {
      type: word(0),
      offset: word(1),
      vaddr: word(2),
      filesz: word(4),
      memsz: word(5),
      flags: word(6),
      align: word(7),
    };
  });
}

test('header fields and one R|X segment for code only', () => {
  const elf = buildStaticElf32({
    machine: EM_RISCV,
    flags: EF_RISCV_FLOAT_ABI_DOUBLE,
    code,
    entry: 8,
  });
  const h = new DataView(elf.image.buffer);
  expect([...elf.image.subarray(0, 7)]).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  expect(h.getUint16(16, true)).toBe(2); // ET_EXEC
  expect(h.getUint16(18, true)).toBe(EM_RISCV);
  expect(h.getUint32(36, true)).toBe(EF_RISCV_FLOAT_ABI_DOUBLE);
  expect(h.getUint32(24, true)).toBe(elf.entryAddress);
  expect(elf.codeAddress).toBe(DEFAULT_ELF32_BASE + elf.codeOffset);
  expect(elf.entryAddress).toBe(elf.codeAddress + 8);
  expect(elf.dataAddress).toBeUndefined();
  expect([...elf.image.subarray(elf.codeOffset)]).toEqual([...code]);
  expect(programHeaders(elf.image)).toEqual([
    {
      type: 1,
      offset: 0,
      vaddr: DEFAULT_ELF32_BASE,
      filesz: elf.image.length,
      memsz: elf.image.length,
      flags: 5,
      align: 4096,
    },
  ]);
});

test('a data segment: R|W, zero-filled tail, file offset congruent with its address', () => {
  const data = new TextEncoder().encode('hello');
  const elf = buildStaticElf32({
    machine: EM_RISCV,
    code,
    data,
    dataSize: 64,
    dataAddress: 0x20010,
  });
  const [, seg] = programHeaders(elf.image);
  expect(seg).toEqual({
    type: 1,
    offset: elf.dataOffset,
    vaddr: 0x20010,
    filesz: 5,
    memsz: 64,
    flags: 6,
    align: 4096,
  });
  expect(elf.dataOffset! % 4096).toBe(0x10);
  expect(new TextDecoder().decode(elf.image.subarray(elf.dataOffset!))).toBe('hello');
  // By default the data starts on the first page after the code.
  const auto = buildStaticElf32({ machine: EM_RISCV, code, dataSize: 16 });
  expect(auto.dataAddress).toBe(DEFAULT_ELF32_BASE + 4096);
  expect(elf32Layout({ machine: EM_RISCV, code, dataSize: 16 })).toEqual({
    codeAddress: auto.codeAddress,
    entryAddress: auto.entryAddress,
    dataAddress: auto.dataAddress,
    codeOffset: auto.codeOffset,
    dataOffset: auto.dataOffset,
  });
});

test('inconsistent requests are errors', () => {
  expect(() => buildStaticElf32({ machine: EM_RISCV, code: new Uint8Array(0) })).toThrow('no code');
  expect(() => buildStaticElf32({ machine: EM_RISCV, code, entry: 40 })).toThrow(
    'outside the code',
  );
  expect(() =>
    buildStaticElf32({ machine: EM_RISCV, code, dataSize: 4, dataAddress: 0x10100 }),
  ).toThrow('overlaps the code');
  expect(() => buildStaticElf32({ machine: EM_RISCV, code, base: 0x10001 })).toThrow(
    'page-aligned',
  );
  expect(() =>
    buildStaticElf32({ machine: EM_RISCV, code, data: new Uint8Array(8), dataSize: 4 }),
  ).toThrow('dataSize 4 < data length 8');
  expect(() =>
    buildStaticElf32({ machine: EM_RISCV, code, dataSize: 16, dataAddress: 0xffff_fff8 }),
  ).toThrow('32-bit address space');
});

// readelf is an independent reader of the format; it comes with binutils,
// which this repository does not require. Without it, only this check is
// skipped (its name says why): the fields are still read back above.
const hasReadelf = toolAvailable('readelf');
const READELF_TEST = 'readelf -h -l accepts the executable';

(hasReadelf ? test : test.skip)(
  hasReadelf ? READELF_TEST : `${READELF_TEST} (skipped: readelf missing, Debian package binutils)`,
  () => {
    const elf = buildStaticElf32({
      machine: EM_RISCV,
      flags: EF_RISCV_FLOAT_ABI_DOUBLE,
      code,
      entry: 4,
      data: new Uint8Array([1, 2, 3]),
      dataSize: 100,
    });
    const dir = mkdtempSync(join(tmpdir(), 'lirc-elf-'));
    try {
      const file = join(dir, 'a.out');
      writeFileSync(file, elf.image);
      const run = spawnSync('readelf', ['-h', '-l', '-W', file], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const out = run.stdout;
      expect(out).toMatch(/Class:\s+ELF32/);
      expect(out).toMatch(/Data:\s+2's complement, little endian/);
      expect(out).toMatch(/Type:\s+EXEC/);
      expect(out).toMatch(/Machine:\s+RISC-V/);
      expect(out).toMatch(/Flags:\s+0x4, double-float ABI/);
      expect(out).toContain(
        `Entry point address:               0x${elf.entryAddress.toString(16)}`,
      );
      const loads = out.split('\n').filter((l) => l.trim().startsWith('LOAD'));
      expect(loads).toHaveLength(2);
      expect(loads[0]).toMatch(/R E 0x1000$/);
      expect(loads[1]).toMatch(/RW {2}0x1000$/);
      expect(loads[1]).toContain(`0x${elf.dataAddress!.toString(16).padStart(8, '0')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
