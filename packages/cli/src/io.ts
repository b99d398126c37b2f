/**
 * What the CLI talks to instead of `process`: output writers and exit codes,
 * so tests can run it in-process and capture everything it prints.
 */

/** Where the CLI writes. Each call gets complete text (lines end with `\n`). */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * The terminal stderr writes to, for a progress bar that redraws itself;
   * undefined when stderr is no terminal (then no bar is drawn).
   */
  readonly progressStream?: NodeJS.WritableStream;
}

/** Exit statuses of `lirc`. */
export const ExitCode = {
  ok: 0,
  /** Bad input: unreadable file, syntax or verification error, bad invocation of the program. */
  badInput: 1,
  /** Bad command line: unknown subcommand or option, missing argument. */
  usage: 2,
  /** The interpreted program trapped. */
  trap: 3,
  /** A bug in lirc itself. */
  internal: 70,
} as const;

/** An expected failure: printed as `error: <message>`, exits with `exitCode`. */
export class CliError extends Error {
  override name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: number = ExitCode.badInput,
  ) {
    super(message);
  }
}
