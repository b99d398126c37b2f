/**
 * Gathers the compiler's explain events (explain.ts) into one
 * FunctionExplanation per function: the actions as they arrived and as LIRC
 * compiled them, and per emitted instruction its bytes, text, role (an
 * instruction AsmQuery chose, a move, a spill, a reload, the prologue or
 * control flow), the actions it covers, the candidates with why the losers
 * lost, and where the live values are after it. Renderers (the cli's
 * `lirc explain`) draw these; they hold plain data only.
 */
import { type Action, formatAction } from '@lirc/low-ir';
import { valueName } from './context.js';
import type {
  ActionOrigin,
  CandidateVerdict,
  ExplainEvent,
  ExplainRecorder,
  LiveValue,
  MoveNote,
  Rejection,
} from './explain.js';

/** An action as it reached the compiler (before the pair stage). */
export interface InputAction {
  readonly text: string;
  /** Indices in `FunctionExplanation.actions` of what LIRC compiled for it. */
  readonly compiled: number[];
}

/** An action the function compiler took, and what became of it. */
export interface CompiledAction {
  readonly text: string;
  readonly origin: ActionOrigin | 'rewrite';
  /** Index of the input action it comes from (-1: none, e.g. a parameter's low bit). */
  readonly input: number;
  /** What happened to it besides being covered by an instruction (dropped, rewritten, …). */
  fate?: string;
}

/** What an emitted instruction is. */
export type InstructionRole = 'instruction' | 'move' | 'spill' | 'reload' | 'prologue' | 'other';

/** One instruction of the finished function, explained. */
export interface ExplainedInstruction {
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly assembly: string;
  readonly form: string;
  /** What the compiler's record says it implements (actions, or what the move or frame code is). */
  readonly note: readonly string[];
  readonly role: InstructionRole;
  /** Indices in `FunctionExplanation.actions` of the actions it implements (a chosen form). */
  readonly covers: readonly number[];
  readonly move?: MoveNote;
  /** The candidates AsmQuery offered (the chosen one has no `lost`) and the forms it rejected. */
  readonly candidates?: readonly CandidateVerdict[];
  readonly rejected?: readonly Rejection[];
  /** Where every live value is after it (when the state is consistent right after it). */
  readonly live?: readonly LiveValue[];
}

/** What `lirc explain` shows of one function. */
export interface FunctionExplanation {
  readonly name: string;
  readonly inputs: readonly InputAction[];
  readonly actions: readonly CompiledAction[];
  readonly instructions: readonly ExplainedInstruction[];
  /** The final assembly listing. */
  readonly listing: string;
}

interface Emitted {
  covers?: readonly Action[];
  move?: MoveNote;
  choice?: Extract<ExplainEvent, { kind: 'choice' }>;
  live?: readonly LiveValue[];
}

interface Pending {
  readonly name: string;
  readonly names: Map<number, string>;
  readonly inputs: InputAction[];
  readonly actions: CompiledAction[];
  readonly index: Map<Action, number>;
  readonly body: Map<number, Emitted>;
  readonly prologue: Map<number, Emitted>;
  inPrologue: boolean;
  last: Emitted | undefined;
  choice: Extract<ExplainEvent, { kind: 'choice' }> | undefined;
}

/** An ExplainRecorder that keeps the explanation of every function compiled. */
export class ExplainCollector {
  readonly functions: FunctionExplanation[] = [];
  private current: Pending | undefined;

  /** The recorder to give the compiler (`CompilerOptions.explain`). */
  readonly recorder: ExplainRecorder = (e) => this.event(e);

  private event(e: ExplainEvent): void {
    if (e.kind === 'function') {
      const names = new Map<number, string>();
      for (const p of e.header.params) if (p.name !== undefined) names.set(p.id, p.name);
      this.current = {
        name: e.header.name,
        names,
        inputs: [],
        actions: [],
        index: new Map(),
        body: new Map(),
        prologue: new Map(),
        inPrologue: false,
        last: undefined,
        choice: undefined,
      };
      return;
    }
    const f = this.current;
    if (!f) return;
    switch (e.kind) {
      case 'input': {
        for (const r of e.action.results) if (r.name !== undefined) f.names.set(r.id, r.name);
        const nameOf = (id: number) => {
          const n = f.names.get(id);
          return n !== undefined ? `%${n}` : valueName(id);
        };
        f.inputs.push({ text: formatAction(e.action, nameOf), compiled: [] });
        return;
      }
      case 'take':
        this.add(f, e.action, e.text, e.origin);
        return;
      case 'rewrite': {
        const from = f.index.get(e.action);
        const added = e.into.map((a) =>
          this.add(
            f,
            a.action,
            a.text,
            'rewrite',
            from === undefined ? -1 : f.actions[from]!.input,
          ),
        );
        if (from !== undefined)
          f.actions[from]!.fate =
            `${e.why}: #${added[0]}${added.length > 1 ? `–#${added.at(-1)}` : ''}`;
        return;
      }
      case 'dead':
        this.fate(f, e.action, 'dropped: pure, and nothing uses its result');
        return;
      case 'constant':
        this.fate(f, e.action, 'no form makes it: a known constant, put in a register where used');
        return;
      case 'choice':
        f.choice = e;
        return;
      case 'emit': {
        const emitted: Emitted = {
          ...(e.covers ? { covers: e.covers } : {}),
          ...(e.move ? { move: e.move } : {}),
        };
        if (e.covers && f.choice) {
          emitted.choice = f.choice;
          f.choice = undefined;
        }
        (f.inPrologue ? f.prologue : f.body).set(e.offset, emitted);
        f.last = emitted;
        return;
      }
      case 'locations':
        if (f.last) f.last.live = e.live;
        return;
      case 'prologue':
        f.inPrologue = true;
        f.last = undefined;
        return;
      case 'end':
        this.functions.push(finish(f, e));
        this.current = undefined;
        return;
    }
  }

  private add(
    f: Pending,
    action: Action,
    text: string,
    origin: CompiledAction['origin'],
    input = f.inputs.length - 1,
  ): number {
    const k = f.actions.length;
    f.actions.push({ text, origin, input });
    f.index.set(action, k);
    if (input >= 0) f.inputs[input]?.compiled.push(k);
    return k;
  }

  private fate(f: Pending, action: Action, fate: string): void {
    const k = f.index.get(action);
    if (k !== undefined) f.actions[k]!.fate = fate;
  }
}

function finish(f: Pending, end: Extract<ExplainEvent, { kind: 'end' }>): FunctionExplanation {
  const first = end.instructions[end.prologue];
  const shift = first ? first.offset : end.instructions.reduce((n, r) => n + r.bytes.length, 0);
  const instructions = end.instructions.map((r, k): ExplainedInstruction => {
    const prologue = k < end.prologue;
    const e = prologue ? f.prologue.get(r.offset) : f.body.get(r.offset - shift);
    const covers = (e?.covers ?? []).flatMap((a) => {
      const i = f.index.get(a);
      return i === undefined ? [] : [i];
    });
    return {
      offset: r.offset,
      bytes: r.bytes,
      assembly: r.assembly,
      form: r.form,
      note: r.actions,
      role: prologue ? 'prologue' : roleOf(e),
      covers,
      ...(e?.move ? { move: e.move } : {}),
      ...(e?.choice ? { candidates: e.choice.candidates, rejected: e.choice.rejected } : {}),
      ...(e?.live ? { live: e.live } : {}),
    };
  });
  return {
    name: f.name,
    inputs: f.inputs,
    actions: f.actions,
    instructions,
    listing: end.listing,
  };
}

function roleOf(e: Emitted | undefined): InstructionRole {
  if (e?.covers) return 'instruction';
  const m = e?.move;
  if (!m) return 'other';
  if (m.to.kind === 'stack' && m.from.kind === 'reg') return 'spill';
  if (m.from.kind === 'stack' && m.to.kind === 'reg') return 'reload';
  return 'move';
}
