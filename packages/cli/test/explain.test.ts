/**
 * `lirc explain`: the text form for a `.lir` file and a WebAssembly module
 * on both targets, `--function`, an unknown function, and the HTML page:
 * self-contained and escaped here; loaded in headless Chromium (no console
 * error, no exception, no network request, a screenshot that is not blank).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { escapeHtml } from '../src/explain/html.js';
import { colourStats, decodePng, loadPage } from './chromium.js';
import { lirc, tempDir } from './helpers.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '../../../examples');
const PRIMES_WAT = join(EXAMPLES, 'primes.wat');

/** More values live at once than x86_64 or riscv32 have registers: spills and reloads. */
function pressure(pointerWidth: number): string {
  const n = 34;
  const lines = [`module ptr${pointerWidth}`, `func @pressure(%x*${n + 1}: 32) -> (32) {`];
  for (let k = 0; k < n; k++) lines.push(`  %v${k} = mul.32 %x, ${2 * k + 3}`);
  lines.push('  %s0 = add.32 %v0, %x');
  for (let k = 1; k < n; k++) lines.push(`  %s${k} = add.32 %s${k - 1}, %v${k}`);
  lines.push(
    `  return %s${n - 1}`,
    '}',
    'func @small(%a: 32) -> (32) {',
    '  %b = add.32 %a, 5000',
    '  return %b',
    '}',
    '',
  );
  return lines.join('\n');
}

const dir = tempDir();
afterAll(() => dir.remove());

describe.each([
  ['x86_64', 64],
  ['riscv32', 32],
] as const)('%s', (target, pointerWidth) => {
  const file = dir.write(`pressure${pointerWidth}.lir`, pressure(pointerWidth));

  test('--format text of a .lir file: actions, instructions, candidates, spills, listing', async () => {
    const r = await lirc('explain', file, '--target', target, '--format', 'text');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`== @pressure for ${target}:`);
    expect(r.stdout).toContain('#0  %v0 = mul.32 %x, 3');
    expect(r.stdout).toMatch(/^ {2}[0-9a-f]{4} {2}[0-9a-f ]+ SPILL /m);
    expect(r.stdout).toMatch(/^ {2}[0-9a-f]{4} {2}[0-9a-f ]+ RELOAD /m);
    expect(r.stdout).toMatch(/no register free, spilled to the stack/);
    expect(r.stdout).toMatch(/live after: %x=\$\w+/);
    expect(r.stdout).toMatch(/won : .*: chosen/);
    expect(r.stdout).toContain('Listing:\nfunc @pressure');
    expect(r.stdout).toContain('== @small');
  });

  test('--function selects one; an unknown name is a usage error listing names', async () => {
    const one = await lirc(
      'explain',
      file,
      '--target',
      target,
      '--format',
      'text',
      '--function',
      'small',
    );
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('== @small');
    expect(one.stdout).not.toContain('== @pressure');
    const bad = await lirc('explain', file, '--target', target, '--function', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`error: ${file} has no function nope; it has pressure, small\n`);
  });

  test('--format text of a WebAssembly module', async () => {
    const r = await lirc('explain', PRIMES_WAT, '--target', target, '--format', 'text');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/== @wasm_f0 for /);
    expect(r.stdout).toMatch(/no match: /);
  });

  test('the HTML page loads in headless Chromium without errors and is not blank', async () => {
    const page = join(dir.path, `pressure-${target}.html`);
    const r = await lirc('explain', file, '--target', target, '-o', page);
    expect(r.code).toBe(0);
    const html = readFileSync(page, 'utf8');
    // Self-contained: nothing to fetch.
    expect(html).not.toMatch(/\b(src|href)="(?!#)/);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).toMatch(/<tr class="spill">/);
    expect(html).toMatch(/<a href="#f0-a\d+">/);
    const report = await loadPage(pathToFileURL(page).href);
    expect(report.errors).toEqual([]);
    const stats = colourStats(decodePng(report.png));
    expect(stats.colours).toBeGreaterThan(20);
    expect(stats.nonWhite).toBeGreaterThan(0.05);
  }, 60_000);
});

test('the page of a WebAssembly module loads in Chromium too', async () => {
  const page = join(dir.path, 'primes.html');
  const r = await lirc(
    'explain',
    PRIMES_WAT,
    '--target',
    'riscv32',
    '--function',
    'wasm_f0',
    '-o',
    page,
  );
  expect(r.code).toBe(0);
  const report = await loadPage(pathToFileURL(page).href);
  expect(report.errors).toEqual([]);
  expect(colourStats(decodePng(report.png)).colours).toBeGreaterThan(20);
}, 60_000);

test('the Chromium check fails on a page with errors, and on a blank one', async () => {
  const bad = dir.write(
    'bad.html',
    '<!DOCTYPE html><p>x</p><script>console.error("boom"); undefined.f();</script><img src="http://192.0.2.1/a.png">',
  );
  const report = await loadPage(pathToFileURL(bad).href);
  expect(report.errors.join('\n')).toMatch(/console\.error: boom/);
  expect(report.errors.join('\n')).toMatch(/exception: TypeError/);
  expect(report.errors.join('\n')).toMatch(/network request: http:\/\/192\.0\.2\.1/);
  const blank = dir.write('blank.html', '<!DOCTYPE html><html><body></body></html>');
  const stats = colourStats(decodePng((await loadPage(pathToFileURL(blank).href)).png));
  expect(stats.colours).toBeLessThanOrEqual(2);
  expect(stats.nonWhite).toBe(0);
}, 60_000);

test('escapeHtml escapes what HTML gives a meaning', () => {
  expect(escapeHtml(`<b a="1">'&'</b>`)).toBe(
    '&#60;b a=&#34;1&#34;&#62;&#39;&#38;&#39;&#60;/b&#62;',
  );
});

test("a .lir file whose pointers are not the target's is a clear error", async () => {
  const file = dir.write('ptr64.lir', pressure(64));
  const r = await lirc('explain', file, '--target', 'riscv32');
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(
    `error: ${file}: cannot compile for riscv32: the module has 64-bit pointers but riscv32 has 32-bit ones\n`,
  );
});
