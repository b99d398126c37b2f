/**
 * Test helpers: run `lirc` in-process with captured output, and write small
 * `.lir` files into a fresh temporary directory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/index.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with `argv` and returns its exit status and everything it printed. */
export async function lirc(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

/** A temporary directory; `write` puts a file in it and returns its path. */
export function tempDir(): {
  write(name: string, text: string): string;
  path: string;
  remove(): void;
} {
  const path = mkdtempSync(join(tmpdir(), 'lirc-cli-'));
  return {
    path,
    write(name, text) {
      const file = join(path, name);
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** A small valid module: recursive fib, a 64-bit loop, a divider that can trap, a predicate. */
export const SAMPLE = `module ptr64
memory 1024

func @fib(%n*4: 32) -> (32) {
  %small = lt_u.32 %n, 2
  br_if %small, ^base(%n)
  %a = sub.32 %n, 1
  %fa: 32 = call @fib(%a)
  %b = sub.32 %n, 2
  %fb: 32 = call @fib(%b)
  %r = add.32 %fa, %fb
  return %r
^base(%x: 32):
  return %x
}

func @sum(%n: 32) -> (64) {
  jump ^loop(%n, 0)
^loop(%i*3: 32, %acc*2: 64):
  %done = eqz.32 %i
  br_if %done, ^exit(%acc)
  %w = zext.64.32 %i
  %acc2 = add.64 %acc, %w
  %i2 = sub.32 %i, 1
  jump ^loop(%i2, %acc2)
^exit(%r: 64):
  return %r
}

func @div(%a: 32, %b: 32) -> (32) {
  %q = div_s.32 %a, %b
  return %q
}

func @negative(%a: 32) -> (1, 32) {
  %neg = lt_s.32 %a, 0
  return %neg, -5
}
`;
