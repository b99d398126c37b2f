/**
 * The `.lir` lexer: turns text into tokens with line:column positions.
 * Comments run from `;` to the end of the line; newlines are tokens because
 * the grammar is line-oriented (one action or label per line).
 */
import { LirSyntaxError } from '../errors.js';
import type { SourcePos } from '../ir.js';

/** Kinds of token. `word` covers keywords, opcodes (`add.32`) and symbols. */
export type TokenKind =
  | 'value' // %name
  | 'label' // ^name
  | 'func' // @name
  | 'reg' // $name
  | 'int'
  | 'string'
  | 'word'
  | 'punct'
  | 'newline'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The text (for names, without the sigil; for strings, the raw body). */
  readonly text: string;
  readonly pos: SourcePos;
  /** The value of an int token; the bytes of a string token. */
  readonly int?: bigint;
  readonly bytes?: Uint8Array;
}

const NAME = /[A-Za-z0-9_.]/;
const WORD_START = /[A-Za-z_]/;
const SIGILS: Record<string, TokenKind> = { '%': 'value', '^': 'label', '@': 'func', $: 'reg' };
const PUNCT = new Set(['(', ')', ',', ':', '=', '*', '[', ']', '{', '}']);

/** Splits `.lir` text into tokens, ending with an `eof` token. */
export function tokenize(text: string, file?: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (at: number): SourcePos => ({ line, column: at - lineStart + 1 });
  const fail = (at: number, message: string): never => {
    throw new LirSyntaxError(message, file, pos(at));
  };

  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', pos: pos(i) });
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === ';') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const start = i;
    const sigil = SIGILS[c];
    if (sigil !== undefined) {
      i++;
      while (i < text.length && NAME.test(text[i]!)) i++;
      if (i === start + 1) fail(start, `expected a name after '${c}'`);
      tokens.push({ kind: sigil, text: text.slice(start + 1, i), pos: pos(start) });
      continue;
    }
    if (c === '-' && text[i + 1] === '>') {
      tokens.push({ kind: 'punct', text: '->', pos: pos(start) });
      i += 2;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      i++;
      while (i < text.length && /[0-9A-Za-z_]/.test(text[i]!)) i++;
      const raw = text.slice(start, i);
      const m = /^(-?)(0x[0-9a-fA-F]+|[0-9]+)$/.exec(raw);
      if (!m) fail(start, `malformed number '${raw}'`);
      const magnitude = BigInt(m![2]!);
      tokens.push({ kind: 'int', text: raw, pos: pos(start), int: m![1] ? -magnitude : magnitude });
      continue;
    }
    if (WORD_START.test(c)) {
      while (i < text.length && NAME.test(text[i]!)) i++;
      tokens.push({ kind: 'word', text: text.slice(start, i), pos: pos(start) });
      continue;
    }
    if (c === '"') {
      i++;
      const bytes: number[] = [];
      while (true) {
        const d = text[i];
        if (d === undefined || d === '\n') fail(start, 'unterminated string');
        if (d === '"') break;
        if (d === '\\') {
          const hex = text.slice(i + 1, i + 3);
          if (!/^[0-9a-fA-F]{2}$/.test(hex))
            fail(i, 'expected two hex digits after \\ in a string');
          bytes.push(Number.parseInt(hex, 16));
          i += 3;
          continue;
        }
        const code = d!.charCodeAt(0);
        if (code > 0x7e || code < 0x20)
          fail(i, 'only printable ASCII in strings; write other bytes as \\XX');
        bytes.push(code);
        i++;
      }
      i++;
      tokens.push({
        kind: 'string',
        text: text.slice(start + 1, i - 1),
        pos: pos(start),
        bytes: Uint8Array.from(bytes),
      });
      continue;
    }
    if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, pos: pos(start) });
      i++;
      continue;
    }
    fail(start, `unexpected character '${c}'`);
  }
  tokens.push({ kind: 'eof', text: '', pos: pos(i) });
  return tokens;
}

/** Describes a token for "expected X, found Y" messages. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'newline':
      return 'end of line';
    case 'eof':
      return 'end of file';
    case 'value':
      return `'%${t.text}'`;
    case 'label':
      return `'^${t.text}'`;
    case 'func':
      return `'@${t.text}'`;
    case 'reg':
      return `'$${t.text}'`;
    case 'string':
      return 'a string';
    default:
      return `'${t.text}'`;
  }
}
