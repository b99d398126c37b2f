/**
 * Errors of the Tiny compiler: every problem with a program is a TinyError
 * whose message starts with `file:line:col:`, so the command line can print
 * it as it is (no stack trace).
 */

/** A place in a source file (line and column from 1). */
export interface Pos {
  readonly line: number;
  readonly col: number;
}

/** A problem with a Tiny program, at a place in its source file. */
export class TinyError extends Error {
  override name = 'TinyError';

  constructor(
    readonly file: string,
    readonly pos: Pos,
    readonly problem: string,
  ) {
    super(`${file}:${pos.line}:${pos.col}: ${problem}`);
  }
}
