/**
 * Writes the Low IR of one function into a sink: fresh value and label ids,
 * actions with their results, clones and drops. The translator (function.ts)
 * decides what to write; this module only builds the records.
 */
import type { Action, LabelDef, LabelRef, LowIrSink, Operand, ValueDef } from '@lirc/low-ir';

/** An operand that is a use of value `id`. */
export function use(id: number): Operand {
  return { kind: 'value', id };
}

/** An immediate operand. */
export function imm(value: bigint | number): Operand {
  return { kind: 'imm', value: BigInt(value) };
}

/** A symbol operand (a trap kind). */
export function sym(name: string): Operand {
  return { kind: 'sym', name };
}

/** Builds the actions of one function. */
export class Emitter {
  private nextValue = 0;
  private nextLabel = 0;

  constructor(private readonly sink: LowIrSink) {}

  /** A fresh value definition. */
  value(width: number, uses = 1): ValueDef {
    return { id: this.nextValue++, width, uses };
  }

  /** A fresh label. */
  label(): LabelRef {
    return { id: this.nextLabel++ };
  }

  /** Emits an action with one result of `width` (and `uses` uses); returns a use of it. */
  def(
    opcode: string,
    widths: readonly number[],
    operands: readonly Operand[],
    width: number,
    uses = 1,
  ): Operand {
    const r = this.value(width, uses);
    this.sink.action({ opcode, widths, operands, results: [r] });
    return use(r.id);
  }

  /** Emits an action with the given results (calls). */
  multi(
    opcode: string,
    widths: readonly number[],
    operands: readonly Operand[],
    results: readonly ValueDef[],
  ): void {
    this.sink.action({ opcode, widths, operands, results });
  }

  /** Emits an action without results. */
  effect(opcode: string, widths: readonly number[], operands: readonly Operand[]): void {
    this.sink.action({ opcode, widths, operands, results: [] });
  }

  /** Adds `n` uses to the value of `op` (nothing for an immediate). */
  clone(op: Operand, n = 1): void {
    if (op.kind === 'value' && n > 0) this.effect('clone', [], [op, imm(n)]);
  }

  /** Consumes one use of the value of `op` (nothing for an immediate). */
  drop(op: Operand): void {
    if (op.kind === 'value') this.effect('drop', [], [op]);
  }

  /** Defines a label with parameters of these widths; returns uses of them. */
  defineLabel(label: LabelRef, widths: readonly number[]): Operand[] {
    const params = widths.map((w) => this.value(w));
    const def: LabelDef = { label, params };
    this.sink.label(def);
    return params.map((p) => use(p.id));
  }

  /** Emits an action record as is. */
  raw(action: Action): void {
    this.sink.action(action);
  }
}
