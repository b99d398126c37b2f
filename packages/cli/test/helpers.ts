/**
 * Test helpers: run `lirc` in-process with captured output, and write small
 * `.lir` files into a fresh temporary directory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, runCli } from '../src/index.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with `argv` and returns its exit status and everything it printed. */
export async function lirc(...argv: string[]): Promise<CliRun> {
  return lircWith({}, ...argv);
}

/** As lirc, with more of the CliIo given (a terminal for the progress bar). */
export async function lircWith(
  extra: Pick<CliIo, 'progressStream'>,
  ...argv: string[]
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    ...extra,
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

/**
 * A small WebAssembly text module: signed results of both widths, an adder
 * of 64-bit numbers, the four traps `lirc run` tests (division by zero,
 * unreachable, out-of-bounds load, unbounded recursion) and a spectest
 * import.
 */
export const WAT_SAMPLE = `(module
  (import "spectest" "global_i32" (global $g i32))
  (memory 1)
  (func (export "negatives") (result i32 i64) (i32.const -7) (i64.const -1))
  (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "crash") (unreachable))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func $deep (export "deep") (param i32) (result i32)
    (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "host_global") (result i32) (global.get $g))
)
`;
