/**
 * Compiling one function: the streaming core of LIRC. Actions arrive one at
 * a time and wait in a buffer of at most K (the longest instruction form);
 * each step asks AsmQuery for the best form for a prefix of the buffer, puts
 * its inputs where it needs them (one parallel move, which also moves out of
 * the way the values the instruction would overwrite), emits it, and updates
 * the allocation state, whose invariant is checked after every instruction.
 *
 * Control flow follows docs/lirc-core.md: a label's calling convention (the
 * registers of its parameters) is fixed by the first branch to it, later
 * branches conform with a parallel move (a conditional branch that needs
 * moves goes through an out-of-line stub), a jump to the next label is
 * dropped, and a trap_if no form implements becomes a branch to a stub that
 * traps.
 *
 * Not implemented yet (reported as CompileErrors, never miscompiled): calls,
 * spilling and frames (so only caller-saved registers are used), parameters
 * and results beyond the ABI's registers.
 */
import {
  type BufferOperand,
  type Candidate,
  CodeBuffer,
  type LoadedMachine,
  type Matcher,
  paramRegisters,
  type Query,
  type ValueLocation,
} from '@lirc/asmquery';
import {
  type Action,
  type FunctionHeader,
  formatAction,
  type LabelDef,
  type Operand,
} from '@lirc/low-ir';
import { type Move, sequentializeMoves } from '../moves.js';
import { AllocationState, type Location, locationKey } from '../state.js';
import { CompileError } from './errors.js';
import { emitMove, planMove } from './moves.js';
import type { RegisterPool } from './pool.js';

/** One emitted instruction and the actions it implements. */
export interface InstructionRecord {
  readonly offset: number;
  readonly form: string;
  readonly actions: readonly string[];
}

/** A place where the code traps, and with which kind. */
export interface TrapSite {
  readonly offset: number;
  readonly kind: string;
}

/** The machine code of one function. */
export interface CompiledFunction {
  readonly name: string;
  readonly code: Uint8Array;
  readonly instructions: readonly InstructionRecord[];
  readonly trapSites: readonly TrapSite[];
}

/** A move of a `width`-bit value (id `value`, or -1 for a constant). */
type ValueMove = Move<Location> & { readonly width: number; readonly value: number };

/** Code emitted after the body: moves then a jump (branch stubs) or a trap. */
interface Stub {
  readonly label: number;
  readonly moves: readonly ValueMove[];
  readonly jumpTo?: number;
  readonly trap?: string;
}

const reg = (name: string): Location => ({ kind: 'reg', name });

/** Compiles one function, action by action. */
export class FunctionCompiler {
  private readonly state = new AllocationState();
  private readonly buffer: Action[] = [];
  private readonly code: CodeBuffer;
  private readonly instructions: InstructionRecord[] = [];
  private readonly firstClass: string;
  private readonly trapSites: TrapSite[] = [];
  /** The registers of each label's parameters, once fixed. */
  private readonly conventions = new Map<number, readonly string[]>();
  private readonly stubs: Stub[] = [];
  private nextStub = -1;
  /** A jump whose emission waits for the next item (dropped if that is its label). */
  private pendingJump: number | undefined;
  private ended = false;

  constructor(
    private readonly machine: LoadedMachine,
    private readonly matcher: Matcher,
    private readonly pool: RegisterPool,
    private readonly header: FunctionHeader,
    private readonly checkInvariant: boolean,
  ) {
    this.code = new CodeBuffer(machine);
    this.firstClass = Object.keys(machine.def.abi.args)[0] ?? '';
    const next = new Map<string, number>();
    for (const p of header.params) {
      const cls = this.classOf(p.loc);
      const k = next.get(cls) ?? 0;
      next.set(cls, k + 1);
      const r = machine.def.abi.args[cls]?.[k];
      if (r === undefined) {
        throw new CompileError(
          `@${header.name}: parameter ${k + 1} of class ${cls} would go on the stack, which is not implemented yet`,
        );
      }
      this.state.define(p.id, p.width, p.uses, [reg(r)]);
    }
  }

  /** Takes the next action of the function. */
  action(a: Action): void {
    this.emitPendingJump();
    this.ended = false;
    if (a.opcode === 'clone') {
      const [v, n] = a.operands;
      if (v?.kind === 'value' && n?.kind === 'imm') this.state.retain(v.id, Number(n.value));
      return;
    }
    if (a.opcode === 'drop') {
      const v = a.operands[0];
      if (v?.kind === 'value') this.flushUntilDefined(v.id);
      if (v?.kind === 'value') this.state.use(v.id);
      return;
    }
    this.buffer.push(a);
    const control = this.machine.registry.get(a.opcode)?.effects.control ?? 'none';
    if (control !== 'none') this.flush();
    else if (this.buffer.length >= this.matcher.maxLength) this.step();
  }

  /** A label: its parameters arrive in the registers of its calling convention. */
  label(def: LabelDef): void {
    const id = def.label.id;
    if (this.pendingJump !== undefined && this.pendingJump !== id) this.emitPendingJump();
    this.pendingJump = undefined;
    if (this.state.live().length > 0) this.endBlock();
    let cc = this.conventions.get(id);
    if (cc === undefined) {
      // Reached only by branches still to come: parameters in free registers.
      const taken = new Set<string>();
      cc = def.params.map((p) => {
        const r = this.pool.free(this.pool.registers(this.classOf(p.loc)), this.state, taken);
        if (r === undefined)
          throw new CompileError(`@${this.header.name}: too many parameters for ${labelText(def)}`);
        taken.add(r);
        return r;
      });
      this.conventions.set(id, cc);
    }
    def.params.forEach((p, k) => {
      const declared = p.loc?.kind === 'reg' ? p.loc.name : undefined;
      if (declared !== undefined && declared !== cc[k]) {
        throw new CompileError(
          `@${this.header.name}: ${labelText(def)} declares $${declared} for parameter ${k + 1}, but an earlier branch placed it in $${cc[k]} (concrete label locations are not supported yet)`,
        );
      }
    });
    this.code.bind(id);
    def.params.forEach((p, k) => {
      this.state.define(p.id, p.width, p.uses, [reg(cc[k]!)]);
    });
    this.ended = false;
  }

  /** The finished function. */
  finish(): CompiledFunction {
    this.emitPendingJump();
    if (!this.ended)
      throw new CompileError(`@${this.header.name} does not end with return, jump or trap`);
    this.emitStubs();
    return {
      name: this.header.name,
      code: this.code.finish().bytes,
      instructions: this.instructions,
      trapSites: this.trapSites,
    };
  }

  // ---- steps ---------------------------------------------------------------------------

  private flush(): void {
    while (this.buffer.length > 0) this.step();
  }

  /** Emits buffered actions until value `id` is in the state (a drop may name a buffered result). */
  private flushUntilDefined(id: number): void {
    while (!this.state.isLive(id) && this.buffer.some((a) => a.results.some((r) => r.id === id)))
      this.step();
  }

  private step(): void {
    const first = this.buffer[0]!;
    if (first.opcode === 'return') {
      this.emitReturn(first);
      this.buffer.shift();
      return;
    }
    if (first.opcode === 'jump') {
      this.emitJump(first);
      this.buffer.shift();
      return;
    }
    const control = this.machine.registry.get(first.opcode)?.effects.control ?? 'none';
    if (control === 'call') {
      throw new CompileError(`@${this.header.name}: ${first.opcode} is not implemented yet`);
    }
    let best = this.choose(this.matcher.query(this.query(this.buffer)));
    if (!best && first.opcode === 'trap_if') {
      // No form traps on a condition: branch to a stub that traps.
      const kind = first.operands[1]?.kind === 'sym' ? first.operands[1].name : 'unknown';
      const stub = this.nextStub--;
      this.stubs.push({ label: stub, moves: [], trap: kind });
      this.buffer[0] = {
        opcode: 'br_if',
        widths: [],
        results: [],
        operands: [first.operands[0]!, { kind: 'label', label: { id: stub } }],
      };
      best = this.choose(this.matcher.query(this.query(this.buffer)));
    }
    if (!best) {
      throw new CompileError(
        `@${this.header.name}: the ${this.machine.def.name} definition has no instruction form for \`${formatAction(first, (id) => `%${id}`)}\``,
      );
    }
    this.apply(best);
    this.buffer.splice(0, best.covers);
  }

  /**
   * The first candidate LIRC can satisfy: a value bound to a fixed 1-bit
   * register (a flag) that is not there must be movable into it (a bool in a
   * register can become `cc.ne`, not `cc.o`).
   */
  private choose(candidates: readonly Candidate[]): Candidate | undefined {
    return candidates.find((c) =>
      [...c.bindings].every(([name, b]) => {
        const p = c.form.params[name]!;
        if (p.kind !== 'fixed' || b.kind !== 'value' || b.satisfied) return true;
        if (this.machine.registers.get(p.reg)?.width !== 1) return true;
        const from = this.bestSource(b.id);
        return planMove(this.machine, this.matcher, from, reg(p.reg), 1, () => true) !== undefined;
      }),
    );
  }

  private query(actions: readonly Action[]): Query {
    const declared = new Map<number, number>();
    for (const a of actions) for (const r of a.results) declared.set(r.id, r.uses);
    return {
      actions,
      locations: (id) => this.state.locationsOf(id).map(toValueLocation),
      usesLeft: (id) => declared.get(id) ?? this.state.usesLeft(id),
      labelOffset: (id) => this.code.labelOffset(id),
    };
  }

  /** Fixed-operand uses each value has in the covered actions. */
  private consumedBy(actions: readonly Action[]): Map<number, number> {
    const consumed = new Map<number, number>();
    for (const a of actions) {
      const fixed = this.machine.registry
        .get(a.opcode)!
        .signature(a.widths, this.machine.def.pointerWidth).operands.length;
      for (const op of a.operands.slice(0, fixed)) {
        if (op.kind === 'value') consumed.set(op.id, (consumed.get(op.id) ?? 0) + 1);
      }
    }
    return consumed;
  }

  private apply(c: Candidate): void {
    const form = c.form;
    const covered = this.buffer.slice(0, c.covers);
    const consumed = this.consumedBy(covered);
    const neededAfter = (id: number) => this.state.usesLeft(id) - (consumed.get(id) ?? 0) > 0;

    // 1. A register for every register parameter.
    const target = new Map<string, string>();
    const claimed = new Set<string>();
    const written = new Set(c.writes.map((r) => r.name));
    for (const where of form.outputs.values())
      if (where.kind === 'reg') written.add(where.reg.name);
    for (const [name, p] of Object.entries(form.params)) {
      if (p.kind !== 'fixed') continue;
      target.set(name, p.reg);
      claimed.add(p.reg);
    }
    for (const [name, p] of Object.entries(form.params)) {
      const b = c.bindings.get(name)!;
      if (p.kind !== 'reg') continue;
      if (b.kind === 'reg') target.set(name, b.reg);
      else if (
        b.kind === 'value' &&
        b.reg !== undefined &&
        !claimed.has(b.reg) &&
        !written.has(b.reg)
      ) {
        target.set(name, b.reg);
        claimed.add(b.reg);
      }
    }
    // A single instruction reads its inputs before it writes its outputs, so an
    // output-only register may be one whose value dies here (even an input's).
    const single = form.encodings.length === 1;
    const outputOnly = new Set<string>();
    for (const [name, p] of Object.entries(form.params)) {
      if (p.kind !== 'reg' || target.has(name)) continue;
      const allowed = paramRegisters(p, this.machine.registers, this.machine.classes).map(
        (r) => r.name,
      );
      const pool = this.pool.registers(p.class).filter((r) => allowed.includes(r));
      const isOutput = c.bindings.get(name)?.kind === 'free';
      const avoid = new Set([...(isOutput && single ? outputOnly : claimed), ...written]);
      const dying = (x: string) => {
        const occ = this.state.occupant(reg(x));
        return occ !== undefined && !neededAfter(occ);
      };
      const r =
        this.pool.free(pool, this.state, avoid) ??
        (isOutput && single ? pool.find((x) => !avoid.has(x) && dying(x)) : undefined) ??
        pool.find((x) => !avoid.has(x));
      if (r === undefined)
        throw new CompileError(
          `@${this.header.name}: no register of class ${p.class} left for ${form.name}`,
        );
      target.set(name, r);
      if (isOutput) outputOnly.add(r);
      else claimed.add(r);
    }
    for (const where of form.outputs.values())
      if (where.kind === 'param') written.add(target.get(where.param)!);

    // 2. One parallel move: inputs into their registers, and values the
    // instruction (or the moves) would overwrite out of the way.
    const moves: ValueMove[] = [];
    for (const [name, b] of c.bindings) {
      const to = target.get(name);
      if (to === undefined) continue;
      if (
        b.kind === 'value' &&
        !this.state.locationsOf(b.id).some((l) => l.kind === 'reg' && l.name === to)
      ) {
        moves.push({
          from: this.bestSource(b.id),
          to: reg(to),
          width: this.state.widthOf(b.id),
          value: b.id,
        });
      }
      const p = form.params[name]!;
      if (b.kind === 'imm' && (p.kind === 'reg' || p.kind === 'fixed')) {
        moves.push({
          from: { kind: 'const', value: b.value },
          to: reg(to),
          width: p.width,
          value: -1,
        });
      }
    }
    const overwritten = new Set([...moves.map((m) => (m.to as { name: string }).name), ...written]);
    const homes = new Set<string>();
    for (const r of overwritten) {
      const occ = this.state.occupant(reg(r));
      if (occ === undefined || !neededAfter(occ)) continue;
      const survives =
        this.state.locationsOf(occ).some((l) => !(l.kind === 'reg' && overwritten.has(l.name))) ||
        moves.some((m) => m.value === occ && !written.has((m.to as { name: string }).name));
      if (survives) continue;
      const cls = this.classOfRegister(r);
      const avoid = new Set([...claimed, ...overwritten, ...homes]);
      const home = this.pool.free(this.pool.registers(cls), this.state, avoid);
      if (home === undefined) {
        throw new CompileError(
          `@${this.header.name}: out of ${cls} registers (spilling is not implemented yet)`,
        );
      }
      homes.add(home);
      moves.push({ from: reg(r), to: reg(home), width: this.state.widthOf(occ), value: occ });
    }
    this.runMoves(moves, new Set([...claimed, ...overwritten, ...homes]));

    // A conditional branch passes its arguments in its label's registers.
    const redirect = new Map<number, number>();
    const branch = covered.find((a) => a.opcode === 'br_if');
    if (branch) {
      const label = branch.operands[1];
      if (label?.kind === 'label' && label.label.id >= 0) {
        const to = this.conform(
          label.label.id,
          branch.operands.slice(2),
          new Set([...claimed, ...written]),
          false,
        );
        if (to !== label.label.id) redirect.set(label.label.id, to);
      }
    }

    // 3. The instruction.
    const offset = this.code.emit(form, operandsFor(c, target, redirect));
    const trap = covered.find((a) => a.opcode === 'trap' || a.opcode === 'trap_if');
    if (trap) {
      const kind = trap.operands.find((o) => o.kind === 'sym');
      this.trapSites.push({ offset, kind: kind?.kind === 'sym' ? kind.name : 'unknown' });
    }
    this.instructions.push({
      offset,
      form: form.name,
      actions: covered.map((a) => formatAction(a, (id) => `%${id}`)),
    });

    // 4. The state after it.
    for (const r of written) this.state.clobber(reg(r));
    for (const [id, n] of consumed) if (this.state.isLive(id)) this.state.use(id, n);
    for (const a of covered) {
      const r = a.results[0];
      if (!r) continue;
      const uses = r.uses - (consumed.get(r.id) ?? 0);
      const where = c.outputs.get(r.id);
      const loc =
        where?.kind === 'param'
          ? reg(target.get(where.param)!)
          : where?.kind === 'reg'
            ? reg(where.reg.name)
            : undefined;
      this.state.define(r.id, r.width, uses, loc ? [loc] : []);
    }
    if (branch) this.consumeArguments(branch.operands.slice(2));
    for (const r of claimed) this.pool.touch(r);
    this.verify(form.name);
    if (covered.some((a) => a.opcode === 'trap')) this.endBlock();
  }

  // ---- control flow ----------------------------------------------------------------------

  /**
   * Makes a branch to `label` pass `args`: fixes the label's convention if
   * this is the first branch (the arguments' registers, copying where a value
   * is passed twice or is not in a register), else conforms. Returns the
   * label to branch to: the label itself, or (for a conditional branch that
   * needs moves) a stub that does them. `busy` registers must not be touched.
   */
  private conform(
    label: number,
    args: readonly Operand[],
    busy: ReadonlySet<string>,
    unconditional: boolean,
  ): number {
    const cc = this.conventions.get(label);
    if (cc === undefined) {
      const chosen: string[] = [];
      const moves: ValueMove[] = [];
      const taken = new Set<string>(busy);
      for (const op of args) {
        const current =
          op.kind === 'value'
            ? this.state
                .locationsOf(op.id)
                .find((l) => l.kind === 'reg' && !chosen.includes(l.name))
            : undefined;
        if (current?.kind === 'reg') {
          chosen.push(current.name);
          taken.add(current.name);
          continue;
        }
        const r = this.pool.free(this.pool.registers(this.firstClass), this.state, taken);
        if (r === undefined)
          throw new CompileError(
            `@${this.header.name}: no register left for a label argument (spilling is not implemented yet)`,
          );
        chosen.push(r);
        taken.add(r);
        moves.push(this.argumentMove(op, r));
      }
      this.conventions.set(label, chosen);
      this.runMoves(moves, taken);
      return label;
    }
    if (cc.length !== args.length)
      throw new CompileError(
        `@${this.header.name}: a branch passes ${args.length} value(s) to a label taking ${cc.length}`,
      );
    const moves = args
      .map((op, k) => this.argumentMove(op, cc[k]!))
      .filter((m) => !(m.from.kind === 'reg' && m.to.kind === 'reg' && m.from.name === m.to.name));
    if (moves.length === 0) return label;
    if (unconditional) {
      this.runMoves(moves, new Set(cc));
      return label;
    }
    const stub = this.nextStub--;
    this.stubs.push({ label: stub, moves, jumpTo: label });
    return stub;
  }

  /** The move that puts a branch argument in register `to`. */
  private argumentMove(op: Operand, to: string): ValueMove {
    if (op.kind === 'imm')
      return {
        from: { kind: 'const', value: op.value },
        to: reg(to),
        width: this.pointerWidth(),
        value: -1,
      };
    if (op.kind !== 'value')
      throw new CompileError(
        `@${this.header.name}: a branch argument must be a value or an immediate`,
      );
    const here = this.state.locationsOf(op.id).find((l) => l.kind === 'reg' && l.name === to);
    return {
      from: here ?? this.bestSource(op.id),
      to: reg(to),
      width: this.state.widthOf(op.id),
      value: op.id,
    };
  }

  private consumeArguments(args: readonly Operand[]): void {
    for (const op of args)
      if (op.kind === 'value' && this.state.isLive(op.id)) this.state.use(op.id);
  }

  private emitJump(a: Action): void {
    const label = a.operands[0];
    if (label?.kind !== 'label')
      throw new CompileError(`@${this.header.name}: jump without a label`);
    this.conform(label.label.id, a.operands.slice(1), new Set(), true);
    this.consumeArguments(a.operands.slice(1));
    this.endBlock();
    this.pendingJump = label.label.id;
  }

  private emitPendingJump(): void {
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
    const best = this.matcher.best(this.query([jump]));
    if (!best)
      throw new CompileError(`the ${this.machine.def.name} definition has no form for jump`);
    const offset = this.code.emit(best.form, operandsFor(best, new Map()));
    this.instructions.push({ offset, form: best.form.name, actions: [`jump ^${target}`] });
  }

  /** Stubs after the body: each does its moves, then jumps on or traps. */
  private emitStubs(): void {
    for (const stub of this.stubs) {
      this.code.bind(stub.label);
      this.runStubMoves(stub.moves);
      if (stub.jumpTo !== undefined) this.emitJumpTo(stub.jumpTo);
      if (stub.trap !== undefined) {
        const trap: Action = {
          opcode: 'trap',
          widths: [],
          results: [],
          operands: [{ kind: 'sym', name: stub.trap }],
        };
        const best = this.matcher.best(this.query([trap]));
        if (!best)
          throw new CompileError(`the ${this.machine.def.name} definition has no form for trap`);
        const offset = this.code.emit(best.form, operandsFor(best, new Map()));
        this.instructions.push({ offset, form: best.form.name, actions: [`trap ${stub.trap}`] });
        this.trapSites.push({ offset, kind: stub.trap });
      }
    }
  }

  /** A stub's moves: only the label's arguments are live there, so any other register is scratch. */
  private runStubMoves(moves: readonly ValueMove[]): void {
    const used = new Set(
      moves.flatMap((m) => [m.from, m.to]).flatMap((l) => (l.kind === 'reg' ? [l.name] : [])),
    );
    const scratch = this.pool.registers(this.firstClass).find((r) => !used.has(r));
    for (const m of sequentializeMoves(moves, locationKey, scratch ? reg(scratch) : undefined)) {
      const width =
        moves.find((x) => locationKey(x.from) === locationKey(m.from))?.width ??
        this.pointerWidth();
      const emitted = emitMove(
        this.machine,
        this.matcher,
        this.code,
        m.from,
        m.to,
        width,
        () => true,
      );
      this.instructions.push({
        ...emitted,
        actions: [`move ${locationKey(m.from)} → ${locationKey(m.to)}`],
      });
    }
  }

  /** The end of a block: nothing is live after a jump, a return or a trap. */
  private endBlock(): void {
    for (const id of this.state.live()) this.state.release(id);
    this.ended = true;
  }

  private pointerWidth(): number {
    return this.machine.def.pointerWidth;
  }

  /** Runs a parallel move; `busy` registers cannot serve as scratch. */
  private runMoves(moves: readonly ValueMove[], busy: ReadonlySet<string>): void {
    if (moves.length === 0) return;
    const widthAt = new Map<string, number>();
    for (const m of moves) widthAt.set(locationKey(m.from), m.width);
    const scratchReg = this.pool.free(this.pool.registers(this.firstClass), this.state, busy);
    const steps = sequentializeMoves(moves, locationKey, scratchReg ? reg(scratchReg) : undefined);
    // Simulate the moves to know which value ends where.
    const holds = new Map<string, number>();
    for (const m of moves)
      if (m.from.kind === 'reg')
        holds.set(locationKey(m.from), this.state.occupant(m.from) ?? m.value);
    for (const m of moves) if (m.from.kind === 'const') holds.set(locationKey(m.from), m.value);
    for (const s of steps) {
      const width =
        widthAt.get(locationKey(s.from)) ?? this.state.widthOf(holds.get(locationKey(s.from))!);
      // A move may overwrite registers (flags) that hold no live value.
      const emitted = emitMove(this.machine, this.matcher, this.code, s.from, s.to, width, (r) => {
        const occ = this.state.occupant(reg(r));
        return occ === undefined || !this.state.isLive(occ);
      });
      this.instructions.push({
        ...emitted,
        actions: [`move ${locationKey(s.from)} → ${locationKey(s.to)}`],
      });
      const v = holds.get(locationKey(s.from));
      holds.set(locationKey(s.to), v!);
      widthAt.set(locationKey(s.to), width);
    }
    for (const s of steps) {
      this.state.clobber(s.to);
      const v = holds.get(locationKey(s.to))!;
      if (v >= 0 && this.state.isLive(v)) this.state.addLocation(v, s.to);
    }
  }

  private emitReturn(a: Action): void {
    const next = new Map<string, number>();
    const moves: ValueMove[] = [];
    const results = this.header.results;
    a.operands.forEach((op, k) => {
      const cls = this.classOf(results[k]?.loc);
      const n = next.get(cls) ?? 0;
      next.set(cls, n + 1);
      const r = this.machine.def.abi.results[cls]?.[n];
      if (r === undefined)
        throw new CompileError(
          `@${this.header.name}: result ${k + 1} would need a return area, which is not implemented yet`,
        );
      const width = results[k]!.width;
      if (op.kind === 'imm')
        moves.push({ from: { kind: 'const', value: op.value }, to: reg(r), width, value: -1 });
      else if (op.kind === 'value')
        moves.push({ from: this.bestSource(op.id), to: reg(r), width, value: op.id });
    });
    this.runMoves(moves, new Set(moves.map((m) => (m.to as { name: string }).name)));
    const best = this.matcher.best(this.query([a]));
    if (!best)
      throw new CompileError(`the ${this.machine.def.name} definition has no form for return`);
    const offset = this.code.emit(best.form, operandsFor(best, new Map()));
    this.instructions.push({ offset, form: best.form.name, actions: ['return'] });
    this.endBlock();
  }

  // ---- helpers ---------------------------------------------------------------------------

  private bestSource(id: number): Location {
    const locs = this.state.locationsOf(id);
    return locs.find((l) => l.kind === 'reg') ?? locs.find((l) => l.kind === 'const') ?? locs[0]!;
  }

  private classOf(loc: { kind: string; name?: string } | undefined): string {
    if (loc?.kind === 'class' && loc.name !== undefined) return loc.name;
    return this.firstClass;
  }

  private classOfRegister(r: string): string {
    for (const cls of this.machine.classes.values()) {
      if (cls.registers.includes(r) && this.pool.registers(cls.name).length > 0) return cls.name;
    }
    return this.firstClass;
  }

  private verify(after: string): void {
    if (!this.checkInvariant) return;
    const problems = this.state.check();
    if (problems.length > 0) {
      throw new CompileError(
        `@${this.header.name}: after ${after}: ${problems.join('; ')} (a bug in LIRC)`,
      );
    }
  }
}

/** How a label is written in messages. */
function labelText(def: LabelDef): string {
  return `^${def.label.name ?? `L${def.label.id}`}`;
}

/** The encoder's operands for a candidate whose register parameters got `target` registers. */
function operandsFor(
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

function toValueLocation(l: Location): ValueLocation {
  if (l.kind === 'reg') return { kind: 'reg', reg: l.name };
  if (l.kind === 'stack') return { kind: 'stack', offset: l.offset };
  return { kind: 'const', value: l.value };
}
