/**
 * `lirc compile`: -o writes the machine code (a different machine's for
 * each target), --stats prints the figures of each
 * phase, and bad modules, outputs and command lines fail with 1 and 2.
 */
import { readFileSync } from 'node:fs';
import { hostTarget } from '../src/targets.js';
import { lirc, tempDir, WAT_SAMPLE } from './helpers.js';

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
    const run = await lirc('compile', file, '--target', 'x86_64', '-o', out, '--stats');
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
    const run = await lirc('compile', file, '--target', 'riscv32', '-o', out);
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

  test('an invalid or unsupported module or an unwritable output exits 1', async () => {
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
    const unwritable = await lirc('compile', file, '-o', `${dir.path}/no/such/dir.bin`);
    expect(unwritable).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: cannot write ${dir.path}/no/such/dir.bin: no such file\n`,
    });
  });

  test('bad command lines are usage errors (exit 2)', async () => {
    for (const argv of [[], [file, '--target', 'mips'], [file, '-o'], [file, 'extra']]) {
      const run = await lirc('compile', ...argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: 2 });
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).toContain('Usage: lirc compile [options] <module>');
    }
  });
});
