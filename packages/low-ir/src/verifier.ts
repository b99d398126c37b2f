/**
 * The Low IR verifier: a sink that checks a stream as it arrives and collects
 * diagnostics. It checks single definition, that values are used only while
 * live (within their block) and exactly as many times as declared, operand
 * kinds and widths against the registry, immediates against their widths,
 * labels (defined once, arguments matching parameters, no fallthrough into a
 * label), calls against callee signatures, returns against the function's
 * results, and that calling conventions are well formed.
 *
 * Memory use is bounded by the largest function (plus one entry per function
 * and unresolved call of the module).
 */

import { STANDARD_REGISTRY } from './actions/standard.js';
import { fitsWidth } from './bits.js';
import { type Diagnostic, LowIrVerificationError } from './errors.js';
import type {
  Action,
  FunctionHeader,
  LabelDef,
  LabelRef,
  Location,
  Module,
  ModuleHeader,
  Operand,
  SourcePos,
  ValueDef,
} from './ir.js';
import type { ActionRegistry, ActionSpec, OperandRule } from './registry.js';
import { allowsWidths, formatWidths } from './registry.js';
import { type LowIrSink, replayModule } from './sink.js';
import { formatAction, formatLabel, labelName, valueName } from './text/printer.js';

/** Widths a value may have. */
export const VALUE_WIDTHS: readonly number[] = [1, 8, 16, 32, 64];

interface LiveValue {
  readonly def: ValueDef;
  remaining: number;
  /** The block it was defined in; it is live only there. */
  readonly block: number;
}

/** Where a diagnostic points: function, action, its text and source position. */
type Place = Omit<Diagnostic, 'message'>;
/** A place, or a function that describes it when (and only if) a problem is reported. */
type PlaceRef = Place | (() => Place);

interface LabelState {
  readonly ref: LabelRef;
  defined: boolean;
  params?: readonly number[];
  /** Argument widths of jumps seen before the definition, checked when it comes. */
  pending?: { widths: (number | bigint)[]; place: PlaceRef }[];
}

interface Signature {
  readonly params: readonly number[];
  readonly results: readonly number[];
}

interface PendingCall {
  readonly callee: string;
  /** Argument and result widths, for `call`; absent for `func_addr`. */
  readonly shape?: { args: (number | bigint)[]; results: readonly number[] };
  readonly place: Place;
}

/** Options of the verifier. */
export interface VerifierOptions {
  readonly registry?: ActionRegistry;
  /** Stop collecting after this many diagnostics (default 100). */
  readonly maxDiagnostics?: number;
}

/** A sink that verifies a Low IR stream; read `diagnostics` after `endModule`. */
export class Verifier implements LowIrSink {
  readonly diagnostics: Diagnostic[] = [];
  private readonly registry: ActionRegistry;
  private readonly max: number;
  private pointerWidth = 64;
  private readonly signatures = new Map<string, Signature>();
  private readonly pendingCalls: PendingCall[] = [];

  // per function
  private fn: FunctionHeader | undefined;
  /** Every value of the function by id (ids are small and dense, so an array). */
  private values: (LiveValue | undefined)[] = [];
  /** The values defined in the current block (checked when it ends). */
  private blockValues: LiveValue[] = [];
  /** The function's labels by id (small and dense, so an array). */
  private labels: (LabelState | undefined)[] = [];
  private block = 0;
  private terminated = false;
  private index = 0;
  /** What is being checked: a header or label (by its text) or an action (formatted only if reported). */
  private current:
    | { subject?: string; action?: Action; label?: LabelDef; pos?: SourcePos }
    | undefined;

  constructor(options: VerifierOptions = {}) {
    this.registry = options.registry ?? STANDARD_REGISTRY;
    this.max = options.maxDiagnostics ?? 100;
  }

  /** True if nothing was reported. */
  get ok(): boolean {
    return this.diagnostics.length === 0;
  }

  module(header: ModuleHeader): void {
    this.pointerWidth = header.pointerWidth;
    if (header.pointerWidth !== 32 && header.pointerWidth !== 64) {
      this.report(`pointer width must be 32 or 64, not ${header.pointerWidth}`);
    }
    if (
      header.memorySize !== undefined &&
      (!Number.isSafeInteger(header.memorySize) || header.memorySize < 0)
    ) {
      this.report(`memory size must be a non-negative integer`);
    }
    for (const seg of header.data) {
      const end = seg.offset + seg.bytes.length;
      if (header.memorySize === undefined || end > header.memorySize) {
        this.report(
          `data segment at ${seg.offset} (${seg.bytes.length} bytes) does not fit in memory of ${header.memorySize ?? 0} bytes`,
          seg.pos,
        );
      }
    }
    for (const ext of header.externs) {
      if (this.signatures.has(ext.name))
        this.report(`extern @${ext.name} is declared twice`, ext.pos);
      for (const w of [...ext.params, ...ext.results])
        this.checkWidth(w, `extern @${ext.name}`, ext.pos);
      this.signatures.set(ext.name, { params: ext.params, results: ext.results });
    }
  }

  beginFunction(header: FunctionHeader): void {
    this.fn = header;
    this.values = [];
    this.blockValues = [];
    this.labels = [];
    this.block = 0;
    this.terminated = false;
    this.index = 0;
    this.current = { subject: `func @${header.name}`, ...(header.pos ? { pos: header.pos } : {}) };
    if (this.signatures.has(header.name)) this.report(`function @${header.name} is defined twice`);
    this.signatures.set(header.name, {
      params: header.params.map((p) => p.width),
      results: header.results.map((r) => r.width),
    });
    this.checkCc(header.params, header.stackDepth, 'parameters');
    const resultLocs = header.results.map((r) => r.loc);
    for (const r of header.results) this.checkWidth(r.width, 'result');
    this.checkConcreteUnique(resultLocs, 'results');
    for (const p of header.params) this.defineValue(p);
  }

  label(def: LabelDef): void {
    this.current = { label: def, ...(def.pos ? { pos: def.pos } : {}) };
    if (!this.terminated) {
      this.report(
        `label ${labelName(def.label)} is reached by falling through; end the previous block with jump, return or trap`,
      );
    }
    const state = this.labelState(def.label);
    if (state.defined) this.report(`label ${labelName(def.label)} is defined twice`);
    state.defined = true;
    state.params = def.params.map((p) => p.width);
    for (const use of state.pending ?? []) {
      this.checkArgs(use.widths, state.params, `jump to ${labelName(def.label)}`, use.place);
    }
    state.pending = undefined;
    this.block++;
    this.blockValues = [];
    this.terminated = false;
    this.checkCc(def.params, def.stackDepth, 'label parameters');
    for (const p of def.params) this.defineValue(p);
  }

  action(action: Action): void {
    this.current = { action, ...(action.pos ? { pos: action.pos } : {}) };
    try {
      this.checkAction(action);
    } finally {
      this.index++;
    }
  }

  endFunction(): void {
    const fn = this.fn;
    if (fn === undefined) return;
    this.current = { subject: `func @${fn.name}`, ...(fn.pos ? { pos: fn.pos } : {}) };
    if (!this.terminated) {
      this.report('control reaches the end of the function; end it with return, jump or trap');
    }
    for (const state of this.labels) {
      if (state && !state.defined)
        this.report(`label ${labelName(state.ref)} is used but never defined`);
    }
    this.fn = undefined;
  }

  endModule(): void {
    for (const call of this.pendingCalls) {
      const sig = this.signatures.get(call.callee);
      if (sig === undefined) {
        this.report(
          `@${call.callee} is neither a function of the module nor an extern`,
          call.place,
        );
      } else if (call.shape) this.checkCallShape(sig, call.shape, call.callee, call.place);
    }
    this.pendingCalls.length = 0;
  }

  // ---- actions ---------------------------------------------------------------

  private checkAction(action: Action): void {
    if (this.fn === undefined) {
      this.report('action outside a function');
      return;
    }
    if (this.terminated) {
      this.report('unreachable action after the end of a block; start a new block with a label');
      return;
    }
    const spec = this.registry.get(action.opcode);
    if (spec === undefined) {
      this.report(`unknown action '${action.opcode}'`);
      return;
    }
    if (!allowsWidths(spec, action.widths)) {
      const allowed = spec.widths.map((w) => `${action.opcode}${formatWidths(w)}`).join(', ');
      this.report(
        `${action.opcode} does not allow width ${formatWidths(action.widths) || '(none)'}; allowed: ${allowed}`,
      );
      return;
    }
    const sig = spec.signature(action.widths, this.pointerWidth);
    const fixed = sig.operands.length;
    const ops = action.operands;
    if (sig.variadic ? ops.length < fixed : ops.length !== fixed) {
      this.report(
        `${action.opcode} takes ${sig.variadic ? 'at least ' : ''}${fixed} operand(s), found ${ops.length}`,
      );
      return;
    }
    if (sig.maxOperands !== undefined && ops.length > sig.maxOperands) {
      this.report(
        `${action.opcode} takes at most ${sig.maxOperands} operand(s), found ${ops.length}`,
      );
      return;
    }
    sig.operands.forEach((rule, k) => {
      this.checkOperand(ops[k]!, rule, k + 1, spec);
    });
    const extra = ops.slice(fixed);
    const extraWidths = extra.map((op, k) => this.variadicWidth(op, fixed + k + 1));
    this.consumeUses(action, spec);
    this.checkResults(action, sig.results);
    this.checkControl(action, spec, extraWidths);
  }

  private checkOperand(op: Operand, rule: OperandRule, position: number, spec: ActionSpec): void {
    const what = `operand ${position}`;
    if (rule.kind === 'value') {
      if (op.kind === 'imm') {
        if (rule.width !== 'any' && !fitsWidth(op.value, rule.width)) {
          this.report(`${what}: immediate ${op.value} does not fit ${rule.width} bits`);
        }
        if (rule.width === 'any')
          this.report(`${what}: ${spec.opcode} needs a value, not an immediate`);
        return;
      }
      if (op.kind !== 'value') {
        this.report(`${what}: expected a value or immediate, found a ${op.kind}`);
        return;
      }
      const v = this.liveValue(op.id, what);
      if (v && rule.width !== 'any' && v.def.width !== rule.width) {
        this.report(
          `${what}: ${valueName(v.def)} has width ${v.def.width}, but ${spec.opcode} expects ${rule.width}`,
        );
      }
      return;
    }
    if (op.kind !== rule.kind) {
      this.report(`${what}: expected ${article(rule.kind)}, found ${article(op.kind)}`);
      return;
    }
    if (rule.kind === 'imm' && op.kind === 'imm') {
      if (rule.width !== undefined && !fitsWidth(op.value, rule.width)) {
        this.report(`${what}: immediate ${op.value} does not fit ${rule.width} bits`);
      }
      if (spec.retains && op.value < 1n) this.report(`${what}: clone count must be at least 1`);
    }
  }

  /** Width of a variadic argument (value width, or the immediate itself to check later). */
  private variadicWidth(op: Operand, position: number): number | bigint {
    if (op.kind === 'imm') return op.value;
    if (op.kind !== 'value') {
      this.report(
        `operand ${position}: expected a value or immediate argument, found ${article(op.kind)}`,
      );
      return 0;
    }
    return this.liveValue(op.id, `operand ${position}`)?.def.width ?? 0;
  }

  private consumeUses(action: Action, spec: ActionSpec): void {
    action.operands.forEach((op, k) => {
      if (op.kind !== 'value') return;
      const v = this.values[op.id];
      if (v === undefined || v.block !== this.block) return; // already reported
      if (spec.retains && k === 0) {
        // A value whose uses are all consumed is gone (its locations are freed): it cannot come back.
        if (v.remaining === 0) {
          this.report(
            `${valueName(v.def)} has no use left, so it cannot be cloned (clone it before its last use)`,
          );
          return;
        }
        const n = action.operands[1];
        if (n?.kind === 'imm' && n.value > 0n) v.remaining += Number(n.value);
        return;
      }
      if (v.remaining === 0) {
        this.report(`${valueName(v.def)} is used more times than its declared uses allow`);
      } else v.remaining--;
    });
  }

  private checkResults(action: Action, results: readonly number[] | 'declared'): void {
    if (results === 'declared') {
      for (const r of action.results) this.checkWidth(r.width, `result ${valueName(r)}`);
    } else if (action.results.length !== results.length) {
      this.report(
        `${action.opcode} defines ${results.length} result(s), found ${action.results.length}`,
      );
    } else {
      action.results.forEach((r, k) => {
        if (r.width !== results[k]) {
          this.report(
            `result ${valueName(r)} has width ${r.width}, but ${action.opcode} gives ${results[k]}`,
          );
        }
      });
    }
    for (const r of action.results) this.defineValue(r);
  }

  private checkControl(action: Action, spec: ActionSpec, args: (number | bigint)[]): void {
    const ops = action.operands;
    const place = this.deferredHere();
    switch (action.opcode) {
      case 'jump':
      case 'label_addr': // a landing takes no arguments: it is reached with nothing live
      case 'br_if': {
        const target = ops[action.opcode === 'br_if' ? 1 : 0];
        if (target?.kind === 'label') {
          const state = this.labelState(target.label);
          if (state.params) {
            this.checkArgs(args, state.params, `jump to ${labelName(state.ref)}`, place);
          } else {
            state.pending ??= [];
            state.pending.push({ widths: args, place });
          }
        }
        break;
      }
      case 'return':
        this.checkArgs(
          args,
          this.fn!.results.map((r) => r.width),
          'return',
          place,
        );
        break;
      case 'call':
      case 'func_addr': {
        const callee = ops[0];
        if (callee?.kind !== 'func') break;
        const shape =
          action.opcode === 'call'
            ? { args, results: action.results.map((r) => r.width) }
            : undefined;
        const sig = this.signatures.get(callee.name);
        // Value names are gone by the end of the module: describe the place now.
        if (sig === undefined)
          this.pendingCalls.push({
            callee: callee.name,
            place: place(),
            ...(shape ? { shape } : {}),
          });
        else if (shape) this.checkCallShape(sig, shape, callee.name, place);
        break;
      }
      default:
        break;
    }
    if (spec.effects.control === 'jump' || spec.effects.control === 'return')
      this.endBlock(action.opcode);
    if (spec.effects.control === 'trap') this.terminated = true;
  }

  private endBlock(opcode: string): void {
    for (const v of this.blockValues) {
      if (v.remaining > 0) {
        this.report(
          `${valueName(v.def)} still has ${v.remaining} unconsumed use(s) at the end of the block (${opcode}); drop it or lower its declared uses`,
        );
      }
    }
    this.terminated = true;
  }

  // ---- helpers -------------------------------------------------------------------

  private checkArgs(
    args: readonly (number | bigint)[],
    params: readonly number[],
    what: string,
    place: PlaceRef,
  ): void {
    if (args.length !== params.length) {
      this.report(`${what} passes ${args.length} value(s), expected ${params.length}`, place);
      return;
    }
    args.forEach((a, k) => {
      const w = params[k]!;
      // A width of 0 marks an argument that was already reported as bad.
      const ok = typeof a === 'bigint' ? fitsWidth(a, w) : a === w || a === 0;
      if (!ok) {
        const got = typeof a === 'bigint' ? `immediate ${a}` : `a ${a}-bit value`;
        this.report(`${what}: argument ${k + 1} is ${got}, expected ${w} bits`, place);
      }
    });
  }

  private checkCallShape(
    sig: Signature,
    shape: { args: (number | bigint)[]; results: readonly number[] },
    callee: string,
    place: PlaceRef,
  ): void {
    this.checkArgs(shape.args, sig.params, `call to @${callee}`, place);
    const { results } = shape;
    if (results.length !== sig.results.length || results.some((w, k) => w !== sig.results[k])) {
      this.report(
        `call to @${callee} declares results (${results.join(', ')}), but it returns (${sig.results.join(', ')})`,
        place,
      );
    }
  }

  private checkCc(params: readonly ValueDef[], stackDepth: number | undefined, what: string): void {
    if (stackDepth !== undefined && (!Number.isSafeInteger(stackDepth) || stackDepth < 0)) {
      this.report(`${what}: stack depth must be a non-negative integer`);
    }
    for (const p of params) {
      this.checkWidth(p.width, `${what}: ${valueName(p)}`);
      if (!Number.isSafeInteger(p.uses) || p.uses < 0)
        this.report(`${what}: ${valueName(p)} has an invalid use count ${p.uses}`);
      if (p.loc?.kind === 'stack') {
        const align = Math.max(1, p.width / 8);
        if (p.loc.offset < 0 || p.loc.offset % align !== 0) {
          this.report(
            `${what}: stack slot [${p.loc.offset}] of ${valueName(p)} is not aligned to ${align} bytes`,
          );
        }
      }
      if (
        (p.loc?.kind === 'reg' || p.loc?.kind === 'class') &&
        !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(p.loc.name)
      ) {
        this.report(`${what}: bad location name '${p.loc.name}' for ${valueName(p)}`);
      }
    }
    this.checkConcreteUnique(
      params.map((p) => p.loc),
      what,
    );
  }

  private checkConcreteUnique(locs: readonly (Location | undefined)[], what: string): void {
    const seen = new Set<string>();
    for (const loc of locs) {
      if (loc?.kind !== 'reg' && loc?.kind !== 'stack') continue;
      const key = loc.kind === 'reg' ? `$${loc.name}` : `[${loc.offset}]`;
      if (seen.has(key)) this.report(`${what}: two values are assigned the same location ${key}`);
      seen.add(key);
    }
  }

  private checkWidth(width: number, what: string, pos?: SourcePos): void {
    if (!VALUE_WIDTHS.includes(width))
      this.report(`${what}: width must be 1, 8, 16, 32 or 64, not ${width}`, pos);
  }

  private defineValue(def: ValueDef): void {
    if (this.values[def.id] !== undefined) {
      this.report(`value id ${def.id} (${valueName(def)}) is defined twice`);
      return;
    }
    if (!Number.isSafeInteger(def.uses) || def.uses < 0)
      this.report(`${valueName(def)} has an invalid use count ${def.uses}`);
    const live: LiveValue = { def, remaining: def.uses, block: this.block };
    this.values[def.id] = live;
    this.blockValues.push(live);
  }

  private liveValue(id: number, what: string): LiveValue | undefined {
    const v = this.values[id];
    if (v === undefined) {
      this.report(`${what}: value %${id} is not defined`);
      return undefined;
    }
    if (v.block !== this.block) {
      this.report(
        `${what}: ${valueName(v.def)} is not live here: it was defined before a label; pass it as a label parameter`,
      );
      return undefined;
    }
    return v;
  }

  private labelState(ref: LabelRef): LabelState {
    let s = this.labels[ref.id];
    if (s === undefined) {
      s = { ref, defined: false };
      this.labels[ref.id] = s;
    }
    return s;
  }

  private nameOf(id: number): string {
    const v = this.values[id];
    return v ? valueName(v.def) : `%${id}`;
  }

  /** The place being checked now. */
  private here(): Place {
    return this.describe(this.current, this.index);
  }

  /** The current place, described lazily (formatting an action costs more than checking it). */
  private deferredHere(): () => Place {
    const { current, index } = this;
    let place: Place | undefined;
    return () => {
      place ??= this.describe(current, index);
      return place;
    };
  }

  private describe(c: Verifier['current'], index: number): Place {
    const subject = c?.action
      ? formatAction(c.action, (id) => this.nameOf(id), this.registry)
      : c?.label
        ? formatLabel(c.label)
        : c?.subject;
    return {
      ...(this.fn ? { function: this.fn.name } : {}),
      ...(c?.action ? { actionIndex: index } : {}),
      ...(subject !== undefined ? { subject } : {}),
      ...(c?.pos ? { pos: c.pos } : {}),
    };
  }

  private report(message: string, where: PlaceRef | SourcePos = this.here()): void {
    const place = typeof where === 'function' ? where() : where;
    const at = 'line' in place ? { ...this.here(), pos: place } : place;
    if (this.diagnostics.length < this.max) this.diagnostics.push({ ...at, message });
  }
}

function article(kind: string): string {
  const names: Record<string, string> = {
    value: 'a value',
    imm: 'an immediate',
    label: 'a label',
    func: 'a function',
    sym: 'a symbol',
  };
  return names[kind] ?? kind;
}

/** Verifies a module held in memory; returns the diagnostics (empty when valid). */
export function verifyModule(module: Module, options: VerifierOptions = {}): Diagnostic[] {
  const verifier = new Verifier(options);
  replayModule(module, verifier);
  return verifier.diagnostics;
}

/** Verifies a module and throws LowIrVerificationError listing every problem. */
export function assertValid(
  module: Module,
  options: VerifierOptions & { file?: string } = {},
): void {
  const diagnostics = verifyModule(module, options);
  if (diagnostics.length > 0) throw new LowIrVerificationError(diagnostics, options.file);
}
