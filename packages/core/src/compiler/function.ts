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
 * What is not implemented yet is reported as a CompileError, never
 * miscompiled (docs/lirc-core.md lists it).
 */
import {
  type Candidate,
  CodeBuffer,
  type LoadedMachine,
  type Matcher,
  type RelocationRequest,
} from '@lirc/asmquery';
import {
  type Action,
  type FunctionHeader,
  formatAction,
  type LabelDef,
  type ValueDef,
} from '@lirc/low-ir';
import { applyCandidate } from './apply.js';
import { emitCall, type HeaderLookup } from './calls.js';
import {
  FunctionContext,
  type FunctionReference,
  type InstructionRecord,
  reg,
  SYNTHETIC_IDS,
  type TrapSite,
} from './context.js';
import { ControlFlow, EPILOGUE } from './control.js';
import { CompileError } from './errors.js';
import type { ActionOrigin, CandidateVerdict, ExplainRecorder, Rejection } from './explain.js';
import { guard, isGuarded } from './guards.js';
import { legalize, syntheticValue } from './legalize.js';
import { type Emission, formatEmission, formatListing, labelName } from './listing.js';
import { canMaterialize } from './moves.js';
import type { RegisterPool } from './pool.js';

export type { InstructionRecord, TrapSite } from './context.js';

/** The machine code of one function. */
export interface CompiledFunction {
  readonly name: string;
  readonly code: Uint8Array;
  readonly instructions: readonly InstructionRecord[];
  readonly trapSites: readonly TrapSite[];
  /** Relocations the code needs (calls to other functions), at offsets in `code`. */
  readonly relocations: readonly RelocationRequest[];
  /** Bytes of stack the function reserves (0 without a frame). */
  readonly frameSize: number;
  /** Instructions naming functions (calls, func_addr), for the module to resolve. */
  readonly references: readonly FunctionReference[];
  /** The assembly listing (with the compiler's `listing` option). */
  readonly listing?: string;
  /** What was emitted, for assembly text (with the `listing` option). */
  readonly emitted?: EmittedCode;
}

/** Every instruction of a function as emitted (form and operands) and where its labels are. */
export interface EmittedCode {
  /** In code order, at offsets in the function's code. */
  readonly emissions: readonly Emission[];
  /** The k-th instruction's record (the actions it implements). */
  readonly records: readonly InstructionRecord[];
  /** Label id to offset in the function's code. */
  readonly labels: ReadonlyMap<number, number>;
  /** A label's name (`loop`, `3`, `epilogue`, `stub1`), unique in the function. */
  labelName(id: number): string;
}

/** Compiles one function, action by action. */
export class FunctionCompiler {
  private readonly ctx: FunctionContext;
  private readonly control: ControlFlow;
  private readonly buffer: Action[] = [];
  /** Ids for values that legalization rules introduce (far above the function's own). */
  private nextSynthetic = SYNTHETIC_IDS;
  /** Divisors checked for zero earlier in this block (see guards.ts). */
  private readonly nonZero = new Set<number>();
  /** `eqz` results of this block: value → the value it tests. */
  private readonly zeroTests = new Map<number, number>();

  constructor(
    machine: LoadedMachine,
    matcher: Matcher,
    pool: RegisterPool,
    private readonly header: FunctionHeader,
    checkInvariant: boolean,
    private readonly headers: HeaderLookup = () => undefined,
    listing = false,
    explain?: ExplainRecorder,
  ) {
    this.ctx = new FunctionContext(
      machine,
      matcher,
      pool,
      header,
      checkInvariant,
      listing || explain !== undefined,
      explain,
    );
    this.control = new ControlFlow(this.ctx);
    // Parameters where the function's CC puts them (conventions.ts; calls.ts
    // puts them there); with a return area, its address comes first and goes
    // to a slot of its own.
    for (const p of header.params) if (p.name !== undefined) this.ctx.names.set(p.id, p.name);
    if (this.ctx.resultPlacement.stackSize > 0) {
      const slot = this.ctx.frame.reserveSlot();
      this.ctx.returnAreaSlot = slot;
      if (slot.kind !== 'stack' || this.ctx.framePointer === undefined)
        throw this.ctx.error('no frame');
      this.ctx.frame.storeAt(
        this.ctx.framePointer,
        slot.offset,
        this.ctx.returnAreaRegister,
        machine.def.pointerWidth,
      );
    }
    // A 1-bit parameter arrives as a pointer-width value whose low bit it is
    // (a caller may pass an immediate such as -1 without knowing the width).
    const raw = new Map(
      header.params
        .filter((p) => p.width === 1)
        .map((p) => [p.id, syntheticValue(() => this.nextSynthetic++, this.ctx.pointerWidth, 1)]),
    );
    const places = this.ctx.parameterPlacement.places;
    header.params.forEach((p, j) => {
      const d = raw.get(p.id) ?? p;
      const place = places[j]!;
      this.ctx.state.define(d.id, d.width, d.uses, [
        place.kind === 'reg' ? reg(place.name) : this.ctx.frame.incoming(place.offset),
      ]);
    });
    for (const p of header.params) {
      const d = raw.get(p.id);
      if (d) this.truncateToBit(d, p);
    }
  }

  /** Takes the next action of the function (after the guards it needs, see guards.ts). */
  action(a: Action): void {
    this.noteZeroCheck(a);
    const guarded = guard(a, () => this.nextSynthetic++, this.nonZero);
    if (!guarded) {
      this.take(a);
      return;
    }
    for (const [id, n] of guarded.extraUses) this.addUses(id, n);
    for (const g of guarded.actions) this.take(g, g === a ? 'stream' : 'guard');
  }

  /**
   * Recognizes the producer's own zero checks (`%z = eqz.W %b` then
   * `trap_if %z, int_divide_by_zero`), so that a divisor it checked is not
   * checked again.
   */
  private noteZeroCheck(a: Action): void {
    const [x, kind] = a.operands;
    if (x?.kind !== 'value') return;
    if (a.opcode === 'eqz' && a.results[0]) this.zeroTests.set(a.results[0].id, x.id);
    else if (a.opcode === 'trap_if' && kind?.kind === 'sym' && kind.name === 'int_divide_by_zero') {
      const b = this.zeroTests.get(x.id);
      if (b !== undefined) this.nonZero.add(b);
    }
  }

  /** Adds `delta` (possibly negative) to the uses left of a value defined before. */
  private addUses(id: number, delta: number): void {
    const state = this.ctx.state;
    if (state.isLive(id)) {
      if (delta > 0) state.retain(id, delta);
      else for (let k = 0; k < -delta; k++) state.use(id);
    } else {
      this.ctx.extraUses.set(id, (this.ctx.extraUses.get(id) ?? 0) + delta);
    }
  }

  private take(a: Action, origin: ActionOrigin = 'stream'): void {
    for (const r of a.results) if (r.name !== undefined) this.ctx.names.set(r.id, r.name);
    this.ctx.explain?.({ kind: 'take', action: a, text: formatAction(a, this.ctx.nameOf), origin });
    this.control.emitPendingJump();
    this.control.ended = false;
    // clone and drop change a value's uses; for a value a buffered action has
    // not defined yet, the change waits in `extraUses` (queries count it).
    if (a.opcode === 'clone' || a.opcode === 'drop') {
      const [v, n] = a.operands;
      if (v?.kind !== 'value') return;
      this.addUses(v.id, a.opcode === 'clone' ? Number(n?.kind === 'imm' ? n.value : 1n) : -1);
      return;
    }
    this.buffer.push(a);
    const control = this.ctx.machine.registry.get(a.opcode)?.effects.control ?? 'none';
    if (control !== 'none') this.flush();
    else if (this.buffer.length >= this.ctx.matcher.maxLength) this.step();
  }

  /** A label (the previous block has ended). */
  label(def: LabelDef): void {
    if (def.label.name !== undefined) this.ctx.labelNames.set(def.label.id, def.label.name);
    for (const p of def.params) if (p.name !== undefined) this.ctx.names.set(p.id, p.name);
    this.nonZero.clear();
    this.zeroTests.clear();
    // A 1-bit parameter given a wide immediate by some branch: its low bit.
    const raw = new Map(
      this.control
        .unnormalizedParams(def)
        .map((k) => [k, syntheticValue(() => this.nextSynthetic++, this.ctx.pointerWidth, 1)]),
    );
    this.control.label(def, raw);
    for (const [k, d] of raw) this.truncateToBit(d, def.params[k]!);
  }

  /** Takes `bit = trunc.1.W raw`: a 1-bit value from the low bit of a wider one. */
  private truncateToBit(raw: ValueDef, bit: ValueDef): void {
    this.take(
      {
        opcode: 'trunc',
        widths: [1, raw.width],
        operands: [{ kind: 'value', id: raw.id }],
        results: [bit],
      },
      'bit',
    );
  }

  /** The finished function: prologue, body, epilogue, stubs. */
  finish(): CompiledFunction {
    if (!this.control.ended) throw this.ctx.error('does not end with return, jump or trap');
    this.control.finishBody();
    const body = this.ctx.code.finish();
    const bodyRecords = this.ctx.instructions.splice(0);
    const bodyEmissions = this.ctx.emissions?.splice(0);
    // The prologue is known only now; the body is position-independent, so it goes in front.
    this.ctx.explain?.({ kind: 'prologue' });
    this.ctx.code = new CodeBuffer(this.ctx.machine);
    this.ctx.frame.emitPrologue();
    const prologue = this.ctx.code.finish().bytes;
    const shift = prologue.length;
    const code = new Uint8Array(shift + body.bytes.length);
    code.set(prologue, 0);
    code.set(body.bytes, shift);
    const instructions = [
      ...this.ctx.instructions,
      ...bodyRecords.map((r) => ({ ...r, offset: r.offset + shift })),
    ];
    const labelNames = this.ctx.labelNames;
    const emitted: EmittedCode | undefined = bodyEmissions && {
      emissions: [
        ...this.ctx.emissions!,
        ...bodyEmissions.map((e) => ({ ...e, offset: e.offset + shift })),
      ],
      records: instructions,
      labels: new Map([...body.labels].map(([id, at]) => [id, at + shift])),
      labelName: (id) => labelName(id, EPILOGUE, labelNames).slice(1),
    };
    const listing =
      emitted &&
      formatListing(
        this.ctx.machine,
        this.header.name,
        instructions,
        emitted.emissions,
        emitted.labels,
        EPILOGUE,
        labelNames,
      );
    if (this.ctx.explain && emitted && listing !== undefined)
      this.ctx.explain({
        kind: 'end',
        instructions: instructions.map((r, k) => ({
          ...r,
          bytes: code.slice(r.offset, instructions[k + 1]?.offset ?? code.length),
          assembly: formatEmission(
            this.ctx.machine,
            emitted.emissions[k]!,
            EPILOGUE,
            this.ctx.labelNames,
          ),
        })),
        prologue: this.ctx.instructions.length,
        listing,
      });
    return {
      name: this.header.name,
      code,
      instructions,
      trapSites: this.ctx.trapSites.map((t) => ({ ...t, offset: t.offset + shift })),
      relocations: body.relocations.map((r) => ({ ...r, at: r.at + shift })),
      references: this.ctx.references.map((c) => ({ ...c, offset: c.offset + shift })),
      frameSize: this.ctx.frame.needed ? this.ctx.frame.size() : 0,
      ...(listing === undefined ? {} : { listing }),
      ...(emitted === undefined ? {} : { emitted }),
    };
  }

  // ---- steps ---------------------------------------------------------------------------

  private flush(): void {
    while (this.buffer.length > 0) this.step();
  }

  private step(): void {
    const first = this.buffer[0]!;
    if (this.isDead(first)) {
      this.ctx.explain?.({ kind: 'dead', action: first });
      // Nothing reads its results and it has no effect: only its operands' uses go.
      for (const o of first.operands) if (o.kind === 'value') this.addUses(o.id, -1);
      for (const r of first.results) this.ctx.extraUses.delete(r.id);
      this.buffer.shift();
      return;
    }
    if (first.opcode === 'return') {
      this.control.emitReturn(first);
      this.buffer.shift();
      return;
    }
    if (first.opcode === 'jump') {
      this.control.emitJump(first);
      this.buffer.shift();
      return;
    }
    const control = this.ctx.machine.registry.get(first.opcode)?.effects.control ?? 'none';
    if (control === 'call') {
      emitCall(this.ctx, first, this.headers);
      this.buffer.shift();
      return;
    }
    let best = this.chooseFor(this.buffer);
    if (!best && first.opcode === 'trap_if') {
      // No form traps on a condition: branch to a stub that traps.
      const kind = first.operands[1]?.kind === 'sym' ? first.operands[1].name : 'unknown';
      const stub = this.control.trapStub(kind);
      const branch: Action = {
        opcode: 'br_if',
        widths: [],
        results: [],
        operands: [
          first.operands[0]!,
          { kind: 'label', label: { id: stub, name: labelName(stub, EPILOGUE).slice(1) } },
        ],
      };
      this.buffer[0] = branch;
      this.ctx.explain?.({
        kind: 'rewrite',
        action: first,
        into: [{ action: branch, text: formatAction(branch, this.ctx.nameOf) }],
        why: 'no form traps on a condition: a branch to a stub that traps',
      });
      best = this.chooseFor(this.buffer);
    }
    if (!best && first.opcode === 'const' && first.results[0]) {
      // No single form makes this constant: it stays a known constant, put in
      // a register where it is used (in two instructions if need be, moves.ts).
      const r = first.results[0];
      const operand = first.operands[0];
      const extra = this.ctx.extraUses.get(r.id) ?? 0;
      this.ctx.extraUses.delete(r.id);
      if (operand?.kind === 'imm') {
        this.ctx.explain?.({ kind: 'constant', action: first });
        this.ctx.state.define(r.id, r.width, r.uses + extra, [
          { kind: 'const', value: operand.value },
        ]);
        this.buffer.shift();
        return;
      }
    }
    if (!best) {
      const rewritten = legalize(
        first,
        () => this.nextSynthetic++,
        this.ctx.machine.registry,
        (id) => this.addUses(id, 1),
        this.ctx.pointerWidth,
      );
      if (rewritten) {
        this.ctx.explain?.({
          kind: 'rewrite',
          action: first,
          into: rewritten.map((a) => ({ action: a, text: formatAction(a, this.ctx.nameOf) })),
          why: 'no form implements it: a legalization rule rewrites it',
        });
        this.buffer.splice(0, 1, ...rewritten);
        return;
      }
      throw new CompileError(
        `@${this.header.name}: the ${this.ctx.machine.def.name} definition has no instruction form for \`${formatAction(first, this.ctx.nameOf)}\``,
      );
    }
    applyCandidate(this.ctx, this.control, best, this.buffer.slice(0, best.covers));
    this.buffer.splice(0, best.covers);
  }

  /** A pure action none of whose results has a use. */
  private isDead(a: Action): boolean {
    if (a.results.length === 0) return false;
    if (!this.ctx.machine.registry.get(a.opcode)?.effects.pure) return false;
    return a.results.every((r) => r.uses + (this.ctx.extraUses.get(r.id) ?? 0) === 0);
  }

  /**
   * The first candidate LIRC can satisfy, preferring one that needs no value
   * moved to another register class (an SSE form for integer values in
   * general registers is a match, but a costly one).
   *
   * Satisfiable: a value bound to a fixed 1-bit register (a flag) that is not
   * there must be movable into it (a bool in a register can become `cc.ne`,
   * not `cc.o`); a constant bound to a register parameter must have a way
   * into that class. A form with a `note` (its semantics hold only for some
   * inputs: x86 shifts of 8 and 16 bits by cl mask the count to 5 bits)
   * takes only actions whose inputs LIRC guards (guards.ts); other actions
   * go to another form or a legalization.
   */
  private choose(
    candidates: readonly Candidate[],
    lost?: Map<Candidate, string>,
  ): Candidate | undefined {
    let fallback: Candidate | undefined;
    for (const c of candidates) {
      const problem = this.unsatisfiable(c);
      if (problem !== undefined) {
        lost?.set(c, problem);
        continue;
      }
      if (!this.crossesClasses(c)) {
        if (fallback) lost?.set(fallback, CROSSES);
        return c;
      }
      if (fallback) lost?.set(c, `${CROSSES}, and so does an earlier candidate`);
      fallback ??= c;
    }
    return fallback;
  }

  /**
   * Queries AsmQuery for the buffer and chooses; with an explain recorder,
   * tells it every candidate and why each loser lost, and the forms tried
   * that matched nothing (the reasons come from the checks that decided).
   */
  private chooseFor(buffer: readonly Action[]): Candidate | undefined {
    const explain = this.ctx.explain;
    const query = this.ctx.query(buffer);
    if (!explain) return this.choose(this.ctx.matcher.query(query));
    // Per form, the reason for the longest prefix it was checked against
    // (a failed check of data flow or constraints beats a missing key).
    const rejected = new Map<string, Rejection & { checked: boolean }>();
    const candidates = this.ctx.matcher.query(query, (form, covers, reason, checked) => {
      if (!checked && rejected.has(form.name)) return;
      rejected.set(form.name, { form: form.name, covers, reason, checked });
    });
    const lost = new Map<Candidate, string>();
    const best = this.choose(candidates, lost);
    for (const c of candidates) rejected.delete(c.form.name);
    const verdicts = candidates.map((c): CandidateVerdict => {
      const reason = c === best ? undefined : (lost.get(c) ?? rankedBelow(c, best!));
      return {
        form: c.form.name,
        covers: c.covers,
        cost: c.cost,
        ...(reason === undefined ? {} : { lost: reason }),
      };
    });
    explain({
      kind: 'choice',
      buffer: [...buffer],
      candidates: verdicts,
      rejected: [...rejected.values()].map(({ form, covers, reason }) => ({
        form,
        covers,
        reason,
      })),
    });
    return best;
  }

  /** Why LIRC cannot use candidate `c` here, or undefined if it can. */
  private unsatisfiable(c: Candidate): string | undefined {
    if (
      c.form.def.note !== undefined &&
      !this.buffer.slice(0, c.covers).some((a) => isGuarded(a.opcode))
    )
      return 'its semantics hold only for inputs LIRC guards, and these are not guarded';
    if (this.usesSpecialRegister(c))
      return "would put a program's value in a special register (such forms are for the frame)";
    if (this.coversCall(c)) return 'fuses a call (calls go through the calling convention)';
    for (const [name, b] of c.bindings) {
      const p = c.form.params[name]!;
      if (p.kind === 'reg') {
        const source = b.kind === 'value' && !b.satisfied ? this.ctx.bestSource(b.id) : undefined;
        const constant =
          b.kind === 'imm' ? b.value : source?.kind === 'const' ? source.value : undefined;
        const into = this.ctx.pool.registers(p.class)[0];
        if (
          constant !== undefined &&
          into !== undefined &&
          !canMaterialize(this.ctx, constant, into, p.width)
        )
          return `register class mismatch: constant ${constant} has no way into class ${p.class} (${name})`;
        continue;
      }
      if (p.kind !== 'fixed' || this.ctx.machine.registers.get(p.reg)?.width !== 1) continue;
      const from =
        b.kind === 'imm'
          ? { kind: 'const' as const, value: b.value }
          : b.kind === 'value' && !b.satisfied
            ? this.ctx.bestSource(b.id)
            : undefined;
      if (from !== undefined && !this.ctx.canMoveToFlag(from, p.reg))
        return `operand constraint: ${name} must be in flag ${p.reg}, and its value cannot be moved there`;
    }
    return undefined;
  }

  /**
   * Whether `c` covers a call: calls go through emitCall (calls.ts), which
   * places arguments and results by the callee's convention; a form that
   * fuses a load into the call (x86 `call [mem]`) would leave them unplaced.
   */
  private coversCall(c: Candidate): boolean {
    for (let k = 0; k < c.covers; k++) {
      const spec = this.ctx.machine.registry.get(this.buffer[k]!.opcode);
      if (spec?.effects.control === 'call') return true;
    }
    return false;
  }

  /**
   * Whether `c` would put a value of the program into a special register
   * (pool.ts): an input fixed there that is not already there, or an output
   * landing there. Such forms are for the frame's own code (x86 `pop`
   * implements `load.64 %p; add.64 %p, 8` only when %p is the stack pointer).
   */
  private usesSpecialRegister(c: Candidate): boolean {
    const pool = this.ctx.pool;
    for (const [name, b] of c.bindings) {
      const p = c.form.params[name]!;
      if (p.kind !== 'fixed' || !pool.isSpecial(p.reg)) continue;
      if (b.kind === 'reg' || (b.kind === 'value' && b.satisfied)) continue;
      return true;
    }
    for (const where of c.outputs.values())
      if (where.kind === 'reg' && pool.isSpecial(where.reg.name)) return true;
    return false;
  }

  /** Whether some value of `c` sits only in registers of another class than its parameter's (CROSSES). */
  private crossesClasses(c: Candidate): boolean {
    return [...c.bindings].some(([name, b]) => {
      const p = c.form.params[name]!;
      if (p.kind !== 'reg' || b.kind !== 'value') return false;
      const regs = this.ctx.state.locationsOf(b.id).filter((l) => l.kind === 'reg');
      return (
        regs.length > 0 &&
        regs.every((l) => this.ctx.classOfRegister((l as { name: string }).name) !== p.class)
      );
    });
  }
}

/** Why a candidate that needs values moved between register classes lost. */
const CROSSES = 'register class mismatch: a value would move to another register class';

/** Why candidate `c`, ranked after the chosen `best` by AsmQuery, lost to it. */
function rankedBelow(c: Candidate, best: Candidate): string {
  if (c.covers < best.covers) return `covers fewer actions (${c.covers} < ${best.covers})`;
  if (c.cost > best.cost) return `costlier (${c.cost} > ${best.cost})`;
  return 'as long and as cheap, later in the machine definition';
}
