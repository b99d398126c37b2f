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

/**
 * Reads tokens one at a time (no token array: memory stays bounded however
 * long the text is). `next()` returns `eof` forever once the text is used up.
 */
export class Lexer {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly file?: string,
  ) {}

  /** The next token. */
  next(): Token {
    const text = this.text;
    for (;;) {
      const i = this.i;
      if (i >= text.length) return { kind: 'eof', text: '', pos: this.pos(i) };
      const c = text[i]!;
      if (c === '\n') {
        const token: Token = { kind: 'newline', text: '\n', pos: this.pos(i) };
        this.i++;
        this.line++;
        this.lineStart = this.i;
        return token;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        this.i++;
        continue;
      }
      if (c === ';') {
        while (this.i < text.length && text[this.i] !== '\n') this.i++;
        continue;
      }
      return this.token(c);
    }
  }

  /**
   * Counts, for each value name, the uses the function starting here makes of
   * it, reading ahead in the raw text without moving: from the line after the
   * next `{` up to the line that starts with `}`. On an action line the uses
   * are the `%names` after the first `=` (or on the whole line when it does not
   * start with a definition); `clone %x, n` subtracts n instead. Label lines
   * only define.
   */
  countUsesAhead(): Map<string, number> {
    const counts = new Map<string, number>();
    const add = (name: string, n: number) => counts.set(name, (counts.get(name) ?? 0) + n);
    const text = this.text;
    const brace = text.indexOf('{', this.i);
    if (brace < 0) return counts;
    let at = text.indexOf('\n', brace);
    while (at >= 0 && at < text.length) {
      const eol = text.indexOf('\n', at + 1);
      const raw = text.slice(at + 1, eol < 0 ? text.length : eol);
      at = eol;
      const semi = raw.indexOf(';');
      const line = (semi >= 0 ? raw.slice(0, semi) : raw).trim();
      if (line.startsWith('}')) break;
      if (line === '' || line.startsWith('^')) continue;
      const ops = line.startsWith('%') ? line.slice(line.indexOf('=') + 1) : line;
      const clone = CLONE.exec(ops);
      if (clone) {
        add(clone[1]!, -Number(BigInt(clone[2]!)));
        continue;
      }
      for (const m of ops.matchAll(VALUE_NAME)) add(m[1]!, 1);
      if (eol < 0) break;
    }
    return counts;
  }

  private pos(at: number): SourcePos {
    return { line: this.line, column: at - this.lineStart + 1 };
  }

  private fail(at: number, message: string): never {
    throw new LirSyntaxError(message, this.file, this.pos(at));
  }

  private token(c: string): Token {
    const text = this.text;
    const start = this.i;
    let i = start;
    const sigil = SIGILS[c];
    if (sigil !== undefined) {
      i++;
      while (i < text.length && NAME.test(text[i]!)) i++;
      if (i === start + 1) this.fail(start, `expected a name after '${c}'`);
      this.i = i;
      return { kind: sigil, text: text.slice(start + 1, i), pos: this.pos(start) };
    }
    if (c === '-' && text[i + 1] === '>') {
      this.i = i + 2;
      return { kind: 'punct', text: '->', pos: this.pos(start) };
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      i++;
      while (i < text.length && /[0-9A-Za-z_]/.test(text[i]!)) i++;
      const raw = text.slice(start, i);
      const m = /^(-?)(0x[0-9a-fA-F]+|[0-9]+)$/.exec(raw);
      if (!m) this.fail(start, `malformed number '${raw}'`);
      const magnitude = BigInt(m![2]!);
      this.i = i;
      return { kind: 'int', text: raw, pos: this.pos(start), int: m![1] ? -magnitude : magnitude };
    }
    if (WORD_START.test(c)) {
      while (i < text.length && NAME.test(text[i]!)) i++;
      this.i = i;
      return { kind: 'word', text: text.slice(start, i), pos: this.pos(start) };
    }
    if (c === '"') return this.string(start);
    if (PUNCT.has(c)) {
      this.i = i + 1;
      return { kind: 'punct', text: c, pos: this.pos(start) };
    }
    return this.fail(start, `unexpected character '${c}'`);
  }

  private string(start: number): Token {
    const text = this.text;
    let i = start + 1;
    const bytes: number[] = [];
    for (;;) {
      const d = text[i];
      if (d === undefined || d === '\n') this.fail(start, 'unterminated string');
      if (d === '"') break;
      if (d === '\\') {
        const hex = text.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex))
          this.fail(i, 'expected two hex digits after \\ in a string');
        bytes.push(Number.parseInt(hex, 16));
        i += 3;
        continue;
      }
      const code = d!.charCodeAt(0);
      if (code > 0x7e || code < 0x20) {
        this.fail(i, 'only printable ASCII in strings; write other bytes as \\XX');
      }
      bytes.push(code);
      i++;
    }
    this.i = i + 1;
    return {
      kind: 'string',
      text: text.slice(start + 1, i),
      pos: this.pos(start),
      bytes: Uint8Array.from(bytes),
    };
  }
}

const CLONE = /^clone\s+%([A-Za-z0-9_.]+)\s*,\s*(-?(?:0x[0-9a-fA-F]+|[0-9]+))/;
const VALUE_NAME = /%([A-Za-z0-9_.]+)/g;

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
