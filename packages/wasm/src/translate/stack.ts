/**
 * The operand stack of a function being translated. An entry is a Low IR
 * operand of width 32 or 64 (a value with one use that the entry owns, or an
 * immediate) or a *comparison not yet emitted*: `i32.lt_s` pushes
 * `lt_s.32 a, b`, which becomes a 1-bit condition where a branch, an `if`
 * or a `select` consumes it (inverted for free where the branch wants the
 * opposite), and an i32 (`zext.32.1`) anywhere else. Comparisons are pure,
 * so emitting one later than WebAssembly evaluates it changes nothing.
 */
import type { Operand } from '@lirc/low-ir';
import { type Emitter, imm } from './emitter.js';

/** A comparison waiting on the stack (`eqz` is kept as `eq a, 0`). */
export interface Comparison {
  readonly opcode: string;
  readonly width: number;
  readonly a: Operand;
  readonly b: Operand;
}

/** One entry of the operand stack. */
export type Entry =
  | { readonly kind: 'op'; readonly op: Operand; readonly width: number }
  | { readonly kind: 'compare'; readonly comparison: Comparison };

const INVERSE: Record<string, string> = {
  eq: 'ne',
  ne: 'eq',
  lt_s: 'ge_s',
  ge_s: 'lt_s',
  lt_u: 'ge_u',
  ge_u: 'lt_u',
  gt_s: 'le_s',
  le_s: 'gt_s',
  gt_u: 'le_u',
  le_u: 'gt_u',
};

/** The comparison with the opposite outcome. */
export function invert(c: Comparison): Comparison {
  return { ...c, opcode: INVERSE[c.opcode]! };
}

/** Width (32 or 64) of an entry as a WebAssembly value. */
export function entryWidth(e: Entry): number {
  return e.kind === 'op' ? e.width : 32;
}

/** The operand stack, with the emitter that materialises entries. */
export class ValueStack {
  readonly entries: Entry[] = [];

  constructor(private readonly emit: Emitter) {}

  get height(): number {
    return this.entries.length;
  }

  put(op: Operand, width: number): void {
    this.entries.push({ kind: 'op', op, width });
  }

  putComparison(comparison: Comparison): void {
    this.entries.push({ kind: 'compare', comparison });
  }

  take(): Entry {
    const e = this.entries.pop();
    if (e === undefined) throw new Error('translator bug: operand stack underflow');
    return e;
  }

  /** Pops an entry as an operand of its width. */
  popOp(): Operand {
    return this.operand(this.take());
  }

  /** An entry as an operand of its WebAssembly width (emits a waiting comparison). */
  operand(e: Entry): Operand {
    if (e.kind === 'op') return e.op;
    const c = this.condition(e.comparison);
    if (c.kind === 'imm') return c;
    return this.emit.def('zext', [32, 1], [c], 32);
  }

  /** Emits a comparison: its 1-bit result. Two immediates fold to an immediate. */
  condition(c: Comparison): Operand {
    if (c.a.kind === 'imm' && c.b.kind === 'imm') return imm(compare(c) ? 1 : 0);
    return this.emit.def(c.opcode, [c.width], [c.a, c.b], 1);
  }

  /** An entry as a 1-bit condition that is 1 when it is non-zero (or, with `negate`, zero). */
  test(e: Entry, negate = false): Operand {
    if (e.kind === 'compare') return this.condition(negate ? invert(e.comparison) : e.comparison);
    return this.condition({ opcode: negate ? 'eq' : 'ne', width: e.width, a: e.op, b: imm(0) });
  }

  /** Turns entry `k` (from the bottom) into an operand entry in place; returns its operand. */
  materialize(k: number): Operand {
    const e = this.entries[k]!;
    if (e.kind === 'op') return e.op;
    const op = this.operand(e);
    this.entries[k] = { kind: 'op', op, width: 32 };
    return op;
  }

  /** Releases an entry that is no longer needed (drops the values it owns). */
  release(e: Entry): void {
    if (e.kind === 'op') this.emit.drop(e.op);
    else {
      this.emit.drop(e.comparison.a);
      this.emit.drop(e.comparison.b);
    }
  }
}

/** The outcome of a comparison of two immediates. */
function compare(c: Comparison): boolean {
  const a = (c.a as { value: bigint }).value;
  const b = (c.b as { value: bigint }).value;
  const u = (v: bigint) => BigInt.asUintN(c.width, v);
  const s = (v: bigint) => BigInt.asIntN(c.width, v);
  switch (c.opcode) {
    case 'eq':
      return u(a) === u(b);
    case 'ne':
      return u(a) !== u(b);
    case 'lt_s':
      return s(a) < s(b);
    case 'lt_u':
      return u(a) < u(b);
    case 'gt_s':
      return s(a) > s(b);
    case 'gt_u':
      return u(a) > u(b);
    case 'le_s':
      return s(a) <= s(b);
    case 'le_u':
      return u(a) <= u(b);
    case 'ge_s':
      return s(a) >= s(b);
    case 'ge_u':
      return u(a) >= u(b);
    default:
      throw new Error(`translator bug: comparison ${c.opcode}`);
  }
}
