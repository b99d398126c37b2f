/**
 * Files a subcommand reads or writes, with file-system errors turned into
 * CliErrors (exit 1) that name the file and say what went wrong in a word.
 */
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError, ExitCode } from './io.js';

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

/**
 * Checks, before any work, that `file` can be written (it is a writable
 * file, or it does not exist in a writable directory); throws a usage
 * CliError (exit 2) naming the option and the problem otherwise.
 */
export function checkWritable(file: string, option: string): void {
  const problem = (() => {
    try {
      if (statSync(file).isDirectory()) return 'is a directory';
      accessSync(file, constants.W_OK);
      return undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return describeFsError(e);
    }
    const dir = dirname(file);
    try {
      if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
      accessSync(dir, constants.W_OK);
      return undefined;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? `no directory ${dir}` : `${dir}: ${describeFsError(e)}`;
    }
  })();
  if (problem !== undefined)
    throw new CliError(`cannot write ${option} ${file}: ${problem}`, ExitCode.usage);
}

/** A file-system error in a few words (`no such file`), else its message. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
