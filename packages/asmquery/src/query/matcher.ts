/**
 * The query engine. Given a window of buffered actions (a prefix of LIRC's
 * lookahead), where their inputs are now and how many uses each value has
 * left, it finds the instruction forms that implement the first m actions of
 * the window, for every m up to the longest form, and answers with ranked
 * candidates: longest first, then cheapest.
 *
 * A form matches when the window's actions map one-to-one onto actions of its
 * semantics with the same key, following data flow: a form operand that is a
 * parameter binds to the window's operand (consistently across uses); one
 * that is an earlier result of the snippet must be the window value computed
 * by the matched action; a literal must equal the window's immediate.
 * Commutative actions are tried both ways. Actions of the form that nothing
 * in the window matched must be side outputs: pure, with their result in a
 * fixed register (a flag, x86 rdx) or nowhere; those registers are written.
 * (A form whose main result goes to a register operand is never used for
 * only part of what it computes.) A window value that is still needed afterwards must land in an
 * output location; one that is not may stay an intermediate with none.
 */
import { type Action, type Operand, toSigned, wrap } from '@lirc/low-ir';
import { immediateFits } from '../encoding/encode.js';
import type { CompiledForm, LoadedMachine, OutputLocation } from '../machine/load.js';
import { paramRegisters } from '../machine/load.js';
import { actionKey, type SemAction } from '../machine/semantics.js';
import type { ParamDef, RegisterDef } from '../machine/types.js';
import { FormTables } from './tables.js';

/** Where a value is now, as the caller (LIRC) sees it. */
export type ValueLocation =
  | { readonly kind: 'reg'; readonly reg: string }
  | { readonly kind: 'stack'; readonly offset: number }
  | { readonly kind: 'const'; readonly value: bigint };

/** A question to the engine. */
export interface Query {
  /**
   * The buffered actions, in program order (LIRC handles clone and drop
   * itself). Candidates implement a prefix of them.
   */
  readonly actions: readonly Action[];
  /** Where a value defined before the window is now. */
  locations(valueId: number): readonly ValueLocation[];
  /**
   * Uses the value has left, counting those in `actions` (for a value an
   * action of the window defines: its declared uses).
   */
  usesLeft(valueId: number): number;
  /**
   * Byte offset from the start of the next instruction to a label that is
   * already placed (negative: behind), or undefined if it is not yet placed.
   */
  labelOffset?(labelId: number): number | undefined;
}

/** What a parameter is bound to. */
export type Binding =
  /** A value defined before the window; `satisfied` if it already sits where the parameter needs it. */
  | {
      readonly kind: 'value';
      readonly id: number;
      readonly satisfied: boolean;
      readonly reg?: string;
    }
  /** An immediate: the operand of an immediate parameter, or a constant to put in a register first. */
  | { readonly kind: 'imm'; readonly value: bigint }
  /** A specific register (the zero register for a constant 0, or an unused fixed register). */
  | { readonly kind: 'reg'; readonly reg: string }
  /** An output-only register: the caller picks any register of the parameter's class. */
  | { readonly kind: 'free' }
  | { readonly kind: 'label'; readonly id: number; readonly offset?: number }
  | { readonly kind: 'func'; readonly name: string }
  | { readonly kind: 'sym'; readonly name: string };

/** One way to implement a prefix of the window. */
export interface Candidate {
  readonly form: CompiledForm;
  /** How many actions of the window it implements (a prefix). */
  readonly covers: number;
  readonly bindings: ReadonlyMap<string, Binding>;
  /** Where each value the covered actions define lands, if anywhere. */
  readonly outputs: ReadonlyMap<number, OutputLocation>;
  /**
   * Every register the instruction writes besides the outputs of live
   * values: clobbers, side outputs (flags), outputs of dead values.
   */
  readonly writes: readonly RegisterDef[];
  /** Parameters whose input register an output overwrites while its value is still needed. */
  readonly overwritesLive: readonly string[];
  /** Form cost plus estimated moves, materialisations and copies. */
  readonly cost: number;
}

/**
 * Told, during one query, why a form the window's actions selected (it
 * contains the first action's key) did not become a candidate for the first
 * `covers` actions: the checks that failed, for each way of matching it
 * tried (at most three). For explanations (`lirc explain`); a query without one records nothing.
 */
export type RejectionTrace = (
  form: CompiledForm,
  covers: number,
  reason: string,
  /** False when only the window's action keys ruled it out (before data flow and constraints). */
  checked: boolean,
) => void;

/** Options of the engine. */
export interface MatcherOptions {
  /**
   * Distance in bytes a branch to a label not yet placed must be able to
   * reach (default 1 MiB): forms with shorter reach are used only backwards.
   */
  readonly forwardReach?: number;
}

interface State {
  readonly m: number;
  /** The keys of the window's actions. */
  readonly keys: readonly string[];
  /** Parameters bound so far, in order (undone by truncating). */
  readonly trail: string[];
  /** Window index → form action index. */
  readonly wToF: number[];
  readonly fUsed: boolean[];
  /** Window value id → form action index that defines it. */
  readonly valueToF: Map<number, number>;
  readonly bindings: Map<string, Binding>;
}

/** The query engine for one machine. */
export class Matcher {
  readonly tables: FormTables;
  private readonly forwardReach: number;
  private readonly zero: RegisterDef | undefined;
  /** Scratch words for the candidate set of one query. */
  private readonly scratch: Uint32Array;
  /** Per form, per register parameter: the names of the registers it accepts. */
  private readonly accepted: ReadonlyMap<string, ReadonlySet<string>>[];
  /** Per form: its parameters as entries (not rebuilt per query). */
  private readonly paramEntries: (readonly [string, ParamDef])[][];
  /** Whether the current query records why forms fail (`reasons`: those of the form being tried). */
  private tracing = false;
  private readonly reasons = new Set<string>();

  constructor(
    readonly machine: LoadedMachine,
    options: MatcherOptions = {},
  ) {
    this.tables = new FormTables(machine.forms);
    this.forwardReach = options.forwardReach ?? 1 << 20;
    const zero = machine.def.special.zero;
    this.zero = zero === undefined ? undefined : machine.registers.get(zero);
    this.scratch = new Uint32Array(this.tables.empty.words.length);
    this.paramEntries = machine.forms.map((f) => Object.entries(f.params));
    this.accepted = machine.forms.map((f) => {
      const byParam = new Map<string, Set<string>>();
      for (const [name, p] of Object.entries(f.params)) {
        const regs = paramRegisters(p, machine.registers, machine.classes);
        if (regs.length > 0) byParam.set(name, new Set(regs.map((r) => r.name)));
      }
      return byParam;
    });
  }

  /** K: the most actions one form implements; LIRC's lookahead. */
  get maxLength(): number {
    return this.tables.maxLength;
  }

  /**
   * All candidates for the window, longest first, then cheapest; `trace`,
   * if given, hears why each other form tried failed.
   */
  query(q: Query, trace?: RejectionTrace): Candidate[] {
    if (!trace) return this.search(q);
    this.tracing = true;
    try {
      return this.search(q, trace);
    } finally {
      this.tracing = false;
    }
  }

  private search(q: Query, trace?: RejectionTrace): Candidate[] {
    const out: Candidate[] = [];
    const keys = q.actions.map((a) => actionKey(a.opcode, a.widths));
    const longest = Math.min(q.actions.length, this.tables.maxLength);
    const set = this.scratch;
    const inWindow = new Map<string, number>();
    // Effect keys seen so far: forms whose effects (memory, control) all have
    // their key in the window may match; pure forms always may.
    const effectSets = [this.tables.pureForms.words];
    // Only the words of the bitsets that can still hold a candidate are touched,
    // so forms that share no key with the window cost nothing per query.
    let active: number[] = [];
    for (let m = 1; m <= longest; m++) {
      const key = keys[m - 1]!;
      inWindow.set(key, (inWindow.get(key) ?? 0) + 1);
      const effects = inWindow.get(key) === 1 ? this.tables.formsWithEffect(key) : undefined;
      if (effects) effectSets.push(effects.words);
      const forms = this.tables.formsWith(key).words;
      if (m === 1) {
        for (let k = 0; k < forms.length; k++) {
          set[k] = forms[k]!;
          if (forms[k] !== 0) active.push(k);
        }
      } else {
        for (const k of active) set[k]! &= forms[k]!;
      }
      active = active.filter((k) => set[k] !== 0);
      if (active.length === 0) break;
      for (const k of active) {
        let allowed = 0;
        for (const e of effectSets) allowed |= e[k]!;
        let word = set[k]! & allowed;
        while (word !== 0) {
          const bit = 31 - Math.clz32(word & -word);
          word &= word - 1;
          const index = (k << 5) + bit;
          const form = this.machine.forms[index]!;
          // More of this key than the form has: no longer window can match it either.
          if ((this.tables.positions[index]!.get(key)?.length ?? 0) < inWindow.get(key)!) {
            set[k]! &= ~(1 << bit);
            trace?.(form, m, `implements fewer ${key} actions than the first ${m} have`, false);
            continue;
          }
          if (!this.tables.required[index]!.every(([r, n]) => (inWindow.get(r) ?? 0) >= n)) {
            trace?.(
              form,
              m,
              `its semantics also needs ${missing(this.tables.required[index]!, inWindow)}`,
              false,
            );
            continue;
          }
          if (trace) this.reasons.clear();
          const best = this.matchForm(form, q, m, keys);
          if (best) out.push(best);
          else trace?.(form, m, this.why(), true);
        }
      }
    }
    out.sort((a, b) => b.covers - a.covers || a.cost - b.cost || a.form.index - b.form.index);
    return out;
  }

  /** The best candidate, or undefined if no form implements even the first action. */
  best(q: Query): Candidate | undefined {
    return this.query(q)[0];
  }

  // ---- matching one form -------------------------------------------------------------

  private matchForm(
    form: CompiledForm,
    q: Query,
    m: number,
    keys: readonly string[],
  ): Candidate | undefined {
    const state: State = {
      m,
      keys,
      trail: [],
      wToF: [],
      fUsed: form.semantics.map(() => false),
      valueToF: new Map(),
      bindings: new Map(),
    };
    let best: Candidate | undefined;
    const positions = this.tables.positions[form.index]!;
    const assign = (i: number): void => {
      if (i === m) {
        const c = this.finish(form, q, state);
        if (c && (!best || c.cost < best.cost)) best = c;
        return;
      }
      const w = q.actions[i]!;
      for (const j of positions.get(keys[i]!) ?? []) {
        if (state.fUsed[j]) continue;
        const f = form.semantics[j]!;
        for (const swap of f.spec.commutative ? [false, true] : [false]) {
          const mark = state.trail.length;
          if (this.unify(form, q, state, w, f, swap)) {
            state.fUsed[j] = true;
            state.wToF[i] = j;
            const result = declaresResults(f) ? undefined : w.results[0];
            if (result) state.valueToF.set(result.id, j);
            assign(i + 1);
            if (result) state.valueToF.delete(result.id);
            state.fUsed[j] = false;
          }
          while (state.trail.length > mark) state.bindings.delete(state.trail.pop()!);
        }
      }
    };
    assign(0);
    return best;
  }

  /** Unifies window action `w` with snippet action `f`; binds parameters. */
  private unify(
    form: CompiledForm,
    q: Query,
    s: State,
    w: Action,
    f: SemAction,
    swap: boolean,
  ): boolean {
    // Calls declare their results; the calling convention places them (LIRC's job), not the form.
    if (!declaresResults(f) && w.results.length > 0 !== (f.result !== undefined))
      return (
        this.tracing &&
        this.fail(`${w.opcode} ${w.results.length > 0 ? 'has' : 'has no'} result here`)
      );
    // A form that lists every operand of a variadic action (syscall) implements that arity only.
    if (f.allOperands && w.operands.length !== f.operands.length)
      return (
        this.tracing && this.fail(`implements ${w.opcode} with ${f.operands.length} operands only`)
      );
    for (let k = 0; k < f.operands.length; k++) {
      const fo = f.operands[swap && k < 2 ? 1 - k : k]!;
      const qo = w.operands[k];
      if (qo === undefined) return this.tracing && this.fail(`${w.opcode} has fewer operands`);
      const width = f.operandWidths[swap && k < 2 ? 1 - k : k]!;
      if (fo.kind === 'internal') {
        if (qo.kind !== 'value' || s.valueToF.get(qo.id) !== fo.producer)
          return (
            this.tracing &&
            this.fail(`operand ${k + 1} of ${w.opcode} must be computed inside the instruction`)
          );
        continue;
      }
      if (fo.kind === 'literal') {
        const v = this.immediateOf(qo, q);
        if (v === undefined || wrap(v, width) !== wrap(fo.value, width))
          return (
            this.tracing &&
            this.fail(`operand ${k + 1} of ${w.opcode} must be the constant ${fo.value}`)
          );
        continue;
      }
      if (!this.bind(form, fo.name, qo, width, q, s)) return false;
    }
    return true;
  }

  /** Binds a parameter to a window operand, or checks it agrees with an earlier binding. */
  private bind(
    form: CompiledForm,
    name: string,
    qo: Operand,
    width: number,
    q: Query,
    s: State,
  ): boolean {
    const p = form.params[name]!;
    const prior = s.bindings.get(name);
    let binding: Binding | undefined;
    switch (p.kind) {
      case 'reg':
      case 'fixed':
        if (qo.kind === 'value') {
          if (s.valueToF.has(qo.id))
            return (
              this.tracing &&
              this.fail(`parameter ${name} would read a value the instruction computes`)
            );
          const c = this.constantOf(qo.id, q);
          if (c !== undefined && p.kind === 'reg' && this.zeroFor(p, c)) {
            binding = { kind: 'reg', reg: this.zero!.name };
          } else {
            const regs = this.accepted[form.index]!.get(name)!;
            const here = q.locations(qo.id).find((l) => l.kind === 'reg' && regs.has(l.reg));
            binding = {
              kind: 'value',
              id: qo.id,
              satisfied: here !== undefined,
              ...(here?.kind === 'reg' ? { reg: here.reg } : {}),
            };
          }
        } else if (qo.kind === 'imm') {
          binding =
            p.kind === 'reg' && this.zeroFor(p, qo.value)
              ? { kind: 'reg', reg: this.zero!.name }
              : { kind: 'imm', value: wrap(qo.value, width) };
        } else
          return this.tracing && this.fail(`parameter ${name} needs a value, not a ${qo.kind}`);
        break;
      case 'imm': {
        const v = this.immediateOf(qo, q);
        if (v === undefined)
          return (
            this.tracing &&
            this.fail(`operand constraint: ${name} needs an immediate (a known constant)`)
          );
        const fit = fittingImmediate(v, width, p);
        if (fit === undefined)
          return (
            this.tracing &&
            this.fail(`operand constraint: ${name} needs ${describeImmediate(p)}; ${v} is not`)
          );
        binding = { kind: 'imm', value: fit };
        break;
      }
      case 'label':
        if (qo.kind !== 'label')
          return this.tracing && this.fail(`parameter ${name} needs a label`);
        binding = { kind: 'label', id: qo.label.id };
        break;
      case 'func':
        if (qo.kind !== 'func')
          return this.tracing && this.fail(`parameter ${name} needs a function`);
        binding = { kind: 'func', name: qo.name };
        break;
      case 'sym':
        if (qo.kind !== 'sym') return this.tracing && this.fail(`parameter ${name} needs a symbol`);
        binding = { kind: 'sym', name: qo.name };
        break;
    }
    if (prior)
      return (
        sameBinding(prior, binding) ||
        (this.tracing && this.fail(`parameter ${name} would stand for two different operands`))
      );
    s.bindings.set(name, binding);
    s.trail.push(name);
    return true;
  }

  /** Completes a full assignment of the window prefix: checks and prices it. */
  private finish(form: CompiledForm, q: Query, s: State): Candidate | undefined {
    // Unmatched actions of the form must be side outputs (pure; into a fixed register or nowhere).
    const optional = this.tables.optional[form.index]!;
    for (let j = 0; j < form.semantics.length; j++) {
      if (!s.fUsed[j] && !optional[j])
        return this.tracing
          ? this.failed(
              `its ${form.semantics[j]!.spec.opcode} is not among the first ${s.m} action(s)`,
            )
          : undefined;
    }
    // Effects happen in the window's order.
    let lastEffect = -1;
    for (let i = 0; i < s.m; i++) {
      const j = s.wToF[i]!;
      if (!form.semantics[j]!.spec.effects.pure) {
        if (j < lastEffect)
          return this.tracing ? this.failed('its effects happen in another order') : undefined;
        lastEffect = j;
      }
    }
    // Uses consumed inside the instruction (fixed operands of covered actions).
    const consumed = new Map<number, number>();
    for (let i = 0; i < s.m; i++) {
      const w = q.actions[i]!;
      const fixed = form.semantics[s.wToF[i]!]!.operands.length;
      for (const op of w.operands.slice(0, fixed)) {
        if (op.kind === 'value') consumed.set(op.id, (consumed.get(op.id) ?? 0) + 1);
      }
    }
    const stillNeeded = (id: number) => q.usesLeft(id) - (consumed.get(id) ?? 0) > 0;

    const outputs = new Map<number, OutputLocation>();
    const liveOutputRegs = new Set<string>();
    for (let i = 0; i < s.m; i++) {
      const r = q.actions[i]!.results[0];
      const f = form.semantics[s.wToF[i]!]!;
      if (!r || declaresResults(f)) continue;
      const where = form.outputs.get(f.result!);
      if (where) outputs.set(r.id, where);
      if (stillNeeded(r.id)) {
        if (!where)
          return this.tracing
            ? this.failed(
                `a result still needed afterwards would stay inside the instruction (no location)`,
              )
            : undefined;
        if (where.kind === 'param') liveOutputRegs.add(`param:${where.param}`);
        else liveOutputRegs.add(where.reg.name);
      }
    }

    // Parameters nothing in the window bound.
    const bindings = new Map(s.bindings);
    for (const [name, p] of this.paramEntries[form.index]!) {
      if (bindings.has(name)) continue;
      if (p.kind === 'reg') bindings.set(name, { kind: 'free' });
      else if (p.kind === 'fixed') bindings.set(name, { kind: 'reg', reg: p.reg });
      else if (p.kind === 'imm' && immediateFits(0n, p))
        bindings.set(name, { kind: 'imm', value: 0n });
      else
        return this.tracing
          ? this.failed(`nothing in the window gives parameter ${name}`)
          : undefined;
    }

    // Labels must be within reach.
    for (const [name, b] of bindings) {
      const p = form.params[name]!;
      if (b.kind !== 'label' || p.kind !== 'label') continue;
      const offset = q.labelOffset?.(b.id);
      const reach = 2 ** (p.bits - 1);
      if (offset === undefined) {
        if (reach < this.forwardReach)
          return this.tracing
            ? this.failed(`label not placed yet and ${name} reaches only ±${reach} bytes`)
            : undefined;
      } else {
        // For end-relative labels the instruction's own length (at most 16 bytes) is unknown here.
        const slack = p.relativeTo === 'end' ? 16 : 0;
        if (offset % (p.align ?? 1) !== 0 || Math.abs(offset) + slack >= reach)
          return this.tracing
            ? this.failed(`label at ${offset} bytes is out of the reach of ${name} (±${reach})`)
            : undefined;
        bindings.set(name, { ...b, offset });
      }
    }

    // What it writes besides live outputs; inputs it overwrites while still needed.
    const writes = this.tables.fixedWrites[form.index]!.filter((r) => !liveOutputRegs.has(r.name));
    const overwritesLive: string[] = [];
    for (const where of form.outputs.values()) {
      if (where.kind === 'param') {
        const b = bindings.get(where.param);
        if (b?.kind === 'value' && stillNeeded(b.id)) overwritesLive.push(where.param);
      }
    }

    // Price: the form, one per input to move or reload, per constant to put in a
    // register, and per live input an output overwrites (it must be copied first).
    let cost = form.cost + overwritesLive.length;
    for (const [name, p] of this.paramEntries[form.index]!) {
      const b = bindings.get(name);
      if (b?.kind === 'value' && !b.satisfied) cost += 1;
      if ((p.kind === 'reg' || p.kind === 'fixed') && b?.kind === 'imm') cost += 1;
    }
    return {
      form,
      covers: s.m,
      bindings,
      outputs,
      writes,
      overwritesLive,
      cost,
    };
  }

  /**
   * Notes why a check failed; false. Callers write `this.tracing &&
   * this.fail(…)`, so no message is built when nobody listens.
   */
  private fail(reason: string): false {
    this.reasons.add(reason);
    return false;
  }

  /** Notes why a check failed; undefined (callers test `tracing` first, as for `fail`). */
  private failed(reason: string): undefined {
    this.reasons.add(reason);
    return undefined;
  }

  /** Why the form just tried failed: each way of matching it tried, in order (at most three). */
  private why(): string {
    const all = [...this.reasons];
    if (all.length === 0) return "the actions' data flow does not connect as its semantics does";
    const shown = all.slice(0, 3).join('; or ');
    return all.length > 3 ? `${shown}; or ${all.length - 3} other reason(s)` : shown;
  }

  private constantOf(id: number, q: Query): bigint | undefined {
    const c = q.locations(id).find((l) => l.kind === 'const');
    return c?.kind === 'const' ? c.value : undefined;
  }

  private immediateOf(qo: Operand, q: Query): bigint | undefined {
    if (qo.kind === 'imm') return qo.value;
    if (qo.kind === 'value') return this.constantOf(qo.id, q);
    return undefined;
  }

  private zeroFor(p: Extract<ParamDef, { kind: 'reg' }>, value: bigint): boolean {
    if (!this.zero || wrap(value, p.width) !== 0n) return false;
    return this.machine.classes.get(p.class)?.registers.includes(this.zero.name) ?? false;
  }
}

/** Whether an action's results are declared by the caller (calls): the ABI places them. */
function declaresResults(f: SemAction): boolean {
  return f.spec.effects.control === 'call';
}

/** The keys a form needs that the window has too few of, for a trace. */
function missing(
  required: readonly (readonly [string, number])[],
  inWindow: ReadonlyMap<string, number>,
): string {
  return required
    .filter(([r, n]) => (inWindow.get(r) ?? 0) < n)
    .map(([r]) => r)
    .join(', ');
}

/** What an immediate parameter accepts, in words. */
export function describeImmediate(p: Extract<ParamDef, { kind: 'imm' }>): string {
  if (p.oneOf) return `one of ${p.oneOf.join(', ')}`;
  const bits = BigInt(p.bits);
  const lo = p.signed ? -(1n << (bits - 1n)) : 0n;
  const hi = (p.signed ? 1n << (bits - 1n) : 1n << bits) - 1n;
  return `an immediate in [${lo}, ${hi}]${p.align ? ` aligned to ${p.align}` : ''}`;
}

/**
 * The representation of immediate `v` (a `width`-bit operand) that fits
 * parameter `p`: its signed reading first, then its unsigned one.
 */
function fittingImmediate(
  v: bigint,
  width: number,
  p: Extract<ParamDef, { kind: 'imm' }>,
): bigint | undefined {
  const pattern = wrap(v, width);
  const signed = toSigned(pattern, width);
  if (immediateFits(signed, p)) return signed;
  if (immediateFits(pattern, p)) return pattern;
  return undefined;
}

function sameBinding(a: Binding, b: Binding): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'value':
      return a.id === (b as typeof a).id;
    case 'imm':
      return a.value === (b as typeof a).value;
    case 'reg':
      return a.reg === (b as typeof a).reg;
    case 'label':
      return a.id === (b as typeof a).id;
    case 'func':
    case 'sym':
      return a.name === (b as typeof a).name;
    case 'free':
      return true;
  }
}
