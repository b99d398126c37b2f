#!/usr/bin/env node
/**
 * Developer entry point behind `npm start`, `npm test` and `./lirc`. Plain
 * Node, no dependencies, so it runs on a fresh clone with only Node and npm.
 *
 *   node scripts/dev.mjs setup [--quiet]  make sure pnpm, node_modules and the build are in place
 *   node scripts/dev.mjs start            set up, then run the main job (examples/primes.wat with lirc run on x86_64 and riscv32)
 *   node scripts/dev.mjs test             set up, then type-check tests, lint, run every package's jest suite
 *                                         and the spec testsuite files of docs/conformance.md on both targets
 *
 * Set-up steps are skipped when already done, so a warm run costs about the
 * time of `tsc -b` on an up-to-date tree (a fraction of a second).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const TOOLS = join(ROOT, '.tools');
const BIN_DIRS = [join(TOOLS, 'node_modules', '.bin'), join(ROOT, 'node_modules', '.bin')];
/**
 * The main job: examples/primes.wat compiled and run by `lirc run` on both
 * targets (riscv32 under qemu-riscv32), each run a `lirc` command line: the
 * sieve count on x86_64 and the trial-division count on riscv32 (each with
 * the compile figures), and on both the 64-bit sum of the primes.
 */
const MAIN_EXAMPLE = 'examples/primes.wat';
const MAIN_JOBS = [
  ['run', MAIN_EXAMPLE, '--target', 'x86_64', '--invoke', 'count_sieve', '10000', '--stats'],
  ['run', MAIN_EXAMPLE, '--target', 'x86_64', '--invoke', 'sum_primes', '10000'],
  ['run', MAIN_EXAMPLE, '--target', 'riscv32', '--invoke', 'count_trial', '10000', '--stats'],
  ['run', MAIN_EXAMPLE, '--target', 'riscv32', '--invoke', 'sum_primes', '10000'],
];
/** The system tool the main job needs: the riscv32 runs go through qemu-riscv32. */
const MAIN_TOOLS = [['qemu-riscv32', 'qemu-user']];

// Child processes find the pinned pnpm (lerna needs it on PATH) and the repo's tools.
const env = { ...process.env, PATH: [...BIN_DIRS, process.env.PATH ?? ''].join(delimiter) };

let quiet = false;

/** Prints a progress note (to stderr when quiet, so stdout stays the program's own). */
function note(text) {
  (quiet ? process.stderr : process.stdout).write(`${text}\n`);
}

function header(text) {
  note(`\n=== ${text} ===`);
}

/** Runs a command from the repo root; returns its exit status. Quiet runs show output only on failure. */
function run(command, args, { capture = quiet } = {}) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env,
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
  });
  if (result.error) {
    process.stderr.write(`dev: cannot run ${command}: ${result.error.message}\n`);
    return 127;
  }
  const status = result.status ?? 1;
  if (capture && status !== 0) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  return status;
}

/** Runs a set-up command and stops the script if it fails. */
function mustRun(what, command, args) {
  const status = run(command, args);
  if (status !== 0) {
    process.stderr.write(`dev: ${what} failed (exit ${status})\n`);
    process.exit(status);
  }
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function pinnedPnpmVersion() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(pkg.packageManager ?? '');
  if (!match) throw new Error('package.json has no "packageManager": "pnpm@x.y.z"');
  return match[1];
}

function installedPnpmVersion() {
  try {
    const pkg = join(TOOLS, 'node_modules', 'pnpm', 'package.json');
    return JSON.parse(readFileSync(pkg, 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** pnpm at the pinned version in .tools/, node_modules up to date with the lockfile, a fresh build. */
function setup() {
  const version = pinnedPnpmVersion();
  if (installedPnpmVersion() !== version) {
    note(`dev: installing pnpm ${version} into .tools/`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    mustRun('installing pnpm', npm, [
      'install',
      '--prefix',
      TOOLS,
      '--no-save',
      '--no-audit',
      '--no-fund',
      `pnpm@${version}`,
    ]);
  }

  const modules = join(ROOT, 'node_modules', '.modules.yaml');
  const installedAt = mtime(modules);
  if (installedAt === undefined || installedAt < (mtime(join(ROOT, 'pnpm-lock.yaml')) ?? 0)) {
    note('dev: pnpm install --frozen-lockfile');
    mustRun('pnpm install', join(BIN_DIRS[0], 'pnpm'), ['install', '--frozen-lockfile']);
  }

  mustRun('build (tsc -b)', process.execPath, [
    join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-b',
  ]);
}

function start() {
  ensureSystemTools(MAIN_TOOLS);
  header(`main job: ${MAIN_EXAMPLE} with lirc run on x86_64 and riscv32`);
  let status = 0;
  for (const job of MAIN_JOBS) {
    note(`$ lirc ${job.join(' ')}`);
    const code = run(process.execPath, [join(ROOT, 'packages', 'cli', 'dist', 'bin.js'), ...job]);
    if (code !== 0) status = code;
  }
  return status;
}

const RESULTS = join(ROOT, '.test-results');

/**
 * System tools the tests need, with the Debian package that provides each:
 * llvm-mc (the encoding oracle), qemu-riscv32 (runs riscv32 executables
 * for @lirc/runtime's emulated executor), wast2json (turns the Wasm spec
 * testsuite's .wast scripts into modules and commands for @lirc/wasm),
 * chromium (loads the `lirc explain` page headless, docs/explain.md), and
 * the linkers of the CLI's object tests: gcc (x86_64), clang and ld.lld
 * (riscv32), readelf (binutils).
 */
const SYSTEM_TOOLS = [
  ['llvm-mc', 'llvm'],
  ['qemu-riscv32', 'qemu-user'],
  ['wast2json', 'wabt'],
  ['chromium', 'chromium'],
  ['gcc', 'gcc libc6-dev'],
  ['clang', 'clang'],
  ['ld.lld', 'lld'],
  ['readelf', 'binutils'],
];

function hasTool(tool) {
  const r = spawnSync(tool, ['--version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/**
 * Installs missing system tools (all the tests need, or `tools`) with
 * apt-get when running as root (as CI does); otherwise says what to install
 * and stops.
 */
function ensureSystemTools(tools = SYSTEM_TOOLS) {
  const missing = tools.filter(([tool]) => !hasTool(tool));
  if (missing.length === 0) return;
  const packages = missing.flatMap(([, pkg]) => pkg.split(' '));
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !hasTool('apt-get')) {
    process.stderr.write(
      `dev: missing ${missing.map(([t]) => t).join(', ')}; install ${packages.join(' ')} (Debian: apt-get install ${packages.join(' ')})\n`,
    );
    process.exit(1);
  }
  note(`dev: installing ${packages.join(' ')} with apt-get`);
  mustRun('apt-get update', 'apt-get', ['update', '-qq']);
  mustRun('apt-get install', 'apt-get', [
    'install',
    '-y',
    '-qq',
    '--no-install-recommends',
    ...packages,
  ]);
}

/** Sums the counts the jest reporter left per package; undefined if no suite ran. */
function testTotals() {
  if (!existsSync(RESULTS)) return undefined;
  const totals = { passed: 0, failed: 0, skipped: 0, suites: 0 };
  for (const file of readdirSync(RESULTS)) {
    const counts = JSON.parse(readFileSync(join(RESULTS, file), 'utf8'));
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    totals.suites++;
  }
  return totals;
}

function test() {
  ensureSystemTools();
  rmSync(RESULTS, { recursive: true, force: true });
  const steps = [
    ['type-check tests (tsc -p tsconfig.tests.json)', 'tsc', ['-p', 'tsconfig.tests.json']],
    ['lint (biome check .)', 'biome', ['check', '.']],
    // Every export documented; the READMEs' API tables up to date.
    ['API docs (scripts/api-docs.mjs)', process.execPath, ['scripts/api-docs.mjs']],
    ['package tests (lerna run test)', 'lerna', ['run', 'test', '--stream', '--concurrency', '1']],
    // The whole table of docs/conformance.md, both targets (about a minute).
    ['spec testsuite (scripts/conformance.mjs)', process.execPath, ['scripts/conformance.mjs']],
  ];
  const failed = [];
  for (const [title, command, args] of steps) {
    header(title);
    const started = Date.now();
    const status = run(command, args);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    note(status === 0 ? `--- ok (${seconds} s)` : `--- FAILED with exit ${status} (${seconds} s)`);
    if (status !== 0) failed.push(title);
  }
  header('summary');
  const totals = testTotals();
  if (totals === undefined || totals.passed === 0) failed.push('no jest test ran');
  else {
    note(`jest: ${totals.suites} package suite(s)`);
    // The plain closing line CI reads: "N passed, N failed[, N skipped]".
    note(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  }
  if (failed.length === 0) {
    note(`all ${steps.length} steps passed`);
    return 0;
  }
  note(
    `${failed.length} of ${steps.length} steps failed:\n${failed.map((f) => `  - ${f}`).join('\n')}`,
  );
  return 1;
}

const [command, ...rest] = process.argv.slice(2);
quiet = rest.includes('--quiet');
const commands = { setup: () => 0, start, test };
if (!Object.hasOwn(commands, command ?? '')) {
  process.stderr.write('usage: node scripts/dev.mjs setup [--quiet] | start | test\n');
  process.exit(2);
}
const started = Date.now();
setup();
if (command !== 'setup')
  note(`dev: set-up done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(commands[command]());
