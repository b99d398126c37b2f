/**
 * The stack frame of one function: spill slots, the callee-saved registers
 * the function uses, and the prologue and epilogue that are emitted once the
 * body is done (only then are both known; the body is position-independent,
 * so the prologue is put in front of it).
 *
 * Layout, from the stack pointer S at entry (x86 has the return address at
 * [S]): the old frame pointer at S - P, the return-address register (if the
 * machine has one) at S - 2P, spill slots below, then the callee-saved
 * registers, and at the bottom (sp) the outgoing stack arguments of the
 * calls the function makes; fp = S, so slots are at fp - offset and the
 * incoming stack arguments at fp + (return address pushed ? P : 0) + offset.
 * The frame size keeps the stack aligned per the ABI, counting a return
 * address the call pushed.
 */
import type { Action } from '@lirc/low-ir';
import type { Location } from '../state.js';
import type { FunctionContext } from './context.js';
import { CompileError } from './errors.js';
import { type PlannedInstruction, planAccess, planAddOffset } from './moves.js';

/** Bytes of a stack slot (any value up to 64 bits). */
export const SLOT_BYTES = 8;

/** Slots and saved registers of one function. */
export class Frame {
  private slots = 0;
  private readonly calleeSaved = new Set<string>();
  private readonly calleeSavedAll: ReadonlySet<string>;

  constructor(private readonly ctx: FunctionContext) {
    // The frame saves the frame pointer and return address itself; sp is
    // restored by arithmetic; a register the function's results leave in is
    // not restored (its callers know the call writes it).
    const special = ctx.machine.def.special;
    const own = new Set([
      special.stackPointer,
      special.framePointer,
      special.returnAddress,
      ...ctx.resultPlacement.places.flatMap((p) => (p.kind === 'reg' ? [p.name] : [])),
    ]);
    this.calleeSavedAll = new Set(ctx.machine.def.abi.calleeSaved.filter((r) => !own.has(r)));
  }

  private get bytes(): number {
    return this.ctx.pointerWidth / 8;
  }

  /** The offset from fp of slot k (8 bytes each). */
  private offset(k: number): number {
    return -(2 * this.bytes + SLOT_BYTES * (k + 1));
  }

  /** A free spill slot, reusing one whose value is gone; `taken` lists slots already promised. */
  slot(taken: Set<number> = new Set()): Location {
    if (this.ctx.framePointer === undefined) {
      throw this.ctx.error(
        `spilling needs a frame pointer, and ${this.ctx.machine.def.name} names none`,
      );
    }
    for (let k = 0; k < this.slots; k++) {
      if (this.reserved.has(k)) continue;
      const l: Location = { kind: 'stack', offset: this.offset(k) };
      if (this.ctx.state.occupant(l) === undefined && !taken.has(l.offset)) {
        taken.add(l.offset);
        return l;
      }
    }
    const l: Location = { kind: 'stack', offset: this.offset(this.newSlots(1)) };
    taken.add(l.offset);
    return l;
  }

  /** Adds `count` slots to the frame; returns the index of the first. */
  private newSlots(count: number): number {
    if (this.frozen)
      throw this.ctx.error(
        'a stack slot was asked for after the epilogue fixed the frame (a bug in LIRC)',
      );
    this.slots += count;
    return this.slots - count;
  }

  /** Slots that hold something other than a value (the return area's address): never reused. */
  private readonly reserved = new Set<number>();

  /** A slot of its own for the rest of the function. */
  reserveSlot(): Location {
    this.registers(); // there is a frame pointer
    const k = this.newSlots(1);
    this.reserved.add(k);
    return { kind: 'stack', offset: this.offset(k) };
  }

  private emergency: Location | undefined;

  /**
   * The slot where a register borrowed for one move is saved (when every
   * register carries something and a slot must go to a slot): one per
   * function, reserved the first time it is asked for.
   */
  emergencySlot(): Location {
    this.emergency ??= this.reserveSlot();
    return this.emergency;
  }

  /**
   * New adjacent slots for `bytes` bytes (a return area); returns the offset
   * of the lowest, its base. With `reserve` they are never reused (values
   * will sit inside them at offsets slot reuse cannot see).
   */
  area(bytes: number, reserve: boolean): number {
    const count = Math.ceil(bytes / SLOT_BYTES);
    const first = this.newSlots(count);
    for (let j = 0; j < count; j++) if (reserve) this.reserved.add(first + j);
    return this.offset(first + count - 1);
  }

  /** Stores `register` (`width` bits) at `base` + `offset`. */
  storeAt(base: string, offset: number, register: string, width: number): void {
    this.store(base, offset, register, width);
  }

  /** `register` ← fp + `offset` (the address of a slot; through `register` itself when far). */
  address(offset: number, register: string): void {
    const { fp } = this.registers();
    this.emit(
      planAddOffset(this.ctx, fp, BigInt(offset), register, register, flagsOnly(this.ctx)),
      'take the address of a slot',
    );
  }

  private frozen = false;
  /** Set by the first call: the frame then exists (stack alignment, the return address). */
  makesCalls = false;
  /** Bytes of outgoing stack arguments the largest call needs. */
  private outgoing = 0;
  /** Set when a parameter arrives on the stack (read through fp, so the frame exists). */
  incomingArguments = false;

  /** Bytes the call pushed (its return address) between the incoming arguments and fp. */
  get pushedByCall(): number {
    return this.ctx.machine.def.special.returnAddress === undefined ? this.bytes : 0;
  }

  /** The location of an incoming stack argument at `offset` in the caller's argument area. */
  incoming(offset: number): Location {
    this.incomingArguments = true;
    return { kind: 'stack', offset: this.pushedByCall + offset };
  }

  /** Stores `register` (`width` bits) at `offset` in the outgoing argument area (at sp). */
  storeOutgoing(offset: number, register: string, width: number, size: number): void {
    this.outgoing = Math.max(this.outgoing, size);
    this.store(this.registers().sp, offset, register, width);
  }

  /** Notes that the code uses a register (callee-saved ones are then saved). */
  note(register: string): void {
    if (!this.frozen && this.calleeSavedAll.has(register)) this.calleeSaved.add(register);
  }

  /** Whether the function needs a frame at all. */
  get needed(): boolean {
    return this.slots > 0 || this.calleeSaved.size > 0 || this.makesCalls || this.incomingArguments;
  }

  /** Frame size in bytes, keeping the stack aligned per the ABI. */
  size(): number {
    const abi = this.ctx.machine.def.abi;
    const pushed = this.pushedByCall;
    const used =
      2 * this.bytes + SLOT_BYTES * (this.slots + this.calleeSaved.size) + this.outgoing + pushed;
    return Math.ceil(used / abi.stackAlignment) * abi.stackAlignment - pushed;
  }

  /**
   * Saves every callee-saved register in the prologue (a function with a
   * landing: a signal handler resuming there leaves them as the code that
   * faulted had them, so the epilogue must restore them all).
   */
  saveAllCalleeSaved(): void {
    for (const r of this.calleeSavedAll) this.calleeSaved.add(r);
  }

  /** Emits fp ← sp + frame size (the prologue's, and a landing's once only sp is right). */
  emitFramePointer(): void {
    if (!this.needed) return;
    const { sp, fp } = this.registers();
    this.emit(
      planAddOffset(this.ctx, sp, BigInt(this.size()), fp, fp, flagsOnly(this.ctx)),
      'set the frame pointer',
    );
  }

  /** Emits the prologue into the context's code (which must be empty). */
  emitPrologue(): void {
    if (!this.needed) return;
    const { sp, fp, ra } = this.registers();
    const size = this.size();
    const P = this.ctx.pointerWidth;
    this.adjustStack(sp, -size);
    this.store(sp, size - this.bytes, fp, P);
    if (ra !== undefined) this.store(sp, size - 2 * this.bytes, ra, P);
    this.emitFramePointer();
    [...this.calleeSaved].forEach((r, j) => {
      this.store(fp, this.offset(this.slots + j), r, this.widthOf(r));
    });
  }

  /** Emits the epilogue and the return into the context's code (the frame is final from here on). */
  emitEpilogue(ret: Action): void {
    this.frozen = true;
    if (this.needed) {
      const { sp, fp, ra } = this.registers();
      const size = this.size();
      const P = this.ctx.pointerWidth;
      [...this.calleeSaved].forEach((r, j) => {
        this.load(fp, this.offset(this.slots + j), r, this.widthOf(r));
      });
      if (ra !== undefined) this.load(sp, size - 2 * this.bytes, ra, P);
      this.load(sp, size - this.bytes, fp, P);
      this.adjustStack(sp, size);
    }
    this.ctx.emitAlone(ret, 'return');
  }

  // ---- helpers ---------------------------------------------------------------------------

  private registers(): { sp: string; fp: string; ra: string | undefined } {
    const special = this.ctx.machine.def.special;
    if (special.framePointer === undefined) throw this.ctx.error('a frame needs a frame pointer');
    return { sp: special.stackPointer, fp: special.framePointer, ra: special.returnAddress };
  }

  private widthOf(register: string): number {
    const r = this.ctx.machine.registers.get(register)!;
    return Math.min(r.width, 64);
  }

  /**
   * sp ← sp + delta, through a scratch register when no add takes the
   * constant: the machine's, else a caller-saved one free at entry and exit.
   */
  private adjustStack(sp: string, delta: number): void {
    const temp = this.ctx.scratch ?? this.freeTemporary();
    this.emit(
      planAddOffset(this.ctx, sp, BigInt(delta), sp, temp ?? sp, flagsOnly(this.ctx)),
      'adjust the stack pointer',
    );
  }

  private store(base: string, offset: number, register: string, width: number): void {
    this.access('store', base, offset, register, width, `save ${register}`);
  }

  private load(base: string, offset: number, register: string, width: number): void {
    this.access('load', base, offset, register, width, `restore ${register}`);
  }

  /**
   * `[base + offset] ← register` or `register ← [base + offset]` (`width`
   * bits), through the machine's scratch register when no form takes the
   * offset (moves.ts: planAccess).
   */
  private access(
    kind: 'load' | 'store',
    base: string,
    offset: number,
    register: string,
    width: number,
    what: string,
  ): void {
    const { ctx } = this;
    this.emit(
      planAccess(ctx, kind, base, offset, register, width, ctx.scratch, flagsOnly(ctx)),
      what,
    );
  }

  /** A caller-saved register that carries no argument or result (free at entry and at exit). */
  private freeTemporary(): string | undefined {
    const abi = this.ctx.machine.def.abi;
    const taken = new Set([
      ...Object.values(abi.args).flat(),
      ...Object.values(abi.results).flat(),
      ...this.ctx.conventionRegisters,
    ]);
    return this.ctx.pool
      .registers(this.ctx.firstClass)
      .find((x) => !taken.has(x) && !this.calleeSavedAll.has(x));
  }

  /** Emits and records planned instructions; without a plan, the machine cannot do `what`. */
  private emit(plans: readonly PlannedInstruction[] | undefined, what: string): void {
    if (!plans) {
      throw new CompileError(
        `@${this.ctx.header.name}: the ${this.ctx.machine.def.name} definition cannot ${what} (frame too large?)`,
      );
    }
    for (const plan of plans) {
      const offset = this.ctx.emit(plan.form, plan.operands);
      this.ctx.record(offset, plan.form.name, ['frame']);
    }
  }
}

/** Frame code may overwrite flags (they are free between functions' code), nothing else. */
function flagsOnly(ctx: FunctionContext): (register: string) => boolean {
  return (r) => ctx.machine.registers.get(r)?.width === 1;
}
