/**
 * The range check of float literals in WebAssembly text, which binaryen's
 * text parser does not make: `f32.const 0x1p128` and `f64.const 1e309` are
 * malformed ("constant out of range": a literal other than `inf` must round
 * to a finite value); binaryen does reject a NaN payload out of range.
 * Run on text binaryen has parsed (binaryen.ts readText), it tokenizes the
 * module once (comments, strings and parentheses only) and decides each
 * `f32.const`/`f64.const` literal exactly, with integers: no double
 * rounding through a JavaScript number.
 */
import { WasmError } from '../errors.js';

/** A token of the text and where it starts (1-based line and column). */
interface Token {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** The format of a float width: mantissa bits (without the hidden bit) and the largest exponent. */
const FORMATS = {
  f32: { mantissa: 23, maxExponent: 127 },
  f64: { mantissa: 52, maxExponent: 1023 },
} as const;

type FloatKind = keyof typeof FORMATS;

/**
 * Rejects a float literal out of range in `text`.
 *
 * @throws WasmError naming the file, line and column, and the literal.
 */
export function checkFloatLiterals(text: string, file: string | undefined): void {
  let constOf: FloatKind | undefined;
  for (const token of tokens(text)) {
    if (constOf !== undefined) {
      const problem = literalProblem(token.text, constOf);
      if (problem !== undefined)
        throw new WasmError(`constant out of range: ${constOf}.const ${token.text} ${problem}`, {
          file,
          line: token.line,
          column: token.column,
        });
    }
    constOf = token.text === 'f32.const' ? 'f32' : token.text === 'f64.const' ? 'f64' : undefined;
  }
}

/**
 * Why a float literal is out of range for `kind`, or undefined when it is
 * not (`inf`, `nan` and `nan:0x…` are not numbers here and pass).
 */
function literalProblem(literal: string, kind: FloatKind): string | undefined {
  const { mantissa, maxExponent } = FORMATS[kind];
  const body = literal.replace(/^[+-]/, '').replaceAll('_', '');
  const value = exactValue(body);
  if (value === undefined) return undefined;
  // The least magnitude that rounds to infinity: halfway between the largest
  // finite value, (2 - 2^-m) × 2^max, and 2^(max+1); a tie rounds to even,
  // which is 2^(max+1).
  const limit = { digits: (1n << BigInt(mantissa + 2)) - 1n, twos: maxExponent - mantissa - 1 };
  return atLeast(value, limit) ? '(rounds to infinity)' : undefined;
}

/** A literal's exact value: digits × 2^twos × 10^tens. */
interface Exact {
  readonly digits: bigint;
  readonly twos: number;
  readonly tens: number;
}

/** The exact value of an unsigned hex or decimal float literal without underscores. */
function exactValue(body: string): Exact | undefined {
  const hex = /^0x([0-9a-f]+)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i.exec(body);
  if (hex) {
    const fraction = hex[2] ?? '';
    return {
      digits: BigInt(`0x${hex[1]}${fraction}`),
      twos: Number(hex[3] ?? 0) - 4 * fraction.length,
      tens: 0,
    };
  }
  const decimal = /^(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(body);
  if (!decimal) return undefined;
  const fraction = decimal[2] ?? '';
  return {
    digits: BigInt(`${decimal[1]}${fraction}`),
    twos: 0,
    tens: Number(decimal[3] ?? 0) - fraction.length,
  };
}

/** Whether `value` ≥ limit.digits × 2^limit.twos, decided exactly. */
function atLeast(value: Exact, limit: { digits: bigint; twos: number }): boolean {
  if (value.digits === 0n) return false;
  // Far from the limit (by more than 8 binary orders), the magnitudes decide:
  // this also keeps the exact comparison below to exponents of a few hundred.
  const log2 =
    value.digits.toString(2).length +
    value.twos +
    value.tens * Math.log2(10) -
    (limit.digits.toString(2).length + limit.twos);
  if (log2 > 8) return true;
  if (log2 < -8) return false;
  let left = value.digits;
  let right = limit.digits;
  const twos = value.twos - limit.twos;
  if (twos >= 0) left <<= BigInt(twos);
  else right <<= BigInt(-twos);
  if (value.tens >= 0) left *= 10n ** BigInt(value.tens);
  else right *= 10n ** BigInt(-value.tens);
  return left >= right;
}

/** The tokens of WebAssembly text: comments skipped, a string is one token. */
function* tokens(text: string): Generator<Token> {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = ++i;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === ';' && text[i + 1] === ';') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '(' && text[i + 1] === ';') {
      let depth = 0;
      do {
        if (text[i] === '(' && text[i + 1] === ';') {
          depth++;
          i += 2;
        } else if (text[i] === ';' && text[i + 1] === ')') {
          depth--;
          i += 2;
        } else {
          if (text[i] === '\n') {
            line++;
            lineStart = i + 1;
          }
          i++;
        }
      } while (depth > 0 && i < n);
    } else if (c === '(' || c === ')') {
      yield { text: c, line, column: i - lineStart + 1 };
      i++;
    } else if (c === '"') {
      const start = i++;
      while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      yield { text: text.slice(start, i), line, column: start - lineStart + 1 };
    } else {
      const start = i;
      while (i < n && !' \t\r\n()";'.includes(text[i]!)) i++;
      if (i === start)
        i++; // a lone ';': not a token of a parsed module
      else yield { text: text.slice(start, i), line, column: start - lineStart + 1 };
    }
  }
}
