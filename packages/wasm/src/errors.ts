/**
 * The errors of the Wasm front end. A `WasmError` is bad input: a module that
 * cannot be read (malformed binary, text syntax error) or that does not
 * validate. An `UnsupportedError` is a valid module that uses something LIRC
 * does not support yet (float instructions, a later proposal). Both carry a
 * message that is complete for the user: it names the file (with line and
 * column when known) and the problem, and the CLI prints it after `error: `.
 */

/** Where a problem is: the file and, for text input, the line and column. */
export interface WasmErrorLocation {
  /** The input's file name as the user gave it (e.g. `add.wat`). */
  file?: string;
  /** 1-based line in a text module. */
  line?: number;
  /** 1-based column in a text module. */
  column?: number;
  /** The error this one was made from (e.g. binaryen's exception). */
  cause?: unknown;
}

/** The location argument of the error constructors: a file name alone, or more. */
export type WasmErrorWhere = string | undefined | WasmErrorLocation;

function location(where: WasmErrorWhere): WasmErrorLocation {
  return typeof where === 'object' ? where : { file: where };
}

/** `file:line:column: ` (the parts that are known), or nothing. */
function prefix(where: WasmErrorLocation): string {
  let at = where.file ?? '';
  if (where.line !== undefined) {
    at += `${at ? ':' : ''}${where.line}`;
    if (where.column !== undefined) at += `:${where.column}`;
  }
  return at ? `${at}: ` : '';
}

/**
 * Bad Wasm input: a malformed or invalid module. `message` is
 * `<file>[:line:column]: <reason>`, e.g.
 * `add.wat: invalid module: [wasm-validator error in function 0] i32 != i64: ...`;
 * `reason` is the same without the location.
 */
export class WasmError extends Error {
  /** The problem without the location (e.g. `invalid module: ...`). */
  readonly reason: string;
  /** The input file, when known. */
  readonly file: string | undefined;
  /** 1-based line and column in a text module, when known. */
  readonly line: number | undefined;
  readonly column: number | undefined;

  /** `where` is the file name, or the file with line, column and cause. */
  constructor(reason: string, where: WasmErrorWhere = {}) {
    where = location(where);
    super(prefix(where) + reason, where.cause === undefined ? undefined : { cause: where.cause });
    this.name = 'WasmError';
    this.reason = reason;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}

/**
 * A valid module that uses something not supported yet. `reason` is the
 * whole problem (`f32.add is not supported yet (...)`), `feature` names it in
 * a few words (`f32.add`, `post-2020 proposal`) for counting and skip reasons.
 */
export class UnsupportedError extends WasmError {
  /** What is not supported, in a few words; usable as a skip reason. */
  readonly feature: string;

  /** `where` is the file name, or the file with line, column and cause. */
  constructor(reason: string, feature: string, where: WasmErrorWhere = {}) {
    super(reason, where);
    this.name = 'UnsupportedError';
    this.feature = feature;
  }
}
