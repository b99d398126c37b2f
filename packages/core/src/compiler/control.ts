/**
 * Control flow of one function: labels and their calling conventions (the
 * registers of their parameters, fixed by the first branch to each), jumps
 * (a jump to the next label is dropped), conditional branches that need
 * moves (through out-of-line stubs emitted after the body), returns, traps,
 * and the end of each block.
 */

import type { Action, LabelDef, Operand, ValueDef } from '@lirc/low-ir';
import { sequentializeMoves } from '../moves.js';
import { type Location, locationKey } from '../state.js';
import { type FunctionContext, operandsFor, reg, type ValueMove } from './context.js';
import { CompileError } from './errors.js';
import { labelName } from './listing.js';
import { storeReturnArea } from './return-area.js';

/** The label of the epilogue every return jumps to. */
/** The label of the epilogue (the code after the body that every return jumps to). */
export const EPILOGUE = -1_000_000;

/** Code emitted after the body: moves then a jump (branch stubs) or a trap. */
interface Stub {
  readonly label: number;
  readonly moves: readonly ValueMove[];
  readonly jumpTo?: number;
  /** Registers of the label's arguments: those not moved stay in place (not a scratch). */
  readonly keep?: readonly string[];
  readonly trap?: string;
  /** A landing's stub: sets the frame pointer from the stack pointer before jumping on. */
  readonly landing?: boolean;
}

/** Labels, branches, returns and traps of one function. */
export class ControlFlow {
  /** The registers of each label's parameters, once fixed. */
  private readonly conventions = new Map<number, readonly string[]>();
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

  constructor(private readonly ctx: FunctionContext) {}

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
   * A label: its parameters arrive in the registers of its calling
   * convention. A parameter listed in `raw` is defined as that value instead
   * (a pointer-width value the caller truncates into the parameter).
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
    let cc = this.conventions.get(id);
    if (cc === undefined) {
      // Reached only by branches still to come: parameters in free registers.
      const taken = new Set<string>();
      cc = def.params.map((p) => {
        const r = this.ctx.pool.free(
          this.ctx.pool.registers(this.ctx.classOf(p.loc)),
          this.ctx.state,
          taken,
        );
        if (r === undefined)
          throw new CompileError(
            `@${this.ctx.header.name}: too many parameters for ${labelText(def)}`,
          );
        taken.add(r);
        return r;
      });
      this.conventions.set(id, cc);
    }
    def.params.forEach((p, k) => {
      const declared = p.loc?.kind === 'reg' ? p.loc.name : undefined;
      if (declared !== undefined && declared !== cc[k]) {
        throw new CompileError(
          `@${this.ctx.header.name}: ${labelText(def)} declares $${declared} for parameter ${k + 1}, but an earlier branch placed it in $${cc[k]} (concrete label locations are not supported yet)`,
        );
      }
    });
    this.ctx.code.bind(id);
    def.params.forEach((p, k) => {
      const d = raw.get(k) ?? p;
      this.ctx.state.define(d.id, d.width, d.uses, [reg(cc[k]!)]);
    });
    this.ended = false;
  }

  /**
   * Makes a branch to `label` pass `args`: fixes the label's convention if
   * this is the first branch (the arguments' registers, copying where a value
   * is passed twice or is not in a register), else conforms. Returns the
   * label to branch to: the label itself, or (for a conditional branch that
   * needs moves) a stub that does them. `busy` registers must not be touched.
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
      const chosen: string[] = [];
      const moves: ValueMove[] = [];
      const taken = new Set<string>(busy);
      // Only allocatable registers make a convention: a value in a flag (or
      // another register no move can write) is copied to one.
      const allocatable = new Set(this.ctx.pool.registers(this.ctx.firstClass));
      for (const op of args) {
        const current =
          op.kind === 'value'
            ? this.ctx.state
                .locationsOf(op.id)
                .find(
                  (l) => l.kind === 'reg' && allocatable.has(l.name) && !chosen.includes(l.name),
                )
            : undefined;
        if (current?.kind === 'reg') {
          chosen.push(current.name);
          taken.add(current.name);
          continue;
        }
        const r = this.ctx.pool.free(
          this.ctx.pool.registers(this.ctx.firstClass),
          this.ctx.state,
          taken,
        );
        if (r === undefined)
          throw new CompileError(
            `@${this.ctx.header.name}: no register left for a label argument (spilling is not implemented yet)`,
          );
        chosen.push(r);
        taken.add(r);
        moves.push(this.argumentMove(op, r));
      }
      this.conventions.set(label, chosen);
      this.ctx.runMoves(moves, taken);
      return label;
    }
    if (cc.length !== args.length)
      throw new CompileError(
        `@${this.ctx.header.name}: a branch passes ${args.length} value(s) to a label taking ${cc.length}`,
      );
    const moves = args
      .map((op, k) => this.argumentMove(op, cc[k]!))
      .filter((m) => !(m.from.kind === 'reg' && m.to.kind === 'reg' && m.from.name === m.to.name));
    if (moves.length === 0) return label;
    if (unconditional) {
      this.ctx.runMoves(moves, new Set(cc));
      return label;
    }
    const stub = this.nextStub--;
    this.stubs.push({ label: stub, moves, jumpTo: label, keep: cc });
    return stub;
  }

  /** The move that puts a branch argument in register `to`. */
  private argumentMove(op: Operand, to: string): ValueMove {
    if (op.kind === 'imm')
      return {
        from: { kind: 'const', value: op.value },
        to: reg(to),
        width: this.ctx.pointerWidth,
        value: -1,
      };
    if (op.kind !== 'value')
      throw new CompileError(
        `@${this.ctx.header.name}: a branch argument must be a value or an immediate`,
      );
    const here = this.ctx.state.locationsOf(op.id).find((l) => l.kind === 'reg' && l.name === to);
    return {
      from: here ?? this.ctx.bestSource(op.id),
      to: reg(to),
      width: this.ctx.state.widthOf(op.id),
      value: op.id,
    };
  }

  consumeArguments(args: readonly Operand[]): void {
    for (const op of args)
      if (op.kind === 'value' && this.ctx.state.isLive(op.id)) this.ctx.state.use(op.id);
  }

  emitJump(a: Action): void {
    const label = a.operands[0];
    if (label?.kind !== 'label')
      throw new CompileError(`@${this.ctx.header.name}: jump without a label`);
    this.conform(label.label.id, a.operands.slice(1), new Set(), true);
    this.consumeArguments(a.operands.slice(1));
    this.endBlock();
    this.pendingJump = label.label.id;
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

  /** A register free in a stub: only the label's arguments are live there (in the moves or in `keep`). */
  private stubScratch(moves: readonly ValueMove[], keep: readonly string[]): string | undefined {
    const used = new Set([
      ...keep,
      ...moves.flatMap((m) => [m.from, m.to]).flatMap((l) => (l.kind === 'reg' ? [l.name] : [])),
    ]);
    return this.ctx.pool.registers(this.ctx.firstClass).find((r) => !used.has(r));
  }

  /** A stub's moves, any register other than the arguments' serving as scratch (else `slot`). */
  private runStubMoves(
    moves: readonly ValueMove[],
    keep: readonly string[],
    slot: Location | undefined,
  ): void {
    const scratchReg = this.stubScratch(moves, keep);
    const scratch = scratchReg ? reg(scratchReg) : slot;
    for (const m of sequentializeMoves(moves, locationKey, scratch)) {
      const width =
        moves.find((x) => locationKey(x.from) === locationKey(m.from))?.width ??
        this.ctx.pointerWidth;
      this.ctx.move(m.from, m.to, width, () => true);
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
    const places = this.ctx.resultPlaces(results);
    a.operands.forEach((op, k) => {
      const r = places.registers[k];
      if (r === undefined) return;
      const width = results[k]!.width;
      if (op.kind === 'imm')
        moves.push({ from: { kind: 'const', value: op.value }, to: reg(r), width, value: -1 });
      else if (op.kind === 'value')
        moves.push({ from: this.ctx.bestSource(op.id), to: reg(r), width, value: op.id });
    });
    this.ctx.runMoves(moves, new Set(moves.map((m) => (m.to as { name: string }).name)));
    // Every return goes through the one epilogue (the frame is known only at the end).
    this.endBlock();
    this.pendingJump = EPILOGUE;
  }

  /** Ends the body: the pending jump (dropped if to the epilogue, which comes next), the epilogue, the stubs. */
  finishBody(): void {
    if (this.pendingJump !== EPILOGUE) this.emitPendingJump();
    this.pendingJump = undefined;
    const slot = this.stubs.some(
      (s) => s.moves.length > 1 && !this.stubScratch(s.moves, s.keep ?? []),
    )
      ? this.ctx.frame.reserveSlot()
      : undefined;
    this.ctx.code.bind(EPILOGUE);
    this.ctx.frame.emitEpilogue({ opcode: 'return', widths: [], results: [], operands: [] });
    this.emitStubs(slot);
  }
}

/** How a label is written in messages. */
function labelText(def: LabelDef): string {
  return `^${def.label.name ?? `L${def.label.id}`}`;
}
