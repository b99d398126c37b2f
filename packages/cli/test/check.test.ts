/** `lirc check`: success summary, and exit 1 for syntax, verifier and file errors. */
import { lirc, SAMPLE, tempDir } from './helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('lirc check', () => {
  test('a valid file prints a summary and exits 0', async () => {
    const file = dir.write('sample.lir', SAMPLE);
    const run = await lirc('check', file);
    expect(run).toEqual({
      code: 0,
      stdout: `ok: ${file}: 4 function(s), 21 action(s)\n`,
      stderr: '',
    });
  });

  test('a syntax error exits 1 naming file and line:column', async () => {
    const file = dir.write(
      'syntax.lir',
      'module ptr64\n\nfunc @f(%a: 32) -> (32) {\n  %b = add.32 %a,\n  return %b\n}\n',
    );
    const run = await lirc('check', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(`^error: ${escapeRegExp(file)}:4:18: expected an operand`),
    );
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('a verifier error exits 1 with one error line per diagnostic', async () => {
    const text =
      'module ptr64\n\nfunc @f(%a*1: 32) -> (32) {\n  %b = add.32 %a, %a\n  %c = add.64 %b, 1\n  return %c\n}\n';
    const file = dir.write('verify.lir', text);
    const run = await lirc('check', file);
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines)
      expect(line).toMatch(new RegExp(`^error: ${escapeRegExp(file)}:\\d+:\\d+: `));
    expect(run.stderr).toContain(`${file}:4:8: in @f, action #0`);
    expect(run.stderr).toContain('used more times than its declared uses allow');
    expect(run.stderr).toContain(`${file}:5:8: in @f, action #1`);
    expect(run.stderr).toContain('%b has width 32, but add expects 64');
  });

  test('an unreadable file exits 1', async () => {
    const run = await lirc('check', `${dir.path}/missing.lir`);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: cannot read ${dir.path}/missing.lir: no such file\n`,
    });
    expect((await lirc('check', dir.path)).stderr).toContain('is a directory');
  });

  test('a missing file argument is a usage error (exit 2)', async () => {
    const run = await lirc('check');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: missing required argument 'file'");
    expect(run.stderr).toContain('Usage: lirc check');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
