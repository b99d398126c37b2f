/** `lirc print`: canonical text (a fixed point of parse + print) and the JSON form. */
import { lirc, SAMPLE, tempDir } from './helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('lirc print', () => {
  test('prints canonical text that prints back to itself', async () => {
    const messy = SAMPLE.replace('func @fib', '; a comment\nfunc    @fib').replaceAll(
      '  %',
      '      %',
    );
    const first = await lirc('print', dir.write('messy.lir', messy));
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('func @fib(%n*4: 32) -> (32) {\n  %small = lt_u.32 %n, 2\n');
    expect(first.stdout).not.toContain('; a comment');
    const second = await lirc('print', dir.write('canonical.lir', first.stdout));
    expect(second).toEqual(first);
  });

  test('--json prints the JSON form', async () => {
    const run = await lirc('print', '--json', dir.write('sample.lir', SAMPLE));
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.format).toBe('lirc-low-ir');
    expect(json.header).toMatchObject({ pointerWidth: 64, memorySize: 1024 });
    expect(json.functions.map((f: { name: string }) => f.name)).toEqual([
      'fib',
      'sum',
      'div',
      'negative',
    ]);
  });

  test('refuses an invalid module (exit 1) and an unknown option (exit 2)', async () => {
    const bad = dir.write(
      'bad.lir',
      'module ptr64\nfunc @f() -> (32) {\n  %b = frobnicate.32 1\n  return %b\n}\n',
    );
    const run = await lirc('print', bad);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${bad}:3:8: unknown action 'frobnicate'\n`,
    });
    const usage = await lirc('print', '--yaml', bad);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("error: unknown option '--yaml'");
  });
});
