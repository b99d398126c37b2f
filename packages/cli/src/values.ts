/**
 * Integers on the command line and in output: parsing arguments (decimal,
 * negative, 0x hex) and printing Low IR bit patterns as `i<width>:<signed>`.
 */

const INTEGER = /^(-?)(0x[0-9a-f]+|[0-9]+)$/i;

/** Parses `42`, `-7`, `0xff` or `-0x10` as a bigint; undefined if it is none of those. */
export function parseInteger(text: string): bigint | undefined {
  const m = INTEGER.exec(text);
  if (m === null) return undefined;
  const magnitude = BigInt(m[2]!);
  return m[1] === '-' ? -magnitude : magnitude;
}

/** `i32:-1`; width 1 prints as `i1:0` or `i1:1`. */
export function formatValue(value: bigint, width: number): string {
  const shown = width === 1 ? BigInt.asUintN(1, value) : BigInt.asIntN(width, value);
  return `i${width}:${shown}`;
}
