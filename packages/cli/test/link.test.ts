/**
 * `lirc compile --emit obj` against real linkers: the objects of a Low IR
 * library (link/lib.lir.in) and of a WebAssembly module (link/lib.wat) are
 * linked with C drivers (link/driver-*.c) that call their functions and
 * check the results: on x86_64 with gcc, run here; on riscv32 with clang
 * --target=riscv32-unknown-elf (freestanding, rv32imfd, ilp32d) and ld.lld,
 * run under qemu-riscv32. readelf and llvm-objdump must read the objects
 * without a warning and show the symbols and relocations the contract
 * promises (docs/objects.md). A missing tool fails the test with what to
 * install.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lirc, tempDir } from './helpers.js';

const LINK = join(import.meta.dirname, 'link');
const dir = tempDir();
afterAll(() => dir.remove());

/** Debian packages of the tools, for the message when one is missing. */
const PACKAGES: Record<string, string> = {
  gcc: 'gcc',
  clang: 'clang',
  'ld.lld': 'lld',
  'qemu-riscv32': 'qemu-user',
  readelf: 'binutils',
  'llvm-objdump': 'llvm',
};

/** Runs `tool` and returns its outcome; a missing tool throws, saying what to install. */
function run(
  tool: string,
  args: string[],
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tool, args, { encoding: 'utf8', cwd: dir.path, timeout: 60_000 });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    throw new Error(
      `${tool} is not installed: the link tests need it (Debian: apt-get install ${PACKAGES[tool] ?? tool}; .ci/run installs it)`,
    );
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `tool` and expects it to succeed quietly (no warnings). */
function quiet(tool: string, args: string[]): string {
  const r = run(tool, args);
  expect({ tool, status: r.status, stderr: r.stderr }).toEqual({ tool, status: 0, stderr: '' });
  return r.stdout;
}

/** Compiles `input` for `target` into an object in the temporary directory. */
async function compileObject(input: string, target: string): Promise<string> {
  const out = join(dir.path, `${input.split('/').pop()}.${target}.o`);
  const r = await lirc('compile', input, '--target', target, '-o', out);
  expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  return out;
}

/** The Low IR library for a pointer width, written to the temporary directory. */
function lirLibrary(width: 32 | 64): string {
  const text = readFileSync(join(LINK, 'lib.lir.in'), 'utf8').replaceAll('PTR', String(width));
  return dir.write(`lib${width}.lir`, text);
}

/** Links `object` with `driver` for `target`, runs it and returns its exit status. */
function linkAndRun(target: string, driver: string, object: string): number | null {
  const exe = join(dir.path, `${driver}.${target}`);
  const c = join(LINK, driver);
  if (target === 'x86_64') {
    quiet('gcc', ['-O1', '-Wall', '-Werror', `-I${LINK}`, '-o', exe, c, object]);
    return run(exe, []).status;
  }
  const o = `${exe}.o`;
  quiet('clang', [
    '--target=riscv32-unknown-elf',
    '-march=rv32imfd',
    '-mabi=ilp32d',
    '-nostdlib',
    '-ffreestanding',
    '-O1',
    '-Wall',
    '-Werror',
    `-I${LINK}`,
    '-c',
    c,
    '-o',
    o,
  ]);
  quiet('ld.lld', [o, object, '-o', exe]);
  return run('qemu-riscv32', [exe]).status;
}

describe.each(['x86_64', 'riscv32'])('objects for %s', (target) => {
  const width = target === 'x86_64' ? 64 : 32;

  test('a .lir library links with a C driver, which calls it and is called back', async () => {
    const object = await compileObject(lirLibrary(width), target);
    expect(linkAndRun(target, 'driver-lir.c', object)).toBe(0);
  });

  test('a WebAssembly module links with a C driver that builds its context', async () => {
    const object = await compileObject(join(LINK, 'lib.wat'), target);
    expect(linkAndRun(target, 'driver-wasm.c', object)).toBe(0);
  });

  test('a WebAssembly object: its exports, wasm_init and wasm_data are its only globals', async () => {
    const object = await compileObject(join(LINK, 'lib.wat'), target);
    const elf = quiet('readelf', ['-a', '-W', object]);
    const globals = elf
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f[4] === 'GLOBAL')
      .map((f) => `${f[3]} ${f[7]}`)
      .sort();
    expect(globals).toEqual(
      ['add', 'bump', 'div', 'fact', 'load', 'store', 'wasm_init']
        .map((n) => `FUNC ${n}`)
        .concat(['OBJECT wasm_data']),
    );
    quiet('llvm-objdump', [
      '-d',
      '-r',
      ...(target === 'riscv32' ? ['--mattr=+m,+f,+d'] : []),
      object,
    ]);
  });

  test('readelf and llvm-objdump show its symbols and relocations without a warning', async () => {
    const object = await compileObject(lirLibrary(width), target);
    const elf = quiet('readelf', ['-a', '-W', object]);
    expect(elf).toContain(`Class:                             ELF${width}`);
    expect(elf).toContain('Type:                              REL (Relocatable file)');
    for (const fn of ['sum_words', 'square', 'scaled', 'fib', 'mul_add64', 'put_word'])
      expect(elf).toMatch(new RegExp(`FUNC +GLOBAL +DEFAULT +1 ${fn}\\n`));
    expect(elf).toMatch(/ 64 OBJECT +GLOBAL +DEFAULT +2 lirc_memory\n/);
    expect(elf).toMatch(/NOTYPE +GLOBAL +DEFAULT +UND c_scale\n/);
    const dump = quiet('llvm-objdump', [
      '-d',
      '-r',
      ...(target === 'riscv32' ? ['--mattr=+m,+f,+d'] : []),
      object,
    ]);
    const relocations = dump
      .split('\n')
      .filter((l) => /^\s+[0-9a-f]+:\s+R_/.test(l))
      .map((l) => l.trim().split(/\s+/).slice(1).join(' '));
    // One call and two address computations of c_scale; in-module calls need none.
    expect(relocations).toEqual(
      target === 'x86_64'
        ? ['R_X86_64_PLT32 c_scale-0x4', 'R_X86_64_PC32 c_scale-0x4', 'R_X86_64_PC32 c_scale-0x4']
        : [
            'R_RISCV_JAL c_scale',
            'R_RISCV_PCREL_HI20 c_scale',
            'R_RISCV_PCREL_LO12_I .Lpcrel_hi0',
            'R_RISCV_PCREL_HI20 c_scale',
            'R_RISCV_PCREL_LO12_I .Lpcrel_hi1',
          ],
    );
  });
});
