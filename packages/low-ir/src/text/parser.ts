/**
 * The `.lir` parser: reads text and streams it into a sink, one directive,
 * label or action at a time. It resolves names (values, labels) to ids and
 * consults the action registry for opcodes, widths and result shapes; every
 * other rule is the verifier's. Errors carry file:line:column and say what was
 * expected.
 *
 * Grammar (one item per line; `;` starts a comment):
 *   module ptr32|ptr64          memory BYTES          data OFFSET "bytes\XX"
 *   extern @f(W, …) -> (W, …)
 *   func @f(%p*USES: W in LOC, …) -> (W in LOC, …) [stack N] {
 *     %r[*USES][: W], … = opcode.W[.W] operand, …
 *   ^label(%p: W, …) [stack N]:
 *   }
 * Operands: %value, integer, ^label(args…), @func(args…), symbol.
 * Locations: `any`, a class name, `$register`, `[stack offset]`.
 *
 * Use counts: `%x*3` declares three uses. Without `*N`, the parser infers the
 * count from the text: the number of times the function uses %x, less what
 * `clone %x, n` adds. (The printer always writes counts other than 1, so
 * canonical text does not depend on inference.)
 */

import { STANDARD_REGISTRY } from '../actions/standard.js';
import { LirSyntaxError } from '../errors.js';
import type {
  DataSegment,
  ExternDecl,
  LabelRef,
  Location,
  ModuleHeader,
  Operand,
  ResultSlot,
  SourcePos,
  ValueDef,
} from '../ir.js';
import type { ActionRegistry } from '../registry.js';
import { allowsWidths, formatWidths } from '../registry.js';
import type { LowIrSink } from '../sink.js';
import { describeToken, Lexer, type Token } from './lexer.js';

/** Options of `parseLir`. */
export interface ParseOptions {
  /** File name for error messages. */
  readonly file?: string;
  /** Registry for opcodes (default: the standard actions). */
  readonly registry?: ActionRegistry;
}

const OPCODE = /^([a-z][a-z0-9_]*)((?:\.[0-9]+)*)$/;

/** Parses `.lir` text and streams it into `sink`. Throws LirSyntaxError on bad input. */
export function parseLir(text: string, sink: LowIrSink, options: ParseOptions = {}): void {
  new Parser(new Lexer(text, options.file), sink, options).parseModule();
}

interface FunctionScope {
  readonly name: string;
  readonly values: Map<string, { id: number; pos: SourcePos }>;
  readonly labels: Map<string, LabelRef>;
  /** Use counts inferred from the function's text, for definitions without `*N`. */
  readonly inferredUses: Map<string, number>;
  nextValue: number;
  nextLabel: number;
}

class Parser {
  /** The one token of lookahead. */
  private lookahead: Token;
  private readonly registry: ActionRegistry;
  private readonly file: string | undefined;
  private pointerWidth: 32 | 64 = 64;
  private fn: FunctionScope | undefined;

  constructor(
    private readonly lexer: Lexer,
    private readonly sink: LowIrSink,
    options: ParseOptions,
  ) {
    this.lookahead = lexer.next();
    this.registry = options.registry ?? STANDARD_REGISTRY;
    this.file = options.file;
  }

  parseModule(): void {
    const header = this.parseHeader();
    this.pointerWidth = header.pointerWidth;
    this.sink.module(header);
    this.skipNewlines();
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (t.kind === 'word' && t.text === 'func') this.parseFunction();
      else if (t.kind === 'word' && ['module', 'memory', 'data', 'extern'].includes(t.text)) {
        this.fail(t, `'${t.text}' must come before the first function`);
      } else this.fail(t, `expected 'func', found ${describeToken(t)}`);
      this.skipNewlines();
    }
    this.sink.endModule();
  }

  // ---- module header -------------------------------------------------------

  private parseHeader(): ModuleHeader {
    let pointerWidth: 32 | 64 = 64;
    let memorySize: number | undefined;
    const data: DataSegment[] = [];
    const externs: ExternDecl[] = [];
    let seenModule = false;
    let first = true;
    this.skipNewlines();
    while (this.peek().kind === 'word') {
      const t = this.peek();
      if (t.text === 'module') {
        if (!first || seenModule) this.fail(t, "'module' must be the first directive, once");
        this.next();
        const w = this.expectKind('word', "'ptr32' or 'ptr64'");
        if (w.text !== 'ptr32' && w.text !== 'ptr64')
          this.fail(w, `expected 'ptr32' or 'ptr64', found '${w.text}'`);
        pointerWidth = w.text === 'ptr32' ? 32 : 64;
        seenModule = true;
      } else if (t.text === 'memory') {
        this.next();
        if (memorySize !== undefined) this.fail(t, "'memory' is given twice");
        memorySize = this.expectSize('a memory size in bytes');
      } else if (t.text === 'data') {
        this.next();
        const offset = this.expectSize('a data offset');
        const s = this.expectKind('string', 'a string of bytes');
        data.push({ offset, bytes: s.bytes!, pos: t.pos });
      } else if (t.text === 'extern') {
        this.next();
        externs.push(this.parseExtern(t.pos));
      } else break;
      first = false;
      this.endOfLine();
      this.skipNewlines();
    }
    return {
      pointerWidth,
      ...(memorySize !== undefined ? { memorySize } : {}),
      data,
      externs,
    };
  }

  private parseExtern(pos: SourcePos): ExternDecl {
    const name = this.expectKind('func', 'a function name like @f').text;
    const params = this.parseList('(', ')', () => this.expectWidth());
    this.expectPunct('->');
    const results = this.parseList('(', ')', () => this.expectWidth());
    return { name, params, results, pos };
  }

  // ---- functions -----------------------------------------------------------

  private parseFunction(): void {
    const start = this.next(); // 'func'
    const name = this.expectKind('func', 'a function name like @f').text;
    const scope: FunctionScope = {
      name,
      values: new Map(),
      labels: new Map(),
      inferredUses: this.lexer.countUsesAhead(),
      nextValue: 0,
      nextLabel: 0,
    };
    this.fn = scope;
    const params = this.parseList('(', ')', () => this.parseParam());
    let results: ResultSlot[] = [];
    if (this.isPunct('->')) {
      this.next();
      results = this.parseList('(', ')', () => this.parseResultSlot());
    }
    const stackDepth = this.parseStackDepth();
    this.expectPunct('{');
    this.endOfLine();
    this.sink.beginFunction({
      name,
      params,
      results,
      ...(stackDepth !== undefined ? { stackDepth } : {}),
      pos: start.pos,
    });
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '}') {
        this.next();
        this.endOfLine();
        break;
      }
      if (t.kind === 'eof') this.fail(t, `expected '}' to close function @${name}`);
      if (t.kind === 'label') this.parseLabel();
      else this.parseAction();
    }
    this.sink.endFunction();
    this.fn = undefined;
  }

  private parseLabel(): void {
    const t = this.next();
    const label = this.labelRef(t.text);
    const params = this.isPunct('(') ? this.parseList('(', ')', () => this.parseParam()) : [];
    const stackDepth = this.parseStackDepth();
    this.expectPunct(':');
    this.endOfLine();
    this.sink.label({
      label,
      params,
      ...(stackDepth !== undefined ? { stackDepth } : {}),
      pos: t.pos,
    });
  }

  private parseAction(): void {
    const start = this.peek();
    const defs: { name: string; pos: SourcePos; uses: number | undefined; width?: number }[] = [];
    if (start.kind === 'value') {
      for (;;) {
        const v = this.expectKind('value', 'a value name like %x');
        const uses = this.parseUses();
        let width: number | undefined;
        if (this.isPunct(':')) {
          this.next();
          width = this.expectWidth();
        }
        defs.push({ name: v.text, pos: v.pos, uses, ...(width !== undefined ? { width } : {}) });
        if (!this.isPunct(',')) break;
        this.next();
      }
      this.expectPunct('=');
    }
    const opTok = this.expectKind('word', 'an action like add.32');
    const m = OPCODE.exec(opTok.text);
    if (!m) this.fail(opTok, `malformed action '${opTok.text}': expected opcode.width like add.32`);
    const opcode = m![1]!;
    const widths = m![2]!
      .split('.')
      .filter((s) => s !== '')
      .map(Number);
    const spec = this.registry.get(opcode);
    if (spec === undefined) this.fail(opTok, `unknown action '${opcode}'`);
    if (!allowsWidths(spec!, widths)) {
      const allowed = spec!.widths.map((w) => `${opcode}${formatWidths(w)}`).join(', ');
      this.fail(
        opTok,
        `${opcode} does not allow width ${formatWidths(widths) || '(none)'}; allowed: ${allowed}`,
      );
    }
    const sig = spec!.signature(widths, this.pointerWidth);

    const operands: Operand[] = [];
    if (!this.atEndOfLine()) {
      for (;;) {
        this.parseOperand(operands);
        if (!this.isPunct(',')) break;
        this.next();
      }
    }
    this.endOfLine();

    let resultWidths: number[];
    if (sig.results === 'declared') {
      resultWidths = defs.map((d) => {
        if (d.width === undefined) {
          this.failAt(d.pos, `the results of ${opcode} need a width: write %${d.name}: 32`);
        }
        return d.width!;
      });
    } else {
      resultWidths = [...sig.results];
      if (defs.length !== resultWidths.length) {
        const want =
          resultWidths.length === 0
            ? `${opcode} has no result`
            : `${opcode} has ${resultWidths.length} result; write %name = ${opTok.text} …`;
        this.fail(start, `${want}, found ${defs.length} result name(s)`);
      }
      defs.forEach((d, k) => {
        if (d.width !== undefined && d.width !== resultWidths[k]) {
          this.failAt(
            d.pos,
            `%${d.name} is declared ${d.width} bits but ${opTok.text} gives ${resultWidths[k]}`,
          );
        }
      });
    }
    const results: ValueDef[] = defs.map((d, k) =>
      this.defineValue(d.name, d.pos, resultWidths[k]!, d.uses),
    );
    this.sink.action({ opcode, widths, results, operands, pos: opTok.pos });
  }

  private parseOperand(out: Operand[]): void {
    const t = this.next();
    switch (t.kind) {
      case 'value':
        out.push({ kind: 'value', id: this.useValue(t) });
        return;
      case 'int':
        out.push({ kind: 'imm', value: t.int! });
        return;
      case 'word':
        out.push({ kind: 'sym', name: t.text });
        return;
      case 'label':
      case 'func': {
        out.push(
          t.kind === 'label'
            ? { kind: 'label', label: this.labelRef(t.text) }
            : { kind: 'func', name: t.text },
        );
        if (this.isPunct('(')) {
          const args: Operand[] = [];
          this.parseList('(', ')', () => {
            this.parseOperand(args);
            return null;
          });
          out.push(...args);
        }
        return;
      }
      default:
        this.fail(
          t,
          `expected an operand (%value, integer, ^label, @function or symbol), found ${describeToken(t)}`,
        );
    }
  }

  // ---- pieces --------------------------------------------------------------

  private parseParam(): ValueDef {
    const v = this.expectKind('value', 'a parameter like %x: 32');
    const uses = this.parseUses();
    this.expectPunct(':');
    const width = this.expectWidth();
    const loc = this.parseLocation();
    return this.defineValue(v.text, v.pos, width, uses, loc);
  }

  private parseResultSlot(): ResultSlot {
    const width = this.expectWidth();
    const loc = this.parseLocation();
    return loc ? { width, loc } : { width };
  }

  /** An explicit `*N` use count, or undefined (then the count is inferred). */
  private parseUses(): number | undefined {
    if (!this.isPunct('*')) return undefined;
    this.next();
    return this.expectSize('a use count');
  }

  private parseLocation(): Location | undefined {
    const t = this.peek();
    if (!(t.kind === 'word' && t.text === 'in')) return undefined;
    this.next();
    const l = this.next();
    if (l.kind === 'reg') return { kind: 'reg', name: l.text };
    if (l.kind === 'word')
      return l.text === 'any' ? { kind: 'any' } : { kind: 'class', name: l.text };
    if (l.kind === 'punct' && l.text === '[') {
      const offset = this.expectSize('a stack offset');
      this.expectPunct(']');
      return { kind: 'stack', offset };
    }
    return this.fail(
      l,
      `expected a location ('any', a class name, $register or [offset]), found ${describeToken(l)}`,
    );
  }

  private parseStackDepth(): number | undefined {
    const t = this.peek();
    if (!(t.kind === 'word' && t.text === 'stack')) return undefined;
    this.next();
    return this.expectSize('a stack depth');
  }

  private parseList<T>(open: string, close: string, item: () => T): T[] {
    this.expectPunct(open);
    const items: T[] = [];
    if (this.isPunct(close)) {
      this.next();
      return items;
    }
    for (;;) {
      items.push(item());
      if (this.isPunct(close)) {
        this.next();
        return items;
      }
      const t = this.peek();
      if (!this.isPunct(',')) this.fail(t, `expected ',' or '${close}', found ${describeToken(t)}`);
      this.next();
    }
  }

  // ---- names -------------------------------------------------------------------

  private scope(): FunctionScope {
    return this.fn!;
  }

  private defineValue(
    name: string,
    pos: SourcePos,
    width: number,
    explicitUses: number | undefined,
    loc?: Location,
  ): ValueDef {
    const scope = this.scope();
    const prior = scope.values.get(name);
    if (prior) this.failAt(pos, `value %${name} is already defined at line ${prior.pos.line}`);
    const id = scope.nextValue++;
    scope.values.set(name, { id, pos });
    const uses = explicitUses ?? Math.max(0, scope.inferredUses.get(name) ?? 0);
    return { id, name, width, uses, ...(loc ? { loc } : {}) };
  }

  private useValue(t: Token): number {
    const v = this.scope().values.get(t.text);
    if (v === undefined) this.fail(t, `use of undefined value %${t.text}`);
    return v!.id;
  }

  private labelRef(name: string): LabelRef {
    const scope = this.scope();
    let ref = scope.labels.get(name);
    if (ref === undefined) {
      ref = { id: scope.nextLabel++, name };
      scope.labels.set(name, ref);
    }
    return ref;
  }

  // ---- tokens ------------------------------------------------------------------

  private peek(): Token {
    return this.lookahead;
  }

  private next(): Token {
    const t = this.lookahead;
    if (t.kind !== 'eof') this.lookahead = this.lexer.next();
    return t;
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private atEndOfLine(): boolean {
    const k = this.peek().kind;
    return k === 'newline' || k === 'eof';
  }

  private endOfLine(): void {
    const t = this.peek();
    if (!this.atEndOfLine()) this.fail(t, `expected end of line, found ${describeToken(t)}`);
    this.next();
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.next();
  }

  private expectKind(kind: Token['kind'], what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) this.fail(t, `expected ${what}, found ${describeToken(t)}`);
    return this.next();
  }

  private expectPunct(text: string): void {
    const t = this.peek();
    if (!this.isPunct(text)) this.fail(t, `expected '${text}', found ${describeToken(t)}`);
    this.next();
  }

  private expectSize(what: string): number {
    const t = this.expectKind('int', what);
    const v = t.int!;
    if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER))
      this.fail(t, `${what} must be a non-negative integer`);
    return Number(v);
  }

  private expectWidth(): number {
    const t = this.peek();
    const w = this.expectSize('a bit width (1, 8, 16, 32 or 64)');
    if (![1, 8, 16, 32, 64].includes(w)) this.fail(t, `a width is 1, 8, 16, 32 or 64, not ${w}`);
    return w;
  }

  private fail(t: Token, message: string): never {
    throw new LirSyntaxError(message, this.file, t.pos);
  }

  private failAt(pos: SourcePos, message: string): never {
    throw new LirSyntaxError(message, this.file, pos);
  }
}
