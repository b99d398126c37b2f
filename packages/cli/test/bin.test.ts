/**
 * The built executable (dist/bin.js; `npm test` builds before the suites):
 * a reader that stops early closes the pipe, and lirc stops quietly with
 * status 0, as Unix tools do, instead of dying of an unhandled EPIPE.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const PRIMES = fileURLToPath(new URL('../../../examples/primes.wat', import.meta.url));

test('lirc … | head: a closed pipe ends lirc quietly', () => {
  expect(existsSync(BIN) ? BIN : `${BIN} is missing: build first (npx tsc -b)`).toBe(BIN);
  // About 160 KB of text, more than a pipe holds, into a reader of one line.
  const script = `"${process.execPath}" "${BIN}" explain "${PRIMES}" --target x86_64 --format text | head -n 1; echo "status \${PIPESTATUS[0]}" >&2`;
  const run = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  expect(run.stdout).toMatch(/^== @wasm_f0 for x86_64: /);
  expect(run.stderr).toBe('status 0\n');
}, 60_000);
