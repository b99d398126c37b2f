/**
 * The compile progress bar (src/progress.ts): drawn only on a terminal
 * stream, only after a second, never with --quiet, and cleared at the end.
 * The terminal is a fake stream that records what is written to it; the
 * clock is a counter the test moves.
 */
import { Writable } from 'node:stream';
import type { CliIo } from '../src/io.js';
import { compileProgress, PROGRESS_DELAY_MS } from '../src/progress.js';

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
