/**
 * The compile progress bar (src/progress.ts): drawn only on a terminal
 * stream, only after a second, never with --quiet, and cleared at the end.
 * The terminal is a fake stream that records what is written to it; the
 * clock is a counter the test moves, or real for CoreMark's compile (over
 * a second). And `--stats --json`.
 */
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../src/io.js';
import { compileProgress, PROGRESS_DELAY_MS } from '../src/progress.js';
import { lirc, lircWith, tempDir } from './helpers.js';

/** A fake terminal: everything written to it, in order. */
function terminal(): {
  stream: Writable & { isTTY: boolean; columns: number };
  text: () => string;
} {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
    { isTTY: true, columns: 100 },
  );
  return { stream, text: () => text };
}

function io(progressStream?: NodeJS.WritableStream): CliIo {
  return { stdout: () => {}, stderr: () => {}, ...(progressStream ? { progressStream } : {}) };
}

describe('compile progress', () => {
  test('no bar during the first second, then functions done of all, cleared at the end', async () => {
    const tty = terminal();
    let now = 0;
    const progress = compileProgress(io(tty.stream), 'compiling x86_64', false, () => now);
    let before: number;
    try {
      progress.update(1, 40);
      now = PROGRESS_DELAY_MS - 1;
      progress.update(2, 40);
      expect(tty.text()).toBe('');
      now = PROGRESS_DELAY_MS + 1;
      progress.update(10, 40);
      expect(tty.text()).toMatch(/compiling x86_64 \[#{7,8}-{22,23}\] 25% \| 10\/40 functions/);
      progress.update(30, 40);
      // cli-progress redraws at most 10 times a second (fps): the redraw timer shows it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(tty.text()).toMatch(/75% \| 30\/40 functions/);
    } finally {
      before = tty.text().length;
      progress.finish(); // stops the bar's redraw timer even when an expectation failed
    }
    // Cleared: the last thing written erases the line (ESC [ 2K or ESC [ 0K) and shows the cursor again.
    const cleared = tty.text().slice(before);
    expect(['\x1b[2K', '\x1b[0K', '\x1b[K'].some((erase) => cleared.includes(erase))).toBe(true);
    expect(tty.text().slice(before)).toContain('\x1b[?25h');
  });

  test('nothing with --quiet, or when stderr is no terminal', () => {
    const tty = terminal();
    let now = 0;
    const quiet = compileProgress(io(tty.stream), 'compiling', true, () => now);
    const noTerminal = compileProgress(io(), 'compiling', false, () => now);
    now = 10 * PROGRESS_DELAY_MS;
    for (const p of [quiet, noTerminal]) {
      p.update(5, 10);
      p.finish();
    }
    expect(tty.text()).toBe('');
  });

  test('finish without a bar writes nothing', () => {
    const tty = terminal();
    const progress = compileProgress(io(tty.stream), 'compiling', false, () => 0);
    progress.update(1, 2);
    progress.finish();
    expect(tty.text()).toBe('');
  });
});

describe('lirc compile and run: --stats --json, --quiet, the bar on a terminal', () => {
  const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
  const WAT = `(module (func (export "twice") (param i32) (result i32)
    (i32.mul (local.get 0) (i32.const 2))))`;
  const LIR = 'module ptr64\nfunc @twice(%a: 32) -> (32) {\n  %r = add.32 %a, %a\n  return %r\n}\n';

  /** Runs lirc with a terminal as the progress stream. */
  async function withTerminal(argv: string[]) {
    const tty = terminal();
    const run = await lircWith({ progressStream: tty.stream }, ...argv);
    return { ...run, terminal: tty.text() };
  }

  test('--json prints the figures as one JSON object (implies --stats), for Wasm and Low IR', async () => {
    const dir = tempDir();
    try {
      const wat = dir.write('twice.wat', WAT);
      const lir = dir.write('twice.lir', LIR);
      const compiled = await lirc('compile', wat, '--target', 'x86_64', '--emit', 'bin', '--json');
      expect(compiled.code).toBe(0);
      const figures = JSON.parse(compiled.stderr);
      expect(figures).toMatchObject({ target: 'x86_64', functions: 1, optimized: false });
      expect(figures.machineCodeBytes).toBeGreaterThan(0);
      expect(compiled.stderr.trim().split('\n')).toHaveLength(1);
      const ran = await lirc(
        'run',
        lir,
        '--target',
        'x86_64',
        '--invoke',
        'twice',
        '21',
        '--stats',
        '--json',
      );
      expect(ran.stdout).toBe('i32:42\n');
      expect(JSON.parse(ran.stderr)).toMatchObject({
        target: 'x86_64',
        ran: 'native',
        functions: 1,
      });
      const wasmRun = await lirc('run', wat, '--invoke', 'twice', '21', '--json');
      expect(wasmRun.stdout).toBe('i32:42\n');
      expect(JSON.parse(wasmRun.stderr).codeSectionBytes).toBeGreaterThan(0);
    } finally {
      dir.remove();
    }
  });

  test('a compile over a second shows the bar on the terminal and clears it; --quiet shows none', async () => {
    const argv = ['compile', `${CORPUS}coremark.wasm`, '--target', 'x86_64', '--emit', 'bin'];
    const shown = await withTerminal(argv);
    expect([shown.code, shown.stdout, shown.stderr]).toEqual([0, '', '']);
    expect(shown.terminal).toMatch(/compiling for x86_64 \[[#-]{30}\] \d+% \| \d+\/15 functions/);
    expect(shown.terminal).toContain('\x1b[?25h'); // the cursor back: the bar was stopped
    const quiet = await withTerminal([...argv, '--quiet']);
    expect([quiet.code, quiet.terminal]).toEqual([0, '']);
  }, 120_000);
});
