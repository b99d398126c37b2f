/**
 * Files a subcommand reads or writes, with file-system errors turned into
 * CliErrors (exit 1) that name the file and say what went wrong in a word.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CliError } from './io.js';

/** The bytes of `file`. Throws CliError (exit 1) when it cannot be read. */
export function readBytes(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${describeFsError(e)}`);
  }
}

/** The UTF-8 text of `file`. Throws CliError (exit 1) when it cannot be read. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${describeFsError(e)}`);
  }
}

/** Writes `bytes` to `file`. Throws CliError (exit 1) when it cannot be written. */
export function writeBytes(file: string, bytes: Uint8Array): void {
  try {
    writeFileSync(file, bytes);
  } catch (e) {
    throw new CliError(`cannot write ${file}: ${describeFsError(e)}`);
  }
}

/** A file-system error in a few words (`no such file`), else its message. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
