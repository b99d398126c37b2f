/**
 * The emulated executor on riscv32 programs assembled with the machine
 * definition: a _start that computes a value and exits with it (a7 = 93),
 * one that writes a data area to stdout (a7 = 64), one that stores into
 * zeroed data and writes it, a guest fault and a hang. The target numbers
 * live here, in the test, not in the package.
 *
 * qemu-riscv32 must be installed (Debian package qemu-user; npm test installs
 * it when run as root): without it these tests fail with that message.
 */
import { riscv32 } from '@lirc/machine-riscv32';
import {
  buildStaticElf32,
  qemuMissingMessage,
  runQemu,
  ToolMissingError,
  toolAvailable,
} from '../src/index.js';
import { assembler, i, type Line, r } from './assemble.js';

/** What the runtime needs to know about the guest, from the caller. */
const TARGET = {
  qemu: 'qemu-riscv32',
  machine: 243, // EM_RISCV
  flags: 0x4, // EF_RISCV_FLOAT_ABI_DOUBLE (ilp32d)
  exit: 93,
  write: 64,
};
const DATA = 0x20000;

const asm = assembler(riscv32);

/** exit(a0) */
const EXIT: Line[] = [['li', { rd: r('a7'), imm: i(TARGET.exit) }], ['ecall']];

function program(lines: readonly Line[], data?: { bytes?: Uint8Array; size?: number }) {
  return buildStaticElf32({
    machine: TARGET.machine,
    flags: TARGET.flags,
    code: asm(lines),
    ...(data ? { data: data.bytes, dataSize: data.size, dataAddress: DATA } : {}),
  }).image;
}

const run = (elf: Uint8Array, timeoutMs?: number) =>
  runQemu({ qemu: TARGET.qemu, elf, ...(timeoutMs ? { timeoutMs } : {}) });

beforeAll(() => {
  // Not a skip: a missing emulator must be visible, with what to install.
  if (!toolAvailable(TARGET.qemu)) throw new Error(qemuMissingMessage(TARGET.qemu));
});

test('_start computes 5 + 37 and exits with it', async () => {
  const elf = program([
    ['li', { rd: r('a0'), imm: i(5) }],
    ['li', { rd: r('a1'), imm: i(37) }],
    ['add', { rd: r('a0'), rs1: r('a0'), rs2: r('a1') }],
    ...EXIT,
  ]);
  const result = await run(elf);
  expect(result).toMatchObject({ status: 42, timedOut: false, stderr: '' });
  expect(result.signal).toBeUndefined();
  expect(result.stdout).toEqual(new Uint8Array(0));
});

test('write(1, data, n) puts the data area on stdout', async () => {
  const text = new TextEncoder().encode('hello from the guest\n');
  const elf = program(
    [
      ['li', { rd: r('a0'), imm: i(1) }],
      ['lui', { rd: r('a1'), imm: i(DATA) }],
      ['li', { rd: r('a2'), imm: i(text.length) }],
      ['li', { rd: r('a7'), imm: i(TARGET.write) }],
      ['ecall'],
      ['li', { rd: r('a0'), imm: i(0) }],
      ...EXIT,
    ],
    { bytes: text },
  );
  const result = await run(elf);
  expect(result.status).toBe(0);
  expect(new TextDecoder().decode(result.stdout)).toBe('hello from the guest\n');
});

test('stores into zeroed data are written back', async () => {
  const elf = program(
    [
      ['lui', { rd: r('a1'), imm: i(DATA) }],
      ['li', { rd: r('t0'), imm: i(-2) }],
      ['sw', { rs1: r('a1'), rs2: r('t0'), imm: i(4) }],
      ['li', { rd: r('a0'), imm: i(1) }],
      ['li', { rd: r('a2'), imm: i(12) }],
      ['li', { rd: r('a7'), imm: i(TARGET.write) }],
      ['ecall'],
      ['li', { rd: r('a0'), imm: i(7) }],
      ...EXIT,
    ],
    { size: 4096 },
  );
  const result = await run(elf);
  expect(result.status).toBe(7);
  expect([...result.stdout]).toEqual([0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
});

test('a guest fault is a signal: an all-zero word is an illegal instruction', async () => {
  const elf = buildStaticElf32({ machine: TARGET.machine, code: new Uint8Array(4) }).image;
  const result = await run(elf);
  expect(result.status).toBeNull();
  expect(result.signal).toBe('SIGILL');
});

test('a store to the read-only code segment is SIGSEGV', async () => {
  const elf = program([
    ['auipc', { rd: r('a1'), imm: i(0) }],
    ['sw', { rs1: r('a1'), rs2: r('zero'), imm: i(0) }],
    ...EXIT,
  ]);
  expect((await run(elf)).signal).toBe('SIGSEGV');
});

test('a jump to itself times out', async () => {
  const elf = program([['j', { target: { label: 0 } }]]);
  const result = await run(elf, 300);
  expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL', status: null });
});

test('a missing emulator is a ToolMissingError saying what to install', async () => {
  const elf = program(EXIT);
  await expect(runQemu({ qemu: 'qemu-no-such-machine', elf })).rejects.toThrow(ToolMissingError);
  await expect(runQemu({ qemu: 'qemu-no-such-machine', elf })).rejects.toThrow('qemu-user');
});

test('cost of one run', async () => {
  const elf = program([['li', { rd: r('a0'), imm: i(0) }], ...EXIT]);
  const n = 20;
  const started = performance.now();
  for (let k = 0; k < n; k++) expect((await run(elf)).status).toBe(0);
  const each = (performance.now() - started) / n;
  console.log(`qemu: ${each.toFixed(1)} ms per run (write file, spawn, exit)`);
  expect(each).toBeLessThan(2000);
});
