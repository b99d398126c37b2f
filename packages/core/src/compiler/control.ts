/**
 * Control flow of one function: labels and their calling conventions (where
 * their parameters are on entry: registers, else stack slots), jumps (a jump
 * to the next label is dropped), conditional branches that need moves
 * (through out-of-line stubs emitted after the body), returns, traps, and
 * the end of each block.
 *
 * A label's convention is fixed by the first branch to it (where the values
 * already are), or by the label itself when it comes first. Locations the
 * label declares (`in $reg`, `in [n]`, `in <class>`) that the first branch
 * could not know are reached by moves at the label: the label is bound
 * before them (for the branches already emitted) and a second entry after
 * them, which later branches use. A concrete stack location `[n]` is a slot
 * of the function's frame, the same for every label naming `[n]`.
 */

import type { Action, LabelDef, Operand, ValueDef } from '@lirc/low-ir';
import { type Location, locationKey } from '../state.js';
import {
  type FunctionContext,
  operandsFor,
  reg,
  sequentializeValueMoves,
  type ValueMove,
} from './context.js';
import { CompileError } from './errors.js';
import { LabelPlaces, labelText, registerNames } from './label-places.js';
import { labelName } from './listing.js';
import { storeReturnArea } from './return-area.js';

/** The label of the epilogue (the code after the body that every return jumps to). */
export const EPILOGUE = -1_000_000;

/** Code emitted after the body: moves then a jump (branch stubs) or a trap. */
interface Stub {
  readonly label: number;
  readonly moves: readonly ValueMove[];
  readonly jumpTo?: number;
  /** Locations of the label's arguments: those not moved stay in place (not a scratch). */
  readonly keep?: readonly Location[];
  readonly trap?: string;
  /** A landing's stub: sets the frame pointer from the stack pointer before jumping on. */
  readonly landing?: boolean;
}

/** Labels, branches, returns and traps of one function. */
export class ControlFlow {
  /** Where each label's parameters are on entry, once fixed. */
  private readonly conventions = new Map<number, readonly Location[]>();
  /** Labels entered after moves to their declared locations: the code label later branches go to. */
  private readonly entries = new Map<number, number>();
  /** Chooses where label parameters go (label-places.ts). */
  private readonly places: LabelPlaces;
  /** The widths of each label's parameters, once defined. */
  private readonly widths = new Map<number, readonly number[]>();
  /**
   * Per label not yet defined, the positions where a branch passed an
   * immediate other than 0 and 1, moved at the pointer width: if the
   * parameter turns out to have 1 bit, only the low bit counts (see label).
   */
  private readonly wideImmediates = new Map<number, Set<number>>();
  private readonly stubs: Stub[] = [];
  private nextStub = -1;
  /** A jump whose emission waits for the next item (dropped if that is its label). */
  private pendingJump: number | undefined;
  /** True right after a jump, return or trap: nothing is live. */
  ended = false;

  constructor(private readonly ctx: FunctionContext) {
    this.places = new LabelPlaces(ctx);
  }

  /** A new label for a stub that traps with `kind` (for trap_if). */
  trapStub(kind: string): number {
    const stub = this.nextStub--;
    this.stubs.push({ label: stub, moves: [], trap: kind });
    return stub;
  }

  /**
   * A new label for the stub of landing `label` (see label_addr): a signal
   * handler resumes there with only the stack pointer restored, so the stub
   * sets the frame pointer from it, then jumps to the label, where nothing
   * is live. Every callee-saved register is then unknown, so a function with
   * a landing saves them all in its prologue (its epilogue restores them).
   */
  landingStub(label: number): number {
    const existing = this.stubs.find((s) => s.landing && s.jumpTo === label);
    if (existing) return existing.label;
    const stub = this.nextStub--;
    this.stubs.push({ label: stub, moves: [], jumpTo: label, landing: true });
    this.ctx.frame.saveAllCalleeSaved();
    return stub;
  }

  /**
   * The 1-bit parameters of `def` to which an earlier branch passed an
   * immediate other than 0 and 1 (in a register at the pointer width, so
   * only its low bit is the value): they must be truncated at the label.
   */
  unnormalizedParams(def: LabelDef): number[] {
    const wide = this.wideImmediates.get(def.label.id);
    return def.params.flatMap((p, k) => (p.width === 1 && wide?.has(k) ? [k] : []));
  }

  /**
   * A label: its parameters arrive where its calling convention puts them
   * (then move to the locations it declares, if the first branch chose
   * others). A parameter listed in `raw` is defined as that value instead (a
   * pointer-width value the caller truncates into the parameter).
   */
  label(def: LabelDef, raw: ReadonlyMap<number, ValueDef> = new Map()): void {
    const id = def.label.id;
    this.widths.set(
      id,
      def.params.map((p) => p.width),
    );
    this.wideImmediates.delete(id);
    if (this.pendingJump !== undefined && this.pendingJump !== id) this.emitPendingJump();
    this.pendingJump = undefined;
    if (this.ctx.state.live().length > 0) this.endBlock();
    const declared = def.params.map((p, k) => this.places.declaredLocation(def, p, k));
    let cc = this.conventions.get(id);
    if (cc === undefined) {
      // Reached only by branches still to come: declared locations, else free
      // registers of the parameter's class, else slots.
      cc = this.places.freshConvention(def, declared);
      this.conventions.set(id, cc);
    }
    this.ctx.code.bind(id);
    const defs = def.params.map((p, k) => raw.get(k) ?? p);
    defs.forEach((d, k) => {
      this.ctx.state.define(d.id, d.width, d.uses, [cc[k]!]);
    });
    const targets = this.places.targets(def, cc, declared);
    if (targets.some((t, k) => locationKey(t) !== locationKey(cc[k]!))) {
      const moves = defs.flatMap((d, k): ValueMove[] =>
        locationKey(targets[k]!) === locationKey(cc[k]!) || d.uses === 0
          ? []
          : [{ from: cc[k]!, to: targets[k]!, width: d.width, value: d.id }],
      );
      this.ctx.runMoves(moves, new Set(registerNames(targets)), 'label parameters to their homes');
      defs.forEach((d, k) => {
        for (const l of this.ctx.state.locationsOf(d.id))
          if (locationKey(l) !== locationKey(targets[k]!)) this.ctx.state.removeLocation(d.id, l);
      });
      const entry = this.nextStub--;
      this.ctx.labelNames.set(entry, `${labelText(def).slice(1)}.placed`);
      this.ctx.code.bind(entry);
      this.entries.set(id, entry);
      this.conventions.set(id, targets);
    }
    this.ended = false;
  }

  /** The code label branches to `label` go to (its entry after the moves to declared locations, if any). */
  private entryOf(label: number): number {
    return this.entries.get(label) ?? label;
  }

  /**
   * Makes a branch to `label` pass `args`: fixes the label's convention if
   * this is the first branch (where the arguments are: their registers, else
   * free registers, else their slots, else new slots; copying where a value
   * is passed twice or is a constant), else conforms. Returns the code label
   * to branch to: the label's entry, or (for a conditional branch that needs
   * moves) a stub that does them. `busy` registers must not be touched.
   */
  conform(
    label: number,
    args: readonly Operand[],
    busy: ReadonlySet<string>,
    unconditional: boolean,
  ): number {
    const widths = this.widths.get(label);
    args = args.map((op, k) => {
      if (op.kind !== 'imm' || op.value === 0n || op.value === 1n) return op;
      if (widths === undefined) {
        const wide = this.wideImmediates.get(label) ?? new Set<number>();
        wide.add(k);
        this.wideImmediates.set(label, wide);
        return op;
      }
      return widths[k] === 1 ? { kind: 'imm', value: BigInt.asUintN(1, op.value) } : op;
    });
    const cc = this.conventions.get(label);
    if (cc === undefined) {
      const chosen = this.places.firstConvention(args, busy);
      this.conventions.set(label, chosen);
      const moves = args.flatMap((op, k) => {
        const m = this.ctx.argumentMove(op, chosen[k]!, 'a branch argument');
        return locationKey(m.from) === locationKey(m.to) ? [] : [m];
      });
      this.ctx.runMoves(
        moves,
        new Set([...busy, ...registerNames(chosen)]),
        'branch arguments where the label expects them',
      );
      return label;
    }
    if (cc.length !== args.length)
      throw new CompileError(
        `@${this.ctx.header.name}: a branch passes ${args.length} value(s) to a label taking ${cc.length}`,
      );
    const entry = this.entryOf(label);
    const moves = args
      .map((op, k) => this.ctx.argumentMove(op, cc[k]!, 'a branch argument'))
      .filter((m) => locationKey(m.from) !== locationKey(m.to));
    if (moves.length === 0) return entry;
    if (unconditional) {
      this.ctx.runMoves(
        moves,
        new Set([...busy, ...registerNames(cc)]),
        "branch arguments into the label's convention",
      );
      return entry;
    }
    const stub = this.nextStub--;
    this.stubs.push({ label: stub, moves, jumpTo: entry, keep: cc });
    return stub;
  }

  consumeArguments(args: readonly Operand[]): void {
    for (const op of args)
      if (op.kind === 'value' && this.ctx.state.isLive(op.id)) this.ctx.state.use(op.id);
  }

  emitJump(a: Action): void {
    const label = a.operands[0];
    if (label?.kind !== 'label')
      throw new CompileError(`@${this.ctx.header.name}: jump without a label`);
    const target = this.conform(label.label.id, a.operands.slice(1), new Set(), true);
    this.consumeArguments(a.operands.slice(1));
    this.endBlock();
    this.pendingJump = target;
  }

  emitPendingJump(): void {
    if (this.pendingJump === undefined) return;
    this.emitJumpTo(this.pendingJump);
    this.pendingJump = undefined;
  }

  /** Emits an unconditional jump to a label of the code buffer. */
  private emitJumpTo(target: number): void {
    const jump: Action = {
      opcode: 'jump',
      widths: [],
      results: [],
      operands: [{ kind: 'label', label: { id: target } }],
    };
    const best = this.ctx.matcher.best(this.ctx.query([jump], true));
    if (!best)
      throw new CompileError(`the ${this.ctx.machine.def.name} definition has no form for jump`);
    const offset = this.ctx.emit(best.form, operandsFor(best, new Map()));
    this.ctx.record(offset, best.form.name, [
      `jump ${labelName(target, EPILOGUE, this.ctx.labelNames)}`,
    ]);
  }

  /**
   * Stubs after the body: each does its moves, then jumps on or traps.
   * `slot` is the scratch of a stub whose cycle of moves finds no free
   * register (taken before the epilogue froze the frame).
   */
  emitStubs(slot: Location | undefined): void {
    for (const stub of this.stubs) {
      this.ctx.code.bind(stub.label);
      this.runStubMoves(stub.moves, stub.keep ?? [], slot);
      if (stub.landing) this.ctx.frame.emitFramePointer();
      if (stub.jumpTo !== undefined) this.emitJumpTo(stub.jumpTo);
      if (stub.trap !== undefined) {
        const trap: Action = {
          opcode: 'trap',
          widths: [],
          results: [],
          operands: [{ kind: 'sym', name: stub.trap }],
        };
        const best = this.ctx.matcher.best(this.ctx.query([trap]));
        if (!best)
          throw new CompileError(
            `the ${this.ctx.machine.def.name} definition has no form for trap`,
          );
        const offset = this.ctx.emit(best.form, operandsFor(best, new Map()));
        this.ctx.instructions.push({
          offset,
          form: best.form.name,
          actions: [`trap ${stub.trap}`],
        });
        this.ctx.trapSites.push({ offset, size: this.ctx.code.position - offset, kind: stub.trap });
      }
    }
  }

  /** Registers free in a stub: only the label's arguments are live there (in the moves or in `keep`). */
  private stubRegisters(moves: readonly ValueMove[], keep: readonly Location[]): string[] {
    const used = new Set(registerNames([...keep, ...moves.flatMap((m) => [m.from, m.to])]));
    return this.ctx.pool.registers(this.ctx.firstClass).filter((r) => !used.has(r));
  }

  /**
   * A stub's moves: a free register breaks cycles (else `slot`), another
   * carries the moves no instruction does directly (a slot or a constant into
   * a slot), else one is borrowed for them (see FunctionContext.moveThrough).
   */
  private runStubMoves(
    moves: readonly ValueMove[],
    keep: readonly Location[],
    slot: Location | undefined,
  ): void {
    const [first, second] = this.stubRegisters(moves, keep);
    const scratch = first !== undefined ? reg(first) : slot;
    const via = first === undefined ? undefined : second;
    const anything = () => true;
    for (const m of sequentializeValueMoves(moves, scratch)) {
      if (this.ctx.needsRegister(m.from, m.to, m.width))
        this.ctx.moveThrough(m.from, m.to, m.width, via, anything);
      else this.ctx.move(m.from, m.to, m.width, anything);
    }
  }

  /** The end of a block: nothing is live after a jump, a return or a trap. */
  endBlock(): void {
    for (const id of this.ctx.state.live()) this.ctx.state.release(id);
    this.ended = true;
  }

  /** A return: results beyond the result registers to the return area, the others to their registers. */
  emitReturn(a: Action): void {
    storeReturnArea(this.ctx, a);
    const moves: ValueMove[] = [];
    const results = this.ctx.header.results;
    const places = this.ctx.resultPlacement.places;
    a.operands.forEach((op, k) => {
      const place = places[k]!;
      if (place.kind !== 'reg') return;
      const r = place.name;
      const width = results[k]!.width;
      if (op.kind === 'imm')
        moves.push({ from: { kind: 'const', value: op.value }, to: reg(r), width, value: -1 });
      else if (op.kind === 'value')
        moves.push({ from: this.ctx.bestSource(op.id), to: reg(r), width, value: op.id });
    });
    this.ctx.runMoves(
      moves,
      new Set(moves.map((m) => (m.to as { name: string }).name)),
      'results into their return registers',
    );
    // Every return goes through the one epilogue (the frame is known only at the end).
    this.endBlock();
    this.pendingJump = EPILOGUE;
  }

  /** Ends the body: the pending jump (dropped if to the epilogue, which comes next), the epilogue, the stubs. */
  finishBody(): void {
    if (this.pendingJump !== EPILOGUE) this.emitPendingJump();
    this.pendingJump = undefined;
    // Slots a stub may need, taken before the epilogue freezes the frame: one
    // to break a cycle, one to borrow a register (see runStubMoves).
    const crowded = this.stubs.filter(
      (s) => s.moves.length > 0 && this.stubRegisters(s.moves, s.keep ?? []).length < 2,
    );
    const slot = crowded.some((s) => s.moves.length > 1) ? this.ctx.frame.reserveSlot() : undefined;
    if (crowded.length > 0) this.ctx.frame.emergencySlot();
    this.ctx.code.bind(EPILOGUE);
    this.ctx.frame.emitEpilogue({ opcode: 'return', widths: [], results: [], operands: [] });
    this.emitStubs(slot);
  }
}
