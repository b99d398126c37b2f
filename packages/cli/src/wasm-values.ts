/**
 * WebAssembly values on the command line and in output. Arguments of an
 * integer type are decimal or 0x hex, negative or not, anywhere in the
 * type's signed or unsigned range; the runtime takes them as bits. Results
 * print as `<type>:<signed decimal>` (`i32:-7`, `i64:-1`). Floats are not
 * supported yet (a later issue gives them a notation).
 */
import type { FuncType, ValType } from '@lirc/wasm';
import { parseInteger } from './values.js';

/** The integer value types and their widths. */
const INTEGER_WIDTHS = { i32: 32, i64: 64 } as const;

/** A Wasm integer type. */
export type IntegerType = keyof typeof INTEGER_WIDTHS;

/** Whether `type` is an integer type (the ones `lirc run` handles so far). */
export function isIntegerType(type: ValType): type is IntegerType {
  return Object.hasOwn(INTEGER_WIDTHS, type);
}

/** Why an argument was refused. */
export type ArgumentProblem = 'not an integer' | 'out of range';

/**
 * The bits (unsigned, at the type's width) of argument `text` for a
 * parameter of `type`, or why it is refused.
 */
export function parseArgument(text: string, type: IntegerType): bigint | ArgumentProblem {
  const value = parseInteger(text);
  if (value === undefined) return 'not an integer';
  const width = INTEGER_WIDTHS[type];
  if (value < -(1n << BigInt(width - 1)) || value >= 1n << BigInt(width)) return 'out of range';
  return BigInt.asUintN(width, value);
}

/** The range an argument of `type` may take, for messages: `-2147483648 to 4294967295`. */
export function argumentRange(type: IntegerType): string {
  const width = BigInt(INTEGER_WIDTHS[type]);
  return `${-(1n << (width - 1n))} to ${(1n << width) - 1n}`;
}

/** A result as `i32:-7`: the bits read as a signed integer of the type's width. */
export function formatResult(bits: bigint, type: IntegerType): string {
  return `${type}:${BigInt.asIntN(INTEGER_WIDTHS[type], bits)}`;
}

/** A function type as text: `(i32, i64) -> (i32)`. */
export function signatureText(type: FuncType): string {
  return `(${type.params.join(', ')}) -> (${type.results.join(', ')})`;
}
