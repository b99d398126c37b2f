/**
 * The progress bar of long compiles: functions compiled out of all, on
 * stderr, drawn by cli-progress. It appears only when stderr is a terminal
 * (CliIo.progressStream), `--quiet` is not given, and the compile has run
 * for over a second, so short compiles and redirected output stay clean.
 * The bar is cleared when the compile ends, before anything else prints.
 */
import { SingleBar } from 'cli-progress';
import { Option } from 'commander';
import type { CliIo } from './io.js';

/** How long a compile runs before its bar appears. */
export const PROGRESS_DELAY_MS = 1000;

/** Receives a compile's progress; `finish` clears the bar (call it in a finally). */
export interface Progress {
  /** `done` of `total` functions compiled. */
  readonly update: (done: number, total: number) => void;
  readonly finish: () => void;
}

/** The `--quiet` option of the commands that compile. */
export function quietOption(): Option {
  return new Option('-q, --quiet', 'no progress bar on stderr (errors and --stats still print)');
}

/** The `--json` option of the commands with `--stats`. */
export function jsonStatsOption(): Option {
  return new Option(
    '--json',
    'print the --stats figures as one line of JSON on stderr (implies --stats)',
  );
}

/** A progress that shows nothing. */
export const NO_PROGRESS: Progress = { update: () => {}, finish: () => {} };

/**
 * The progress of a compile described by `label` (e.g. `compiling x86_64`):
 * a bar on io.progressStream unless `quiet`, once PROGRESS_DELAY_MS have
 * passed (`now` is for tests).
 */
export function compileProgress(
  io: CliIo,
  label: string,
  quiet: boolean,
  now: () => number = () => performance.now(),
): Progress {
  const stream = io.progressStream;
  if (quiet || stream === undefined) return NO_PROGRESS;
  const started = now();
  let bar: SingleBar | undefined;
  return {
    update: (done, total) => {
      if (bar === undefined) {
        if (now() - started < PROGRESS_DELAY_MS) return;
        bar = new SingleBar({
          stream,
          format: `${label} [{bar}] {percentage}% | {value}/{total} functions | {duration_formatted}`,
          barsize: 30,
          barCompleteChar: '#',
          barIncompleteChar: '-',
          hideCursor: true,
          clearOnComplete: true,
          fps: 10,
        });
        bar.start(total, done);
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    finish: () => {
      bar?.stop();
      bar = undefined;
    },
  };
}
