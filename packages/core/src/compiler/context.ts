/**
 * What every part of compiling one function shares: the machine and its
 * matcher, the allocation state, the code buffer, the registers, and the
 * record of emitted instructions; plus the helpers they all use (queries,
 * parallel moves, the invariant check).
 */
import {
  type BufferOperand,
  type Candidate,
  CodeBuffer,
  type CompiledForm,
  type LoadedMachine,
  type Matcher,
  type OperandInput,
  type Query,
  type ValueLocation,
} from '@lirc/asmquery';
import type { Action, FunctionHeader, Operand } from '@lirc/low-ir';
import { type Move, MoveError, sequentializeMoves } from '../moves.js';
import { AllocationState, type Location, locationKey } from '../state.js';
import { type Placement, parameterPlacement, resultPlacement } from './conventions.js';
import { CompileError } from './errors.js';
import type { ExplainRecorder, LiveValue, MoveNote } from './explain.js';
import { Frame } from './frame.js';
import type { Emission } from './listing.js';
import { emitMove, planMove } from './moves.js';
import type { RegisterPool } from './pool.js';

/** One emitted instruction and the actions it implements. */
export interface InstructionRecord {
  readonly offset: number;
  readonly form: string;
  readonly actions: readonly string[];
}

/**
 * A place where the code traps, and with which kind: a fault anywhere in the
 * `size` bytes at `offset` (one instruction, or a form such as a branch over
 * a trap instruction) is this trap.
 */
export interface TrapSite {
  readonly offset: number;
  readonly size: number;
  readonly kind: string;
}

/** A move of a `width`-bit value (id `value`, or -1 for a constant). */
export type ValueMove = Move<Location> & { readonly width: number; readonly value: number };

/**
 * Orders a parallel move of values (sequentializeMoves) and gives every step
 * the width and the value it carries, the steps that break a cycle included:
 * the one that saves a blocked location in `scratch` and the one that reads
 * it back carry what that location held. The blocked location can be any
 * source, a stack slot as well as a register (a cycle of label arguments
 * through slots).
 */
export function sequentializeValueMoves(
  moves: readonly ValueMove[],
  scratch?: Location | (() => Location),
): ValueMove[] {
  // What each location holds as the steps run: a source keeps its value until
  // every move reading it has run (the sequence never overwrites it before).
  const holds = new Map<string, { readonly width: number; readonly value: number }>();
  for (const m of moves) if (m.from.kind !== 'const') holds.set(locationKey(m.from), m);
  return sequentializeMoves(moves, locationKey, scratch).map((s) => {
    const carried = s.from.kind === 'const' ? (s as ValueMove) : holds.get(locationKey(s.from));
    if (carried === undefined)
      throw new MoveError(
        `a step of a parallel move reads ${locationKey(s.from)}, which holds nothing`,
      );
    holds.set(locationKey(s.to), carried);
    return { from: s.from, to: s.to, width: carried.width, value: carried.value };
  });
}

/** Ids of the values that guards and legalization rules introduce start here (far above a function's own). */
export const SYNTHETIC_IDS = 2 ** 40;

/** A value's name in messages and listings: `%12`, or `%.3` for the third value LIRC introduced. */
export function valueName(id: number): string {
  return id >= SYNTHETIC_IDS ? `%.${id - SYNTHETIC_IDS}` : `%${id}`;
}

/** An instruction naming a function of the module (a call, func_addr), to patch once the module is laid out. */
export interface FunctionReference {
  /** Offset of the instruction in the function's code. */
  readonly offset: number;
  /** The form and the operands it was encoded with (the function not yet placed). */
  readonly form: CompiledForm;
  readonly operands: Record<string, OperandInput>;
  /** The parameter naming the function. */
  readonly param: string;
  readonly callee: string;
}

/** A register location. */
export const reg = (name: string): Location => ({ kind: 'reg', name });

/** The shared state of one function being compiled. */
export class FunctionContext {
  readonly state = new AllocationState();
  /** Where instructions go (swapped for a fresh buffer to emit the prologue last). */
  code: CodeBuffer;
  readonly frame: Frame;
  readonly instructions: InstructionRecord[] = [];
  readonly trapSites: TrapSite[] = [];
  /** Instructions naming a function (calls, func_addr), to patch once the module is laid out. */
  readonly references: FunctionReference[] = [];
  /** The register class of values that say nothing else (the ABI's first). */
  readonly firstClass: string;
  /** Stack slots are at fp + offset. */
  readonly framePointer: string | undefined;
  /** The register for addresses no form's offset reaches (never allocated; see moves.ts). */
  readonly scratch: string | undefined;
  /** The slot holding the address of the caller's return area (functions with more results than registers). */
  returnAreaSlot: Location | undefined = undefined;
  /** Source names of the function's values (from the `.lir` text), for messages and listings. */
  readonly names = new Map<number, string>();
  /** Source names of the function's labels. */
  readonly labelNames = new Map<number, string>();

  /** A value's name in messages: its source name, else its id (`valueName`). */
  readonly nameOf = (id: number): string => {
    const n = this.names.get(id);
    return n !== undefined ? `%${n}` : valueName(id);
  };
  /** Uses clone and drop added to (or took from) values buffered actions have not defined yet. */
  readonly extraUses = new Map<number, number>();
  /** Every instruction emitted, in order, when a listing is wanted (one per record). */
  readonly emissions: Emission[] | undefined;
  /** What the next emitted instructions implement, for the explain recorder (set only with one). */
  emitNote: { readonly covers?: readonly Action[]; readonly move?: MoveNote } | undefined;
  /** Why the moves being emitted happen, per value moved, then in general (explain only). */
  moveReasons: ReadonlyMap<number, string> | undefined;
  why: string | undefined;

  constructor(
    readonly machine: LoadedMachine,
    readonly matcher: Matcher,
    readonly pool: RegisterPool,
    readonly header: FunctionHeader,
    private readonly checkInvariant: boolean,
    listing = false,
    /** Hears the decisions (the compiler's `explain` option). */
    readonly explain?: ExplainRecorder,
  ) {
    this.emissions = listing ? [] : undefined;
    this.code = new CodeBuffer(machine);
    this.firstClass = Object.keys(machine.def.abi.args)[0] ?? '';
    this.framePointer = machine.def.special.framePointer;
    this.scratch = machine.def.special.scratch;
    this.frame = new Frame(this);
  }

  /**
   * Emits one instruction (noting the registers it names, for the frame, and
   * the functions it names, for the module to resolve); returns its offset.
   */
  emit(form: CompiledForm, operands: Record<string, BufferOperand>): number {
    const offset = this.code.emit(form, operands);
    for (const [param, op] of Object.entries(operands)) {
      if ('reg' in op) this.frame.note(op.reg);
      else if ('func' in op)
        this.references.push({
          offset,
          form,
          operands: operands as Record<string, OperandInput>,
          param,
          callee: op.func,
        });
    }
    this.emissions?.push({ offset, form, operands });
    this.explain?.({ kind: 'emit', offset, ...this.emitNote });
    return offset;
  }

  get pointerWidth(): number {
    return this.machine.def.pointerWidth;
  }

  /** An error about this function. */
  error(message: string): CompileError {
    return new CompileError(`@${this.header.name}: ${message}`);
  }

  /**
   * A query for a window of actions, with the current locations and uses.
   * Label distances are given only when `preciseLabels` says the form will be
   * emitted right here: for a conditional branch, the moves emitted before it
   * and a redirection to an out-of-line stub (see apply.ts) change the
   * distance after the query, so its labels count as unplaced (the long form).
   */
  query(actions: readonly Action[], preciseLabels = false): Query {
    const declared = new Map<number, number>();
    for (const a of actions) {
      for (const r of a.results) declared.set(r.id, r.uses + (this.extraUses.get(r.id) ?? 0));
    }
    return {
      actions,
      locations: (id) => this.state.locationsOf(id).map(toValueLocation),
      usesLeft: (id) => declared.get(id) ?? this.state.usesLeft(id),
      labelOffset: (id) => (preciseLabels ? this.code.labelOffset(id) : undefined),
    };
  }

  /** Emits a single action that needs no register choices (jump, return, trap). */
  emitAlone(
    action: Action,
    text: string,
    redirect: ReadonlyMap<number, number> = new Map(),
  ): number {
    const best = this.matcher.best(this.query([action]));
    if (!best)
      throw new CompileError(
        `the ${this.machine.def.name} definition has no form for ${action.opcode}`,
      );
    const offset = this.emit(best.form, operandsFor(best, new Map(), redirect));
    this.record(offset, best.form.name, [text]);
    return offset;
  }

  record(offset: number, form: string, actions: readonly string[]): void {
    this.instructions.push({ offset, form, actions });
  }

  /** A register whose value, if any, is no longer needed (flags a move may overwrite). */
  readonly overwritable = (register: string): boolean => {
    const occ = this.state.occupant(reg(register));
    return occ === undefined || !this.state.isLive(occ);
  };

  /** Emits and records `to ← from` (one or two instructions), overwriting only what `mayClobber` allows. */
  move(
    from: Location,
    to: Location,
    width: number,
    mayClobber: (register: string) => boolean = this.overwritable,
  ): void {
    if (this.explain) this.emitNote = { move: this.moveNote(from, to) };
    for (const e of emitMove(this, from, to, width, mayClobber))
      this.record(e.offset, e.form, [`move ${locationKey(from)} → ${locationKey(to)}`]);
    this.emitNote = undefined;
  }

  /** What a move carries and why, for the explain recorder. */
  private moveNote(from: Location, to: Location): MoveNote {
    const value = from.kind === 'const' ? undefined : this.state.occupant(from);
    const why =
      (value === undefined ? undefined : this.moveReasons?.get(value)) ??
      this.why ??
      'a move LIRC needs here';
    return { from, to, ...(value === undefined ? {} : { value: this.nameOf(value) }), why };
  }

  /** Where every live value is (for the explain recorder). */
  liveValues(): LiveValue[] {
    return this.state.live().map((id) => ({
      name: this.nameOf(id),
      width: this.state.widthOf(id),
      locations: this.state.locationsOf(id),
    }));
  }

  /**
   * Stores operand `op` (`width` bits) with `store(register)`: from the
   * register that holds it, else through a free register of the first class
   * (not one of `busy`). The instructions are recorded as `what`.
   */
  storeOperand(
    op: Operand,
    width: number,
    busy: ReadonlySet<string>,
    what: string,
    store: (register: string) => void,
  ): void {
    const before = this.instructions.length;
    let from: Location;
    if (op.kind === 'imm') from = { kind: 'const', value: op.value };
    else if (op.kind === 'value') from = this.bestSource(op.id);
    else throw this.error(`${what} must be a value or an immediate`);
    let src = from.kind === 'reg' && !this.isFlag(from) ? from.name : undefined;
    if (src === undefined) {
      src = this.scratchRegister(new Set([...busy, ...(from.kind === 'reg' ? [from.name] : [])]));
      if (src === undefined) throw this.error(`no register free to store ${what}`);
      this.move(from, reg(src), width);
    }
    store(src);
    for (let i = before; i < this.instructions.length; i++)
      this.instructions[i] = { ...this.instructions[i]!, actions: [what] };
  }

  /**
   * A register of the first class to use as a temporary, not one of
   * `avoid`: a free one, else the least recently used, whose value first
   * goes to a stack slot (not one of `slots`) unless it is in one already.
   */
  scratchRegister(avoid: ReadonlySet<string>, slots: Set<number> = new Set()): string | undefined {
    const registers = this.pool.registers(this.firstClass);
    const free = this.pool.free(registers, this.state, avoid);
    if (free !== undefined) return free;
    const victim = this.pool.victim(registers, avoid);
    if (victim === undefined) return undefined;
    // Its value keeps a location no instruction overwrites: a slot (another
    // register might be about to go, as caller-saved ones do at a call).
    const occupant = this.state.occupant(reg(victim))!;
    const inMemory = this.state.locationsOf(occupant).some((l) => l.kind !== 'reg');
    if (!inMemory) {
      const slot = this.frame.slot(slots);
      const why = this.why;
      if (this.explain)
        this.why = `spill: ${this.nameOf(occupant)}'s register is taken as a temporary`;
      this.move(reg(victim), slot, this.state.widthOf(occupant));
      this.why = why;
      this.state.addLocation(occupant, slot);
    }
    this.state.clobber(reg(victim));
    return victim;
  }

  /** Whether `l` is a 1-bit register (a flag). */
  isFlag(l: Location): boolean {
    return l.kind === 'reg' && this.machine.registers.get(l.name)?.width === 1;
  }

  /**
   * Whether no single instruction does `to ← from` and it goes through a
   * register: a constant or a slot into a slot, or (no setcc or test to
   * memory) a 1-bit value between a flag and a constant or a slot.
   */
  needsRegister(from: Location, to: Location, width: number): boolean {
    if (width === 1 && (this.isFlag(from) || this.isFlag(to)))
      return this.throughRegister(from, to);
    return to.kind === 'stack' && from.kind !== 'reg';
  }

  /**
   * Emits `to ← from` through register `via`, or, with none (every register
   * carries something), through one borrowed for the move: saved to the
   * function's emergency slot first and restored after.
   */
  moveThrough(
    from: Location,
    to: Location,
    width: number,
    via: string | undefined,
    mayClobber: (register: string) => boolean = this.overwritable,
  ): void {
    if (via !== undefined) {
      this.move(from, reg(via), width, mayClobber);
      this.move(reg(via), to, width, mayClobber);
      return;
    }
    const names = new Set([from, to].flatMap((l) => (l.kind === 'reg' ? [l.name] : [])));
    const borrowed = this.pool.registers(this.firstClass).find((r) => !names.has(r));
    if (borrowed === undefined) throw this.error('no register to move a value through');
    const save = this.frame.emergencySlot();
    const saved = Math.min(this.machine.registers.get(borrowed)!.width, 64);
    this.move(reg(borrowed), save, saved, mayClobber);
    this.move(from, reg(borrowed), width, mayClobber);
    this.move(reg(borrowed), to, width, mayClobber);
    this.move(save, reg(borrowed), saved, mayClobber);
  }

  /** Whether a 1-bit move between a flag and a constant or a slot has no single instruction. */
  private throughRegister(from: Location, to: Location): boolean {
    return (
      (this.isFlag(from) || this.isFlag(to)) &&
      (from.kind !== 'reg' || to.kind !== 'reg') &&
      planMove(this, from, to, 1, () => true) === undefined
    );
  }

  /**
   * Whether a 1-bit value at `from` can be moved into flag `flag`: in one
   * instruction, or (a constant, a stack slot) through a register of the
   * first class.
   */
  canMoveToFlag(from: Location, flag: string): boolean {
    if (planMove(this, from, reg(flag), 1, () => true) !== undefined) return true;
    const via = this.pool.registers(this.firstClass)[0];
    return (
      from.kind !== 'reg' &&
      via !== undefined &&
      planMove(this, reg(via), reg(flag), 1, () => true) !== undefined
    );
  }

  /**
   * Runs a parallel move; `busy` registers cannot serve as scratch. `why`
   * says what it is for (the explain recorder hears it; `moveReasons`, when
   * set, says it per value).
   */
  runMoves(moves: readonly ValueMove[], busy: ReadonlySet<string>, why?: string): void {
    if (moves.length === 0) return;
    const outer = this.why;
    if (this.explain && why !== undefined) this.why = why;
    const scratchReg = this.pool.free(this.pool.registers(this.firstClass), this.state, busy);
    const taken = new Set(
      moves.flatMap((m) => [m.from, m.to]).flatMap((l) => (l.kind === 'stack' ? [l.offset] : [])),
    );
    // A cycle with every register busy goes through a free stack slot.
    const scratch = () => (scratchReg ? reg(scratchReg) : this.frame.slot(taken));
    // Each step with the value it carries: the one in its source now.
    const steps = sequentializeValueMoves(
      moves.map((m) =>
        m.from.kind === 'const' ? m : { ...m, value: this.state.occupant(m.from) ?? m.value },
      ),
      scratch,
    );
    // A register for moves that go through one (a flag to or from memory or a
    // constant), taken when first needed from those no step names.
    const involved = steps.flatMap((m) =>
      [m.from, m.to].flatMap((l) => (l.kind === 'reg' ? [l.name] : [])),
    );
    let via: string | undefined;
    for (const s of steps) {
      // A move may overwrite registers (flags) that hold no live value.
      if (this.needsRegister(s.from, s.to, s.width)) {
        via ??= this.scratchRegister(
          new Set([...busy, ...involved, ...(scratchReg ? [scratchReg] : [])]),
          taken,
        );
        this.moveThrough(s.from, s.to, s.width, via);
      } else this.move(s.from, s.to, s.width);
    }
    // The state follows the steps in order (the scratch may be written more than once).
    for (const s of steps) {
      this.state.clobber(s.to);
      if (s.value >= 0 && this.state.isLive(s.value)) this.state.addLocation(s.value, s.to);
    }
    this.why = outer;
    this.explain?.({ kind: 'locations', live: this.liveValues() });
  }

  // ---- helpers ---------------------------------------------------------------------------

  /**
   * The move that puts argument `op` (of a call or a branch: `what`) at `to`:
   * from `to` itself if the value is there already, else from its best source.
   */
  argumentMove(op: Operand, to: Location, what: string): ValueMove {
    if (op.kind === 'imm')
      return { from: { kind: 'const', value: op.value }, to, width: this.pointerWidth, value: -1 };
    if (op.kind !== 'value') throw this.error(`${what} must be a value or an immediate`);
    const here = this.state.locationsOf(op.id).find((l) => locationKey(l) === locationKey(to));
    return {
      from: here ?? this.bestSource(op.id),
      to,
      width: this.state.widthOf(op.id),
      value: op.id,
    };
  }

  /** The best place to read a value from: a register, else a constant, else its slot. */
  bestSource(id: number): Location {
    const locs = this.state.locationsOf(id);
    return locs.find((l) => l.kind === 'reg') ?? locs.find((l) => l.kind === 'const') ?? locs[0]!;
  }

  /** The register class a CC location names (the first ABI class by default). */
  classOf(loc: { kind: string; name?: string } | undefined): string {
    if (loc?.kind === 'class' && loc.name !== undefined) return loc.name;
    return this.firstClass;
  }

  private ownResults: Placement | undefined;
  private ownParams: Placement | undefined;

  /** Where the function's own results leave (conventions.ts); a stack size means a return area. */
  get resultPlacement(): Placement {
    this.ownResults ??= resultPlacement(this, this.header.name, this.header.results);
    return this.ownResults;
  }

  /** The register of the return area's address, if the function's results need an area. */
  private get hiddenParameters(): string[] {
    return this.resultPlacement.stackSize > 0 ? [this.returnAreaRegister] : [];
  }

  /** Where the function's own parameters arrive (after the return area's address, if any). */
  get parameterPlacement(): Placement {
    this.ownParams ??= parameterPlacement(
      this,
      this.header.name,
      this.header.params,
      this.hiddenParameters,
      this.header.stackDepth,
    );
    return this.ownParams;
  }

  /** The registers that carry the function's parameters and results (busy at entry and exit). */
  get conventionRegisters(): Set<string> {
    return new Set([
      ...this.hiddenParameters,
      ...[...this.parameterPlacement.places, ...this.resultPlacement.places].flatMap((p) =>
        p.kind === 'reg' ? [p.name] : [],
      ),
    ]);
  }

  /** The register that carries the return area's address (the first argument register). */
  get returnAreaRegister(): string {
    const r = this.machine.def.abi.args[this.firstClass]?.[0];
    if (r === undefined) throw this.error('the ABI has no argument register for a return area');
    return r;
  }

  /** The allocatable class a register belongs to. */
  classOfRegister(r: string): string {
    for (const cls of this.machine.classes.values()) {
      if (cls.registers.includes(r) && this.pool.registers(cls.name).length > 0) return cls.name;
    }
    return this.firstClass;
  }

  /**
   * Checks the invariant (when enabled); a violation is a bug in LIRC. The
   * state is consistent here: the explain recorder hears where values are.
   */
  verify(after: string): void {
    this.explain?.({ kind: 'locations', live: this.liveValues() });
    if (!this.checkInvariant) return;
    const problems = this.state.check();
    if (problems.length > 0) {
      throw new CompileError(
        `@${this.header.name}: after ${after}: ${problems.join('; ')} (a bug in LIRC)`,
      );
    }
  }
}

/** The encoder's operands for a candidate whose register parameters got `target` registers. */
export function operandsFor(
  c: Candidate,
  target: ReadonlyMap<string, string>,
  redirect: ReadonlyMap<number, number> = new Map(),
): Record<string, BufferOperand> {
  const operands: Record<string, BufferOperand> = {};
  for (const [name, b] of c.bindings) {
    const r = target.get(name);
    if (r !== undefined) operands[name] = { reg: r };
    else if (b.kind === 'reg') operands[name] = { reg: b.reg };
    else if (b.kind === 'imm') operands[name] = { imm: b.value };
    else if (b.kind === 'label') operands[name] = { labelId: redirect.get(b.id) ?? b.id };
    else if (b.kind === 'func') operands[name] = { func: b.name };
    else if (b.kind === 'sym') operands[name] = { sym: b.name };
  }
  return operands;
}

/** The query's view of a location. */
export function toValueLocation(l: Location): ValueLocation {
  if (l.kind === 'reg') return { kind: 'reg', reg: l.name };
  if (l.kind === 'stack') return { kind: 'stack', offset: l.offset };
  return { kind: 'const', value: l.value };
}
