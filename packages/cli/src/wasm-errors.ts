/**
 * Which library errors of the Wasm path are the user's problem (exit 1 with
 * `error: <reason>`, no stack trace) and how they read: an invalid or
 * unsupported module or a failed link (WasmError and its subclasses
 * UnsupportedError and LinkError), something the target's code generator
 * cannot do (CompileError), a missing emulator (ToolMissingError). Anything
 * else stays an internal error.
 */
import { CompileError } from '@lirc/core';
import { ToolMissingError } from '@lirc/runtime';
import { WasmError } from '@lirc/wasm';
import { CliError } from './io.js';

/** What a failing step worked on, for the message. */
export interface WasmErrorContext {
  /** The module file as the user gave it. */
  readonly file: string;
  /** The target, when the step compiles or runs for one. */
  readonly target?: string;
}

/** `e` as a CliError when it is a user error (see the module comment), else `e` itself. */
export function userError(e: unknown, context: WasmErrorContext): unknown {
  if (e instanceof CliError) return e;
  if (e instanceof WasmError) {
    // Most carry the file already; a few runtime limits do not.
    return new CliError(e.file === undefined ? `${context.file}: ${e.message}` : e.message);
  }
  if (e instanceof CompileError) {
    const target = context.target === undefined ? '' : ` for ${context.target}`;
    return new CliError(`${context.file}: cannot compile${target}: ${e.message}`);
  }
  if (e instanceof ToolMissingError) return new CliError(e.message);
  return e;
}
