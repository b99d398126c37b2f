#!/usr/bin/env node
/**
 * Runs the WebAssembly spec testsuite files LIRC claims (the integer MVP,
 * control, memory, tables, linking, floats) on both machine definitions through
 * @lirc/wasm's spec runner, prints the per-file table and, with --write,
 * regenerates docs/conformance.md. Run after a build (`npm run conformance`
 * sets up and builds first):
 *
 *   node scripts/conformance.mjs [--files i32,br_table] [--target x86_64|riscv32] [--write]
 *
 * The testsuite is ../shared/wasm-testsuite next to the checkout, or the
 * directory in LIRC_WASM_TESTSUITE. x86_64 runs natively on an x86_64 host,
 * riscv32 under qemu-riscv32. Exits 1 when a command failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadMachine } from '../packages/asmquery/dist/index.js';
import { renderMarkdown, renderText, runSpecFile, targetFor } from '../packages/wasm/dist/index.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * The files of the 2020 snapshot without float instructions: every file is
 * run (the script stops when the testsuite has a .wast file in neither list).
 */
const FILES = [
  'i32',
  'i64',
  'int_exprs',
  'int_literals',
  'address',
  'align',
  'block',
  'br',
  'br_if',
  'br_table',
  'call',
  'call_indirect',
  'fac',
  'forward',
  'func',
  'func_ptrs',
  'global',
  'if',
  'labels',
  'left-to-right',
  'load',
  'local_get',
  'local_set',
  'local_tee',
  'loop',
  'memory',
  'memory_grow',
  'memory_redundancy',
  'memory_size',
  'memory_trap',
  'nop',
  'return',
  'select',
  'stack',
  'store',
  'switch',
  'traps',
  'unreachable',
  'unwind',
  'endianness',
  'start',
  'exports',
  'imports',
  'linking',
  'data',
  'elem',
  'skip-stack-guard-page',
  // The binary and text formats: decoding, names, literals, comments.
  'binary',
  'binary-leb128',
  'comments',
  'const',
  'custom',
  'inline-module',
  'names',
  'table',
  'token',
  'type',
  'unreached-invalid',
  'utf8-custom-section-id',
  'utf8-import-field',
  'utf8-import-module',
  'utf8-invalid-encoding',
];

/**
 * The float files (issue 6), run on every target: riscv32 (32-bit
 * pointers, 64-bit integers in pairs) translates f64 and the conversions
 * between i64 and floats too (LIRC's pair stage keeps an f64 whole between
 * float actions and converts 64-bit integers itself).
 */
const FLOAT_FILES = [
  'f32',
  'f64',
  'f32_cmp',
  'f64_cmp',
  'f32_bitwise',
  'f64_bitwise',
  'float_exprs',
  'float_literals',
  'float_memory',
  'float_misc',
  'conversions',
];

const TARGETS = ['x86_64', 'riscv32'];

const COMMAND = 'npm run conformance -- --write';

const { values: args } = parseArgs({
  options: {
    files: { type: 'string' },
    target: { type: 'string' },
    write: { type: 'boolean', default: false },
    worker: { type: 'boolean', default: false },
  },
});

const chosen = args.files ? args.files.split(',').map((f) => f.replace(/\.wast$/, '')) : undefined;
/** The files to run on target `name`. */
const filesFor = () => chosen ?? [...FILES, ...FLOAT_FILES];
const targets = args.target ? [args.target] : TARGETS;
for (const t of targets)
  if (!TARGETS.includes(t)) {
    process.stderr.write(`conformance: unknown target ${t} (x86_64 or riscv32)\n`);
    process.exit(2);
  }
if (args.write && (args.files || args.target)) {
  process.stderr.write(
    'conformance: --write regenerates the whole document: no --files or --target\n',
  );
  process.exit(2);
}

const suite = resolve(
  process.env.LIRC_WASM_TESTSUITE ?? join(ROOT, '..', 'shared', 'wasm-testsuite'),
);
if (!existsSync(join(suite, 'i32.wast'))) {
  process.stderr.write(
    `conformance: spec testsuite not found at ${suite} (set LIRC_WASM_TESTSUITE)\n`,
  );
  process.exit(2);
}

const unlisted = readdirSync(suite)
  .filter((f) => f.endsWith('.wast'))
  .map((f) => f.slice(0, -'.wast'.length))
  .filter((f) => !FILES.includes(f) && !FLOAT_FILES.includes(f));
if (unlisted.length > 0) {
  process.stderr.write(
    `conformance: ${suite} has files this script does not list: ${unlisted.join(', ')}\n`,
  );
  process.exit(2);
}

/** Runs `files` on target `name` in this process, writing each result as a JSON line. */
async function work(name, files) {
  const def = (await import(`../machine-defs/${name}/dist/index.js`))[name];
  const target = targetFor(loadMachine(def));
  for (const file of files) {
    const started = performance.now();
    const r = await runSpecFile(join(suite, `${file}.wast`), target);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `${name} ${r.file}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${seconds} s)\n`,
    );
    process.stdout.write(`${JSON.stringify({ ...r, skipReasons: [...r.skipReasons] })}\n`);
  }
}

/**
 * Runs `files` on target `name` in worker processes: native code that
 * crashes takes its process down, so a worker that dies fails the file it
 * was running and a new worker goes on with the next.
 */
function runTarget(name, files) {
  const results = [];
  let rest = files;
  while (rest.length > 0) {
    const worker = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--worker', '--target', name, '--files', rest.join(',')],
      { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    const lines = worker.stdout.split('\n').filter((l) => l.startsWith('{'));
    for (const line of lines) {
      const r = JSON.parse(line);
      results.push({ ...r, skipReasons: new Map(r.skipReasons) });
    }
    rest = rest.slice(lines.length);
    if (rest.length === 0) break;
    if (worker.status === 0 && worker.signal === null)
      throw new Error(`the worker for ${name} stopped early without an error`);
    const how = worker.signal ? `signal ${worker.signal}` : `exit status ${worker.status}`;
    process.stderr.write(`${name} ${rest[0]}.wast: the runner process died (${how})\n`);
    results.push({
      file: `${rest[0]}.wast`,
      target: name,
      passed: 0,
      failed: 1,
      skipped: 0,
      skipReasons: new Map(),
      failures: [{ line: 0, message: `the runner process died (${how}) while running the file` }],
    });
    rest = rest.slice(1);
  }
  return results;
}

if (args.worker) {
  await work(targets[0], filesFor(targets[0]));
  process.exit(0);
}

const results = targets.flatMap((name) => runTarget(name, filesFor(name)));
process.stdout.write(`${renderText(results)}\n`);
if (args.write) {
  const path = join(ROOT, 'docs', 'conformance.md');
  const description = [
    'The WebAssembly core testsuite, 2020-06 snapshot (commit d2163da of WebAssembly/testsuite):',
    `all ${FILES.length + FLOAT_FILES.length} of its files (integers, floats, control, memory, tables, linking, the binary and text formats) on each machine definition`,
    '(x86_64 natively, riscv32 under qemu-riscv32), one store per file. A command is a module',
    'definition, an action or an assertion. Text modules are read by binaryen, with the float literal range',
    'check binaryen lacks (a literal that rounds to infinity is malformed). Every float file runs on both targets (on riscv32, 32-bit pointers,',
    'f64 and the conversions between i64 and floats go through the pair stage of LIRC). A module that does not load (validate, decode, translate) fails, and so',
    'do the commands that use it. When LIRC cannot compile the modules of a file, every check that',
    'needed the run fails, and the error is listed once. wast2json (wabt 1.0.32) converts with the',
    "snapshot's feature set (`--disable-reference-types --disable-bulk-memory --disable-simd`): with",
    'its default features it rejects elem.wast ("redefinition of elem").',
  ].join(' ');
  writeFileSync(path, renderMarkdown(results, { command: COMMAND, description }));
  process.stderr.write(`conformance: wrote ${path}\n`);
}
process.exit(results.some((r) => r.failed > 0) ? 1 : 0);
