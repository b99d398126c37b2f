/**
 * A code buffer that emits encoded forms one after another and resolves
 * labels: a branch to a label already placed is encoded with its offset; a
 * branch to a label not yet placed is encoded with a zero offset and a fixup,
 * patched in place (by encoding the form again) when the label is bound. A
 * patch that would change the instruction's size or put the target out of the
 * form's reach is an error naming the form and the label.
 */
import type { CompiledForm, LoadedMachine } from '../machine/load.js';
import type { RelocationRequest } from '../machine/types.js';
import { EncodeError, encodeForm, type OperandInput } from './encode.js';

/** An operand for `emit`: as for encodeForm, or a label by id. */
export type BufferOperand = OperandInput | { readonly labelId: number };

interface Fixup {
  readonly at: number;
  readonly size: number;
  readonly form: CompiledForm;
  readonly operands: Readonly<Record<string, BufferOperand>>;
  /** Labels of this instruction still unplaced. */
  waiting: number;
}

/** Code, relocations (offsets from the start of the buffer) and label positions. */
export interface FinishedCode {
  readonly bytes: Uint8Array;
  readonly relocations: readonly RelocationRequest[];
  readonly labels: ReadonlyMap<number, number>;
}

/** Emits instructions and resolves labels. */
export class CodeBuffer {
  private readonly bytes: number[] = [];
  private readonly relocations: RelocationRequest[] = [];
  private readonly placed = new Map<number, number>();
  private readonly waiting = new Map<number, Fixup[]>();

  constructor(private readonly machine: LoadedMachine) {}

  /** Bytes emitted so far: the offset of the next instruction. */
  get position(): number {
    return this.bytes.length;
  }

  /** Offset of a placed label from the next instruction (what queries need), or undefined. */
  labelOffset(labelId: number): number | undefined {
    const at = this.placed.get(labelId);
    return at === undefined ? undefined : at - this.position;
  }

  /** Appends one instruction; returns its offset. */
  emit(form: CompiledForm, operands: Readonly<Record<string, BufferOperand>>): number {
    const at = this.position;
    const encoded = encodeForm(this.machine, form, this.resolve(operands, at));
    let waiting = 0;
    for (const op of Object.values(operands)) {
      if ('labelId' in op && !this.placed.has(op.labelId)) waiting++;
    }
    if (waiting > 0) {
      const fixup: Fixup = { at, size: encoded.bytes.length, form, operands, waiting };
      for (const op of Object.values(operands)) {
        if ('labelId' in op && !this.placed.has(op.labelId)) {
          this.waiting.set(op.labelId, [...(this.waiting.get(op.labelId) ?? []), fixup]);
        }
      }
    }
    this.bytes.push(...encoded.bytes);
    for (const r of encoded.relocations) this.relocations.push({ ...r, at: r.at + at });
    return at;
  }

  /** Places a label at the current position and patches the branches waiting for it. */
  bind(labelId: number): void {
    if (this.placed.has(labelId)) throw new EncodeError(`label ${labelId} is placed twice`);
    this.placed.set(labelId, this.position);
    for (const fixup of this.waiting.get(labelId) ?? []) {
      fixup.waiting--;
      if (fixup.waiting === 0) this.patch(fixup);
    }
    this.waiting.delete(labelId);
  }

  /** The finished code; every label a branch uses must be placed. */
  finish(): FinishedCode {
    if (this.waiting.size > 0) {
      const labels = [...this.waiting.keys()].join(', ');
      throw new EncodeError(`branches to labels that were never placed: ${labels}`);
    }
    return {
      bytes: Uint8Array.from(this.bytes),
      relocations: this.relocations,
      labels: this.placed,
    };
  }

  private resolve(
    operands: Readonly<Record<string, BufferOperand>>,
    at: number,
  ): Record<string, OperandInput> {
    const out: Record<string, OperandInput> = {};
    for (const [name, op] of Object.entries(operands)) {
      if ('labelId' in op) {
        const target = this.placed.get(op.labelId);
        out[name] = { label: target === undefined ? undefined : target - at };
      } else out[name] = op;
    }
    return out;
  }

  private patch(fixup: Fixup): void {
    let encoded: ReturnType<typeof encodeForm>;
    try {
      encoded = encodeForm(this.machine, fixup.form, this.resolve(fixup.operands, fixup.at));
    } catch (e) {
      if (e instanceof EncodeError) {
        throw new EncodeError(`branch at offset ${fixup.at} cannot reach its label: ${e.message}`);
      }
      throw e;
    }
    if (encoded.bytes.length !== fixup.size) {
      throw new EncodeError(
        `${fixup.form.name}: patching the branch at ${fixup.at} changed its size`,
      );
    }
    this.bytes.splice(fixup.at, fixup.size, ...encoded.bytes);
  }
}
