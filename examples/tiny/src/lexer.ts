/**
 * The lexer of Tiny: source text to tokens (numbers, names, keywords,
 * punctuation), each with its line and column. `#` starts a comment that
 * runs to the end of the line.
 */
import { type Pos, TinyError } from './errors.js';

/** The keywords of the language. */
export const KEYWORDS = ['fn', 'var', 'if', 'else', 'while', 'return'] as const;

/** The operators and punctuation, longest first (the lexer takes the longest match). */
const SYMBOLS = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '!',
  '=',
  '(',
  ')',
  '{',
  '}',
  ',',
  ';',
] as const;

/** One token. `text` is the name, keyword, symbol or the digits of a number. */
export interface Token {
  readonly kind: 'number' | 'name' | 'keyword' | 'symbol' | 'end';
  readonly text: string;
  readonly pos: Pos;
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isNameStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';

/** Splits `text` (the contents of `file`) into tokens, ending with an `end` token. */
export function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < text.length) {
    const c = text[i]!;
    const pos = { line, col: i - lineStart + 1 };
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (isDigit(c)) {
      let j = i;
      while (j < text.length && isDigit(text[j]!)) j++;
      if (j < text.length && isNameStart(text[j]!))
        throw new TinyError(file, pos, `bad number '${text.slice(i, j + 1)}'`);
      tokens.push({ kind: 'number', text: text.slice(i, j), pos });
      i = j;
    } else if (isNameStart(c)) {
      let j = i;
      while (j < text.length && (isNameStart(text[j]!) || isDigit(text[j]!))) j++;
      const word = text.slice(i, j);
      const keyword = (KEYWORDS as readonly string[]).includes(word);
      tokens.push({ kind: keyword ? 'keyword' : 'name', text: word, pos });
      i = j;
    } else {
      const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
      if (symbol === undefined) throw new TinyError(file, pos, `unexpected character '${c}'`);
      tokens.push({ kind: 'symbol', text: symbol, pos });
      i += symbol.length;
    }
  }
  tokens.push({ kind: 'end', text: 'end of file', pos: { line, col: i - lineStart + 1 } });
  return tokens;
}
