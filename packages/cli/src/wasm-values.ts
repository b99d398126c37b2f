/**
 * WebAssembly values on the command line and in output. Arguments of an
 * integer type are decimal or 0x hex, negative or not, anywhere in the
 * type's signed or unsigned range; the runtime takes them as bits. Results
 * print as `<type>:<signed decimal>` (`i32:-7`, `i64:-1`).
 *
 * Float arguments are in JavaScript's number syntax (what `Number()` reads:
 * `2.5`, `-0`, `1e30`, `NaN`, `-Infinity`, with no surrounding blanks); an
 * f32 argument is rounded to single precision. Float results print as
 * `f32:` / `f64:` and JavaScript's `String()` of the value as a double
 * (`f32:0.10000000149011612`), except that negative zero prints `-0` and
 * every NaN, whatever its sign and payload, `NaN`. Values convert to and
 * from bits with @lirc/wasm's `toBits` / `fromBits`.
 */
import { type FuncType, fromBits, toBits, type ValType } from '@lirc/wasm';
import { parseInteger } from './values.js';

/** The integer value types and their widths. */
const INTEGER_WIDTHS = { i32: 32, i64: 64 } as const;

/** A Wasm integer type. */
export type IntegerType = keyof typeof INTEGER_WIDTHS;

/** A Wasm float type. */
export type FloatType = 'f32' | 'f64';

/** Whether `type` is an integer type. */
export function isIntegerType(type: ValType): type is IntegerType {
  return Object.hasOwn(INTEGER_WIDTHS, type);
}

/** Why an argument was refused: an integer type's two problems, a float type's one. */
export type ArgumentProblem = 'not an integer' | 'out of range' | 'not a number';

/**
 * The bits (unsigned, at the type's width) of argument `text` for a
 * parameter of `type`, or why it is refused.
 */
export function parseArgument(text: string, type: ValType): bigint | ArgumentProblem {
  if (!isIntegerType(type)) {
    const value = parseFloatText(text);
    if (value === undefined) return 'not a number';
    return toBits(type, type === 'f32' ? Math.fround(value) : value);
  }
  const value = parseInteger(text);
  if (value === undefined) return 'not an integer';
  const width = INTEGER_WIDTHS[type];
  if (value < -(1n << BigInt(width - 1)) || value >= 1n << BigInt(width)) return 'out of range';
  return BigInt.asUintN(width, value);
}

/**
 * The number `text` means in JavaScript's number syntax (as `Number()` reads
 * it), or undefined: for an empty text, one with blanks around it, or one
 * `Number()` reads as NaN other than `NaN` itself (`abc`, `1.2.3`, `-NaN`).
 */
export function parseFloatText(text: string): number | undefined {
  if (text === '' || text.trim() !== text) return undefined;
  const value = Number(text);
  return Number.isNaN(value) && text !== 'NaN' ? undefined : value;
}

/** The range an argument of `type` may take, for messages: `-2147483648 to 4294967295`. */
export function argumentRange(type: IntegerType): string {
  const width = BigInt(INTEGER_WIDTHS[type]);
  return `${-(1n << (width - 1n))} to ${(1n << width) - 1n}`;
}

/**
 * A result as `<type>:<value>`: an integer's bits read as a signed integer
 * of the type's width (`i32:-7`), a float as {@link formatFloat} writes it
 * (`f32:0.10000000149011612`, `f64:-0`, `f32:NaN`).
 */
export function formatResult(bits: bigint, type: ValType): string {
  if (isIntegerType(type)) return `${type}:${BigInt.asIntN(INTEGER_WIDTHS[type], bits)}`;
  return `${type}:${formatFloat(fromBits(type, bits) as number)}`;
}

/** JavaScript's `String()` of `value`, except `-0` for negative zero (every NaN is `NaN`). */
export function formatFloat(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** A function type as text: `(i32, i64) -> (i32)`. */
export function signatureText(type: FuncType): string {
  return `(${type.params.join(', ')}) -> (${type.results.join(', ')})`;
}
