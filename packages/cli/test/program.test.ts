/** The program as a whole: help, version, unknown subcommands, internal errors. */
import { runCli } from '../src/index.js';
import { hostTarget } from '../src/targets.js';
import { lirc, SAMPLE, tempDir } from './helpers.js';

describe('lirc', () => {
  test('--help lists the subcommands on stdout and exits 0', async () => {
    const run = await lirc('--help');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: lirc \[options\] \[command\]/);
    for (const name of ['check', 'print', 'interp', 'run', 'compile', 'explain', 'mdef'])
      expect(run.stdout).toContain(`\n  ${name} `);
  });

  test('each subcommand has --help (and `help <command>`)', async () => {
    for (const name of ['check', 'print', 'interp', 'run', 'compile', 'explain', 'mdef']) {
      const run = await lirc(name, '--help');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: lirc ${name} `);
      expect(await lirc('help', name)).toEqual(run);
    }
  });

  test('run and compile --help give the options, the target choices and the exit statuses', async () => {
    for (const name of ['run', 'compile']) {
      const help = (await lirc(name, '--help')).stdout;
      expect(help).toContain(`Usage: lirc ${name} [options] <input>`);
      expect(help).toContain('--target <name>');
      expect(help).toContain(`(choices: "x86_64", "riscv32", default: "${hostTarget()}")`);
      expect(help).toContain('-O, --optimize');
      expect(help).toContain('--stats');
      expect(help).toContain('Exit status: 0 ok; 1 ');
    }
    const run = (await lirc('run', '--help')).stdout;
    expect(run).toContain('--invoke <export>');
    expect(run).toContain('3 trap');
    const compile = (await lirc('compile', '--help')).stdout;
    expect(compile).toContain('-o, --output <file>');
    expect(compile).toContain('--emit <kind>');
    expect(compile).toContain('docs/objects.md');
  });

  test('--version prints the package version', async () => {
    expect(await lirc('--version')).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  test('an unknown subcommand, no subcommand or an unknown option exits 2 with usage', async () => {
    for (const argv of [['link', 'x.lir'], [], ['--frobnicate']]) {
      const run = await lirc(...argv);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('Usage: lirc [options] [command]');
    }
    expect((await lirc('link')).stderr).toMatch(/^error: unknown command 'link'/);
  });

  test('an unexpected exception is an internal error (exit 70), never a stack trace', async () => {
    const dir = tempDir();
    let stderr = '';
    const code = await runCli(['check', dir.write('ok.lir', SAMPLE)], {
      stdout: () => {
        throw new Error('disk full');
      },
      stderr: (s) => {
        stderr += s;
      },
    });
    dir.remove();
    expect(code).toBe(70);
    expect(stderr).toBe('internal error: disk full\n');
  });
});
