/**
 * Validates function bodies with the algorithm of the WebAssembly spec's
 * appendix (1.0 plus the 2020 snapshot's multi-value blocks and functions,
 * sign extension, mutable globals and non-trapping float-to-int): an operand
 * stack of value types where `unknown` stands for any type below unreachable
 * code, and a stack of control frames, each with its parameter and result
 * types, its stack height and whether the rest of it is unreachable.
 *
 * decodeModule (module.ts) runs it on every body once the sections are
 * read, so every caller gets it. binaryen validates a module before (see
 * binaryen.ts), but its IR normalises unreachable code, so it accepts some
 * bodies the spec rejects (e.g. an `if` of one type whose branches both end
 * in an unreachable `select` of another, if.wast:1119); this is the spec's
 * check on the bytes the translator reads.
 *
 * Streaming and linear: one pass over each body, O(1) work per instruction
 * (O(types) for blocks, calls and branches, which move that many values;
 * O(targets) for br_table), the stacks reused from body to body. Immediates
 * are assumed well formed (malformed LEB128 is reported by the reader); any
 * problem is a WasmError naming the file, the function, the byte offset in
 * the module and the problem in the spec's words.
 */
import { WasmError } from '../errors.js';
import {
  type FuncType,
  type GlobalType,
  readValType,
  type ValType,
  type WasmModule,
} from './module.js';
import { instructionName, MEMORY, NUMERIC, PREFIX_FC, TRUNC_SAT } from './opcodes.js';
import { Reader } from './reader.js';

/** An operand's type: `unknown` is any type (popped from an unreachable frame's empty stack). */
type Operand = ValType | 'unknown';

const UNKNOWN = 'unknown';

/** A control frame. The function's body is a frame of kind 'function'. */
interface Frame {
  kind: 'function' | 'block' | 'loop' | 'if' | 'else';
  params: readonly ValType[];
  results: readonly ValType[];
  /** The operand stack's height below the frame's parameters. */
  height: number;
  /** After unreachable, br, br_table or return: the stack is polymorphic. */
  unreachable: boolean;
}

/** A block type of one result. */
const SINGLE: Record<ValType, readonly ValType[]> = {
  i32: ['i32'],
  i64: ['i64'],
  f32: ['f32'],
  f64: ['f64'],
};
const NONE: readonly ValType[] = [];

/** Locals up to this many are kept one per entry; beyond, they are looked up by group. */
const DENSE_LOCALS = 1 << 16;

/** Validates every function body of `m` (see the module comment). */
export function validateFunctions(m: WasmModule): void {
  const v = new BodyValidator(m);
  for (let k = 0; k < m.bodies.length; k++) v.validate(m.importedFunctions + k);
}

class BodyValidator {
  private readonly r: Reader;
  private readonly vals: Operand[] = [];
  private readonly frames: Frame[] = [];
  /** How many frames of `frames` are open (the rest are kept for reuse). */
  private depth = 0;
  /** The current frame (frames[depth - 1]). */
  private top!: Frame;
  /** The first locals' types (up to DENSE_LOCALS), then every group's end and type. */
  private readonly locals: ValType[] = [];
  private readonly groupEnds: number[] = [];
  private readonly groupTypes: ValType[] = [];
  private localCount = 0;
  private func = 0;
  /** The current instruction's offset, opcode and (after 0xfc) sub-opcode. */
  private at = 0;
  private op = 0;
  private sub: number | undefined;

  constructor(private readonly m: WasmModule) {
    this.r = new Reader(m.bytes, 0, 0, m.file);
  }

  validate(index: number): void {
    const { m, r } = this;
    const body = m.bodies[index - m.importedFunctions]!;
    r.pos = body.start;
    r.end = body.end;
    this.func = index;
    this.at = body.start;
    this.op = 0x0b;
    const type = this.funcType(m.functionTypes[index]!);
    this.readLocals(type.params);
    this.vals.length = 0;
    this.depth = 0;
    this.pushCtrl('function', NONE, type.results);
    while (this.depth > 0) {
      if (r.done) throw this.fail('the body ends before the end of the function');
      this.instruction();
    }
    if (!r.done) throw this.fail('code after the end of the function body');
  }

  // --- errors ----------------------------------------------------------

  /** The WasmError for `problem` at the current instruction. */
  private fail(problem: string): WasmError {
    return new WasmError(
      `invalid module: function ${this.func} at byte 0x${this.at.toString(16)}: ${problem}`,
      this.m.file,
    );
  }

  private mismatch(expected: string, found: string): WasmError {
    const name = instructionName(this.op, this.sub);
    return this.fail(`type mismatch: ${name} expects ${expected} but finds ${found}`);
  }

  // --- module lookups ---------------------------------------------------

  private funcType(typeIndex: number): FuncType {
    const t = this.m.types[typeIndex];
    if (t === undefined) throw this.fail(`unknown type ${typeIndex}`);
    return t;
  }

  private readLocals(params: readonly ValType[]): void {
    const { r } = this;
    this.locals.length = 0;
    this.groupEnds.length = 0;
    this.groupTypes.length = 0;
    this.localCount = 0;
    for (const p of params) this.addLocals(1, p);
    const groups = r.u32();
    for (let g = 0; g < groups; g++) {
      this.addLocals(r.u32(), readValType(r));
    }
  }

  private addLocals(n: number, type: ValType): void {
    if (this.localCount + n > 0xffff_ffff) throw this.fail('too many locals');
    for (let k = Math.min(n, DENSE_LOCALS - this.locals.length); k > 0; k--) this.locals.push(type);
    this.localCount += n;
    this.groupEnds.push(this.localCount);
    this.groupTypes.push(type);
  }

  private localType(k: number): ValType {
    if (k < this.locals.length) return this.locals[k]!;
    if (k >= this.localCount) throw this.fail(`unknown local ${k}`);
    let lo = 0;
    let hi = this.groupEnds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.groupEnds[mid]! > k) hi = mid;
      else lo = mid + 1;
    }
    return this.groupTypes[lo]!;
  }

  private memory(): void {
    if (this.m.memories.length === 0) throw this.fail('unknown memory 0');
  }

  private zeroByte(): void {
    if (this.r.u8() !== 0) throw this.fail('zero byte expected');
  }

  // --- the operand stack -------------------------------------------------

  private pushType(t: Operand): void {
    this.vals.push(t);
  }

  private pushAll(types: readonly ValType[]): void {
    for (const t of types) this.vals.push(t);
  }

  /** Pops any operand. */
  private popAny(): Operand {
    const { vals, top } = this;
    if (vals.length === top.height) {
      if (top.unreachable) return UNKNOWN;
      throw this.mismatch('an operand', `none in the ${top.kind}`);
    }
    return vals.pop()!;
  }

  /** Pops an operand of type `expected`. */
  private popType(expected: ValType): void {
    const { vals, top } = this;
    if (vals.length === top.height) {
      if (top.unreachable) return;
      throw this.mismatch(expected, `no operand in the ${top.kind}`);
    }
    const actual = vals.pop()!;
    if (actual !== expected && actual !== UNKNOWN) throw this.mismatch(expected, actual);
  }

  private popAll(types: readonly ValType[]): void {
    for (let k = types.length - 1; k >= 0; k--) this.popType(types[k]!);
  }

  // --- control frames ----------------------------------------------------

  private pushCtrl(kind: Frame['kind'], params: readonly ValType[], results: readonly ValType[]) {
    const height = this.vals.length;
    let f = this.frames[this.depth];
    if (f === undefined) {
      f = { kind, params, results, height, unreachable: false };
      this.frames.push(f);
    } else {
      f.kind = kind;
      f.params = params;
      f.results = results;
      f.height = height;
      f.unreachable = false;
    }
    this.depth++;
    this.top = f;
    this.pushAll(params);
  }

  private popCtrl(): Frame {
    const f = this.top;
    this.popAll(f.results);
    if (this.vals.length !== f.height)
      throw this.fail(
        `type mismatch: ${this.vals.length - f.height} value(s) too many at the end of the ${f.kind} (results [${f.results.join(' ')}])`,
      );
    this.depth--;
    this.top = this.frames[this.depth - 1]!;
    return f;
  }

  /** The rest of the current frame is unreachable. */
  private unreachable(): void {
    this.vals.length = this.top.height;
    this.top.unreachable = true;
  }

  /** The frame a branch of `depth` targets. */
  private label(depth: number): Frame {
    if (depth >= this.depth) throw this.fail(`unknown label ${depth}`);
    return this.frames[this.depth - 1 - depth]!;
  }

  /** The types a branch to `f` passes. */
  private labelTypes(f: Frame): readonly ValType[] {
    return f.kind === 'loop' ? f.params : f.results;
  }

  /** A block type: [params, results]. */
  private blockType(): [readonly ValType[], readonly ValType[]] {
    const { r } = this;
    const b = r.pos < r.end ? r.bytes[r.pos] : undefined;
    if (b === 0x40) {
      r.pos++;
      return [NONE, NONE];
    }
    if (b === 0x7f || b === 0x7e || b === 0x7d || b === 0x7c) return [NONE, SINGLE[readValType(r)]];
    const index = r.s32();
    if (index < 0) throw this.fail('malformed block type');
    const t = this.funcType(index);
    return [t.params, t.results];
  }

  // --- instructions --------------------------------------------------------

  /** Validates one instruction. */
  private instruction(): void {
    const { r } = this;
    this.at = r.pos;
    const op = r.u8();
    this.op = op;
    this.sub = undefined;
    switch (op) {
      case 0x00:
        this.unreachable();
        return;
      case 0x01:
        return;
      case 0x02:
      case 0x03: {
        const [params, results] = this.blockType();
        this.popAll(params);
        this.pushCtrl(op === 0x02 ? 'block' : 'loop', params, results);
        return;
      }
      case 0x04: {
        const [params, results] = this.blockType();
        this.popType('i32');
        this.popAll(params);
        this.pushCtrl('if', params, results);
        return;
      }
      case 0x05: {
        const f = this.top;
        if (f.kind !== 'if') throw this.fail('else without if');
        this.popCtrl();
        this.pushCtrl('else', f.params, f.results);
        return;
      }
      case 0x0b: {
        let f = this.popCtrl();
        if (f.kind === 'if') {
          // No else: the else part passes the parameters on as the results.
          this.pushCtrl('else', f.params, f.results);
          f = this.popCtrl();
        }
        if (this.depth > 0) this.pushAll(f.results);
        return;
      }
      case 0x0c:
        this.popAll(this.labelTypes(this.label(r.u32())));
        this.unreachable();
        return;
      case 0x0d: {
        const types = this.labelTypes(this.label(r.u32()));
        this.popType('i32');
        this.popAll(types);
        this.pushAll(types);
        return;
      }
      case 0x0e:
        this.brTable();
        return;
      case 0x0f:
        this.popAll(this.frames[0]!.results);
        this.unreachable();
        return;
      case 0x10:
        this.call(r.u32());
        return;
      case 0x11: {
        const type = this.funcType(r.u32());
        this.zeroByte();
        if (this.m.tables.length === 0) throw this.fail('unknown table 0');
        this.popType('i32');
        this.popAll(type.params);
        this.pushAll(type.results);
        return;
      }
      case 0x1a:
        this.popAny();
        return;
      case 0x1b:
        this.select();
        return;
      case 0x20:
        this.pushType(this.localType(r.u32()));
        return;
      case 0x21:
        this.popType(this.localType(r.u32()));
        return;
      case 0x22: {
        const t = this.localType(r.u32());
        this.popType(t);
        this.pushType(t);
        return;
      }
      case 0x23:
        this.pushType(this.global(r.u32()).type);
        return;
      case 0x24: {
        const g = this.global(r.u32());
        if (!g.mutable) throw this.fail('global is immutable');
        this.popType(g.type);
        return;
      }
      case 0x3f:
        this.zeroByte();
        this.memory();
        this.pushType('i32');
        return;
      case 0x40:
        this.zeroByte();
        this.memory();
        this.popType('i32');
        this.pushType('i32');
        return;
      case 0x41:
        this.skipLeb(5);
        this.pushType('i32');
        return;
      case 0x42:
        this.skipLeb(10);
        this.pushType('i64');
        return;
      case 0x43:
        this.skip(4);
        this.pushType('f32');
        return;
      case 0x44:
        this.skip(8);
        this.pushType('f64');
        return;
      case PREFIX_FC: {
        this.sub = r.u32();
        const n = TRUNC_SAT[this.sub];
        if (n === undefined) throw this.fail(`unknown or unsupported instruction 0xfc ${this.sub}`);
        this.popType(n.params[0]!);
        this.pushType(n.result);
        return;
      }
      default:
        this.other(op);
    }
  }

  /** Numeric instructions, loads and stores. */
  private other(op: number): void {
    const n = NUMERIC[op];
    if (n !== undefined) {
      this.popAll(n.params);
      this.pushType(n.result);
      return;
    }
    const access = MEMORY[op];
    if (access === undefined)
      throw this.fail(`unknown or unsupported instruction 0x${op.toString(16).padStart(2, '0')}`);
    const align = this.r.u32();
    this.r.u32(); // offset
    this.memory();
    if (2 ** align > access.bytes) throw this.fail('alignment must not be larger than natural');
    if (access.store) {
      this.popType(access.type);
      this.popType('i32');
    } else {
      this.popType('i32');
      this.pushType(access.type);
    }
  }

  private global(index: number): GlobalType {
    const g = this.m.globalTypes[index];
    if (g === undefined) throw this.fail(`unknown global ${index}`);
    return g;
  }

  private call(index: number): void {
    const typeIndex = this.m.functionTypes[index];
    if (typeIndex === undefined) throw this.fail(`unknown function ${index}`);
    const type = this.funcType(typeIndex);
    this.popAll(type.params);
    this.pushAll(type.results);
  }

  private select(): void {
    this.popType('i32');
    const b = this.popAny();
    const a = this.popAny();
    if (a !== b && a !== UNKNOWN && b !== UNKNOWN)
      throw this.mismatch('two operands of the same type', `${a} and ${b}`);
    this.pushType(a === UNKNOWN ? b : a);
  }

  /**
   * br_table: every target's label types equal the default's (WebAssembly
   * 1.0: exactly, even in unreachable code), checked against the first
   * target's as they are read.
   */
  private brTable(): void {
    const { r } = this;
    const n = r.u32();
    let first: readonly ValType[] | undefined;
    for (let k = 0; k < n; k++) {
      const types = this.labelTypes(this.label(r.u32()));
      if (first === undefined) first = types;
      else if (!sameTypes(types, first)) throw this.brTableMismatch(first, types);
    }
    const types = this.labelTypes(this.label(r.u32()));
    if (first !== undefined && !sameTypes(types, first)) throw this.brTableMismatch(first, types);
    this.popType('i32');
    this.popAll(types);
    this.unreachable();
  }

  private brTableMismatch(a: readonly ValType[], b: readonly ValType[]): WasmError {
    return this.fail(
      `type mismatch: br_table targets of types [${a.join(' ')}] and [${b.join(' ')}]`,
    );
  }

  /** Skips a LEB128 of at most `max` bytes. */
  private skipLeb(max: number): void {
    const { r } = this;
    for (let k = 0; k < max; k++) if ((r.u8() & 0x80) === 0) return;
    throw r.error('integer representation too long');
  }

  private skip(n: number): void {
    if (this.r.end - this.r.pos < n) throw this.r.error('unexpected end');
    this.r.pos += n;
  }
}

function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
