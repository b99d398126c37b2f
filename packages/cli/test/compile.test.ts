/**
 * `lirc compile`: --emit bin -o writes the machine code (a different
 * machine's for each target), the default --emit obj an ELF object of the
 * target's class and machine, a .lir input compiles like a Wasm one,
 * --stats prints the figures of each phase, and bad modules fail with 1,
 * bad outputs and command lines with 2 (link.test.ts links the objects).
 */
import { readFileSync } from 'node:fs';
import { hostTarget } from '../src/targets.js';
import { lirc, SAMPLE, tempDir, WAT_SAMPLE } from './helpers.js';

const dir = tempDir();
const file = dir.write('sample.wat', WAT_SAMPLE);
afterAll(() => dir.remove());

/** The value of figure `name` in a --stats report. */
function figure(stats: string, name: string): string {
  const line = stats.split('\n').find((l) => l.startsWith(`${name}:`));
  if (line === undefined) throw new Error(`no ${name} in:\n${stats}`);
  return line.slice(name.length + 1).trim();
}

describe('lirc compile', () => {
  test('-o writes the code; --stats prints its figures on stderr', async () => {
    const out = `${dir.path}/x86.bin`;
    const run = await lirc(
      'compile',
      file,
      '--target',
      'x86_64',
      '--emit',
      'bin',
      '-o',
      out,
      '--stats',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const bytes = readFileSync(out);
    expect(figure(run.stderr, 'target')).toBe('x86_64');
    expect(figure(run.stderr, 'functions')).toBe('7');
    expect(Number(figure(run.stderr, 'wasm code bytes'))).toBeGreaterThan(20);
    expect(Number(figure(run.stderr, 'low ir actions'))).toBeGreaterThan(20);
    expect(Number(figure(run.stderr, 'machine code bytes'))).toBe(bytes.length);
    expect(figure(run.stderr, 'binaryen load+validation')).toMatch(/^\d+\.\d ms$/);
    expect(figure(run.stderr, 'decode+translate+compile')).toMatch(/^\d+\.\d ms$/);
    expect(run.stderr).not.toContain('run:');
    // x86-64 functions end in ret (0xc3) and are padded to 16 bytes: the last byte is a ret.
    expect(bytes[bytes.length - 1]).toBe(0xc3);
  });

  test('riscv32 code differs and is made of 32-bit instructions', async () => {
    const out = `${dir.path}/rv.bin`;
    const run = await lirc('compile', file, '--target', 'riscv32', '--emit', 'bin', '-o', out);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    const bytes = readFileSync(out);
    expect(bytes.length % 4).toBe(0);
    // The last instruction is `ret` (jalr zero, 0(ra)).
    expect(bytes.readUInt32LE(bytes.length - 4)).toBe(0x0000_8067);
  });

  test('without -o nothing is written; -O optimizes first; the host is the default', async () => {
    const run = await lirc('compile', file, '-O', '--stats');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(figure(run.stderr, 'target')).toBe(hostTarget());
    expect(figure(run.stderr, 'binaryen load+validation+optimization')).toMatch(/ ms$/);
  });

  test('an invalid or unsupported module exits 1', async () => {
    const invalid = dir.write('invalid.wat', '(module (func (result i32) (i64.const 1)))');
    const bad = await lirc('compile', invalid);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*invalid\.wat: invalid module: [^\n]*\n$/);
    const bulk = dir.write(
      'bulk.wat',
      '(module (memory 1) (func (memory.fill (i32.const 0) (i32.const 1) (i32.const 2))))',
    );
    const unsupported = await lirc('compile', bulk, '--target', 'riscv32');
    expect(unsupported.code).toBe(1);
    expect(unsupported.stderr).toMatch(/^error: .*bulk\.wat: uses a proposal beyond the 2020 spec/);
  });

  test('the default output is an ELF object of the target: ELF64 x86-64, ELF32 RISC-V', async () => {
    for (const [target, elfClass, machine] of [
      ['x86_64', 2, 62],
      ['riscv32', 1, 243],
    ] as const) {
      const out = `${dir.path}/sample.${target}.o`;
      expect(await lirc('compile', file, '--target', target, '-o', out)).toEqual({
        code: 0,
        stdout: '',
        stderr: '',
      });
      const bytes = readFileSync(out);
      expect([...bytes.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
      expect(bytes[4]).toBe(elfClass);
      expect(bytes.readUInt16LE(16)).toBe(1); // ET_REL
      expect(bytes.readUInt16LE(18)).toBe(machine);
    }
  });

  test('a .lir module compiles; a bad one or one of the wrong pointer width exits 1', async () => {
    const lir = dir.write('sample.lir', SAMPLE);
    const out = `${dir.path}/lir.bin`;
    const run = await lirc('compile', lir, '--emit', 'bin', '-o', out, '--stats');
    expect(run.code).toBe(0);
    expect(figure(run.stderr, 'functions')).toBe('4');
    expect(Number(figure(run.stderr, 'machine code bytes'))).toBe(readFileSync(out).length);
    expect(figure(run.stderr, 'compile')).toMatch(/^\d+\.\d ms$/);
    expect(run.stderr).not.toContain('binaryen');
    const wrongWidth = await lirc('compile', lir, '--target', 'riscv32');
    expect(wrongWidth).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${lir}: the module has 64-bit pointers (module ptr64) but riscv32 has 32-bit ones: write "module ptr32" for it\n`,
    });
    const bad = dir.write('bad.lir', 'module ptr64\nfunc @f() {\n  %x = bogus.32 1\n  return\n}\n');
    const badRun = await lirc('compile', bad);
    expect(badRun.code).toBe(1);
    expect(badRun.stderr).toMatch(new RegExp(`^error: ${bad}:3:\\d+: .*bogus`));
  });

  test('an unwritable -o or an unknown --emit is a usage error (exit 2), before compiling', async () => {
    const unwritable = await lirc('compile', file, '-o', `${dir.path}/no/such/dir.bin`);
    expect(unwritable).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: cannot write -o ${dir.path}/no/such/dir.bin: no directory ${dir.path}/no/such\n`,
    });
    const directory = await lirc('compile', file, '-o', dir.path);
    expect(directory).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: cannot write -o ${dir.path}: is a directory\n`,
    });
    const emit = await lirc('compile', file, '--emit', 'exe');
    expect(emit.code).toBe(2);
    expect(emit.stderr).toMatch(
      /^error: option '--emit <kind>' argument 'exe' is invalid\. Allowed choices are obj, asm, bin\./,
    );
  });

  test('bad command lines are usage errors (exit 2)', async () => {
    for (const argv of [[], [file, '--target', 'mips'], [file, '-o'], [file, 'extra']]) {
      const run = await lirc('compile', ...argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: 2 });
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).toContain('Usage: lirc compile [options] <input>');
    }
  });
});
