/**
 * `lirc compile --emit asm` round-trips through the platform's assemblers:
 * for real inputs (the Low IR examples, the link tests' library, Wasm
 * modules with loops, branches, calls, br_table and call_indirect through a
 * table of the module's functions), the text that llvm-mc (both
 * targets) and GNU as (x86_64) assemble has exactly the bytes of `--emit
 * bin` in .text, the same global symbols at the same places as `--emit
 * obj`, and the same relocations. A missing tool fails the test with what
 * to install.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lirc, SAMPLE, tempDir } from './helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const PACKAGES: Record<string, string> = {
  'llvm-mc': 'llvm',
  'llvm-objcopy': 'llvm',
  as: 'binutils',
  readelf: 'binutils',
};

/** Runs `tool`; it must succeed without printing on stderr. A missing tool says what to install. */
function tool(name: string, args: string[]): string {
  const r = spawnSync(name, args, { encoding: 'utf8', cwd: dir.path, timeout: 60_000 });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    throw new Error(
      `${name} is not installed: the assembly tests need it (Debian: apt-get install ${PACKAGES[name]}; .ci/run installs it)`,
    );
  expect({ name, args, status: r.status, stderr: r.stderr }).toEqual({
    name,
    args,
    status: 0,
    stderr: '',
  });
  return r.stdout;
}

/** The `.text` bytes of an object. */
function textOf(object: string): Buffer {
  const out = `${object}.text`;
  tool('llvm-objcopy', ['-O', 'binary', '--only-section=.text', object, out]);
  return readFileSync(out);
}

/** Global symbols (`name value size type`) and relocations (`offset type symbol`) of an object. */
function linkView(object: string): { symbols: string[]; relocations: string[] } {
  const symbols = tool('readelf', ['-sW', object])
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[4] === 'GLOBAL' && f[6] !== 'UND')
    .map((f) => `${f[7]} ${f[1]} ${f[2]} ${f[3]}`)
    .sort();
  const relocations = tool('readelf', ['-rW', object])
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => /^[0-9a-f]{8,}$/.test(f[0] ?? '') && f[2]?.startsWith('R_'))
    // A pcrel_lo names its anchor label, whose name is the writer's choice.
    .map((f) => `${f[0]} ${f[2]} ${f[2]!.includes('LO12') ? '(anchor)' : f[4]}`);
  return { symbols, relocations };
}

/** Compiles `input` for `target` with --emit `kind` into the temporary directory. */
async function emit(input: string, target: string, kind: string): Promise<string> {
  const out = join(dir.path, `${input.split('/').pop()}.${target}.${kind}`);
  const run = await lirc('compile', input, '--target', target, '--emit', kind, '-o', out);
  expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  return out;
}

const lib = readFileSync(repo('packages/cli/test/link/lib.lir.in'), 'utf8');
/** br_table, a table, call_indirect and the addresses of the module's own functions. */
const DISPATCH = `(module
  (func $pick (export "pick") (param i32) (result i32)
    (block $d (block $c (block $b (block $a
      (br_table $a $b $c $d (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 20)))
      (return (i32.const 30)))
    (i32.const 40))
  (table 2 funcref)
  (elem (i32.const 0) $pick $twice)
  (type $t (func (param i32) (result i32)))
  (func $twice (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0))))
`;
const dispatch = dir.write('dispatch.wat', DISPATCH);
const INPUTS: Record<string, string[]> = {
  x86_64: [
    repo('examples/fib.lir'),
    repo('examples/primes.lir'),
    dir.write('lib64.lir', lib.replaceAll('PTR', '64')),
    repo('examples/primes.wat'),
    repo('packages/cli/test/link/lib.wat'),
    dispatch,
  ],
  // The examples are ptr64: riscv32 takes the 32-bit library and SAMPLE instead.
  riscv32: [
    dir.write('lib32.lir', lib.replaceAll('PTR', '32')),
    dir.write('sample32.lir', SAMPLE.replace('module ptr64', 'module ptr32')),
    repo('examples/primes.wat'),
    repo('packages/cli/test/link/lib.wat'),
    dispatch,
  ],
};

/** The assemblers of each target: llvm-mc (with the oracle's features), and GNU as on x86_64. */
const ASSEMBLERS: Record<string, [string, (src: string, obj: string) => string[]][]> = {
  x86_64: [
    ['llvm-mc', (src, obj) => ['-triple=x86_64', '-filetype=obj', '-o', obj, src]],
    ['as', (src, obj) => ['-o', obj, src]],
  ],
  riscv32: [
    [
      'llvm-mc',
      (src, obj) => ['-triple=riscv32', '-mattr=+m,+f,+d', '-filetype=obj', '-o', obj, src],
    ],
  ],
};

describe.each(Object.keys(INPUTS))('--emit asm for %s', (target) => {
  test.each(INPUTS[target]!.map((f) => [f.split('/').pop()!, f]))(
    '%s: assembled, the same .text, symbols and relocations',
    async (_name, input) => {
      const [bin, asm, obj] = [
        await emit(input, target, 'bin'),
        await emit(input, target, 'asm'),
        await emit(input, target, 'obj'),
      ];
      const ours = linkView(obj);
      expect(ours.symbols.length).toBeGreaterThan(0);
      for (const [assembler, args] of ASSEMBLERS[target]!) {
        const assembled = `${asm}.${assembler}.o`;
        tool(assembler, args(asm, assembled));
        expect({ assembler, same: textOf(assembled).equals(readFileSync(bin)) }).toEqual({
          assembler,
          same: true,
        });
        expect(linkView(assembled)).toEqual(ours);
      }
    },
  );
});

test('without -o the assembly goes to stdout, with the target header first', async () => {
  const run = await lirc(
    'compile',
    repo('examples/fib.lir'),
    '--target',
    'x86_64',
    '--emit',
    'asm',
  );
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(
    /^# .*fib\.lir compiled for x86_64 by lirc\n\.intel_syntax noprefix\n/,
  );
  expect(run.stdout).toContain('\nfib:\n');
});
