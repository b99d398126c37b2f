/**
 * The action registry: every action Low IR knows, as data. An entry gives the
 * opcode, the width tuples it allows, its operand and result shapes for a
 * width tuple, its effects (pure, memory, control flow, may trap) and an
 * evaluator that defines its semantics exactly. The verifier, text parser,
 * interpreter and reference docs all read from here, so they cannot drift.
 *
 * The registry is open: a machine definition can `define` its own actions.
 */

/** How one operand position is checked. */
export type OperandRule =
  /** A value of this width (any width for 'any'), or an immediate that fits it. */
  | { readonly kind: 'value'; readonly width: number | 'any' }
  /** An immediate only (optionally required to fit a width). */
  | { readonly kind: 'imm'; readonly width?: number }
  | { readonly kind: 'label' }
  | { readonly kind: 'func' }
  | { readonly kind: 'sym' };

/** The operand and result shape of one action at one width tuple. */
export interface ActionSignature {
  readonly operands: readonly OperandRule[];
  /** Extra trailing values of any width (call and jump arguments). */
  readonly variadic?: boolean;
  /** With `variadic`, the most operands the action takes (unlimited when absent). */
  readonly maxOperands?: number;
  /** Result widths, or 'declared' when each result states its width (calls). */
  readonly results: readonly number[] | 'declared';
}

/** What kind of control transfer an action performs. */
export type ControlKind = 'none' | 'jump' | 'branch' | 'call' | 'return' | 'trap';

/** Effects of an action, for optimisers and for LIRC. */
export interface ActionEffects {
  /** No memory access, no control flow, no trap: can be folded, reordered or removed. */
  readonly pure: boolean;
  readonly readsMemory: boolean;
  readonly writesMemory: boolean;
  readonly control: ControlKind;
  readonly mayTrap: boolean;
}

/** Linear memory as seen by evaluators. Addresses are byte offsets. */
export interface MemoryAccess {
  /** Reads `bytes` little-endian bytes at `address` (traps `out_of_bounds`). */
  load(address: bigint, bytes: number): bigint;
  /** Writes the low `bytes` bytes of `value` little-endian at `address`. */
  store(address: bigint, bytes: number, value: bigint): void;
}

/** What an evaluator may touch besides its arguments. */
export interface EvalContext {
  readonly memory: MemoryAccess;
}

/**
 * Computes an action's result from its arguments (canonical unsigned bit
 * patterns, immediates already reduced to their operand width). Returns the
 * result pattern, or undefined for actions without a result. Traps by throwing
 * a TrapSignal.
 */
export type Evaluator = (args: readonly bigint[], ctx: EvalContext) => bigint | undefined;

/** Thrown by an evaluator to trap; the interpreter turns it into a trap result. */
export class TrapSignal extends Error {
  constructor(readonly trapKind: string) {
    super(`trap: ${trapKind}`);
    this.name = 'TrapSignal';
  }
}

/** One registered action. */
export interface ActionSpec {
  readonly opcode: string;
  /** The family it is listed under in the reference (e.g. "integer arithmetic"). */
  readonly category: string;
  /** One sentence of semantics, for the reference docs. */
  readonly summary: string;
  /** Every width tuple the action allows, e.g. [[8],[16],[32],[64]]. */
  readonly widths: readonly (readonly number[])[];
  readonly effects: ActionEffects;
  /** The trap kinds the evaluator can raise. */
  readonly traps?: readonly string[];
  /**
   * Operand and result shape for one allowed width tuple, in a module whose
   * addresses are `pointerWidth` bits.
   */
  signature(widths: readonly number[], pointerWidth: number): ActionSignature;
  /**
   * Builds the evaluator for one allowed width tuple. Absent for actions whose
   * meaning is control flow (jump, call, …), which the interpreter defines.
   */
  evaluate?(widths: readonly number[]): Evaluator;
  /** True for `clone`: its value operand is not a use but gains `imm` more uses. */
  readonly retains?: boolean;
  /** True when swapping the first two operands never changes the result (matchers try both orders). */
  readonly commutative?: boolean;
}

/** The registry of actions: the standard set plus whatever a target defines. */
export class ActionRegistry {
  private readonly specs = new Map<string, ActionSpec>();
  private frozen = false;

  /** Creates a registry holding the given specs. */
  constructor(specs: Iterable<ActionSpec> = []) {
    for (const spec of specs) this.define(spec);
  }

  /** Adds an action; an opcode may be defined only once. */
  define(spec: ActionSpec): void {
    if (this.frozen)
      throw new Error(`cannot define '${spec.opcode}': this registry is frozen (extend() it)`);
    if (!/^[a-z][a-z0-9_]*$/.test(spec.opcode)) {
      throw new Error(`invalid action opcode '${spec.opcode}': use lower case, digits and '_'`);
    }
    if (this.specs.has(spec.opcode)) {
      throw new Error(`action '${spec.opcode}' is already defined`);
    }
    this.specs.set(spec.opcode, spec);
  }

  /** The spec of an opcode, or undefined. */
  get(opcode: string): ActionSpec | undefined {
    return this.specs.get(opcode);
  }

  /** Every spec, in definition order. */
  all(): readonly ActionSpec[] {
    return [...this.specs.values()];
  }

  /** Forbids further `define` calls (the shared standard registry is frozen). */
  freeze(): this {
    this.frozen = true;
    return this;
  }

  /** A copy of this registry that can be extended without touching this one. */
  extend(extra: Iterable<ActionSpec> = []): ActionRegistry {
    const copy = new ActionRegistry(this.specs.values());
    for (const spec of extra) copy.define(spec);
    return copy;
  }
}

/** Whether `widths` is one of the tuples `spec` allows. */
export function allowsWidths(spec: ActionSpec, widths: readonly number[]): boolean {
  return spec.widths.some(
    (tuple) => tuple.length === widths.length && tuple.every((w, i) => w === widths[i]),
  );
}

/** Writes a width tuple as in the text form: `.32` or `.32.8`. */
export function formatWidths(widths: readonly number[]): string {
  return widths.map((w) => `.${w}`).join('');
}
