/**
 * What the compiler tells an explanation recorder (`lirc explain`): the
 * events of compiling one function, sent at the points where the decisions
 * are made. The recorder is an option of the compiler (`explain`), off by
 * default; without one the compiler builds no event and keeps no extra
 * state. explain-collector.ts gathers the events into a FunctionExplanation
 * that renderers (the cli's HTML page and text form) draw.
 *
 * Offsets in `emit` events are those of the code buffer being filled: the
 * body's until a `prologue` event, the prologue's after it (the prologue is
 * emitted last and goes in front); `end` gives the final offsets.
 */
import type { Action, FunctionHeader } from '@lirc/low-ir';
import type { Location } from '../state.js';
import type { InstructionRecord } from './context.js';

/** How an action the function compiler takes came to be. */
export type ActionOrigin =
  /** As the stream (after the pair stage, if the machine has one) gave it. */
  | 'stream'
  /** A check LIRC adds (guards.ts: a divisor tested for zero, a shift count masked). */
  | 'guard'
  /** The low bit of a wider value (a 1-bit parameter). */
  | 'bit';

/** Why a candidate AsmQuery offered was not taken (`undefined`: it was). */
export interface CandidateVerdict {
  readonly form: string;
  /** How many actions of the buffer it implements. */
  readonly covers: number;
  readonly cost: number;
  /** The reason it lost; absent for the chosen one. */
  readonly lost?: string;
}

/** A form AsmQuery tried for the buffer that matched none of its prefixes. */
export interface Rejection {
  readonly form: string;
  /** The longest prefix it was tried for. */
  readonly covers: number;
  readonly reason: string;
}

/** What moved a value, and why (in words). */
export interface MoveNote {
  readonly from: Location;
  readonly to: Location;
  /** The value moved (its name), if the source held one. */
  readonly value?: string;
  readonly why: string;
}

/** A live value and where it is. */
export interface LiveValue {
  readonly name: string;
  readonly width: number;
  readonly locations: readonly Location[];
}

/** One instruction of the finished function (final offsets). */
export interface FinishedInstruction extends InstructionRecord {
  readonly bytes: Uint8Array;
  /** The assembly text (the machine definition's template). */
  readonly assembly: string;
}

/** One event of compiling a function. */
export type ExplainEvent =
  /** A function begins (its header as the compiler received it, before the pair stage). */
  | { readonly kind: 'function'; readonly header: FunctionHeader }
  /** An action as the compiler received it (before the pair stage). */
  | { readonly kind: 'input'; readonly action: Action }
  /** An action the function compiler takes into its buffer (`text` as the listing writes it). */
  | {
      readonly kind: 'take';
      readonly action: Action;
      readonly text: string;
      readonly origin: ActionOrigin;
    }
  /** A buffered action replaced by others (a legalization rule, a trap_if as a branch to a stub). */
  | {
      readonly kind: 'rewrite';
      readonly action: Action;
      readonly into: readonly { readonly action: Action; readonly text: string }[];
      readonly why: string;
    }
  /** A buffered action dropped: pure, and nothing uses its results. */
  | { readonly kind: 'dead'; readonly action: Action }
  /** A buffered constant no form makes: kept as a known constant, materialized where used. */
  | { readonly kind: 'constant'; readonly action: Action }
  /** The choice of a form for the start of the buffer. */
  | {
      readonly kind: 'choice';
      readonly buffer: readonly Action[];
      readonly candidates: readonly CandidateVerdict[];
      readonly rejected: readonly Rejection[];
    }
  /** An instruction put in the code buffer; `covers`: the actions it implements (a chosen form). */
  | {
      readonly kind: 'emit';
      readonly offset: number;
      readonly covers?: readonly Action[];
      readonly move?: MoveNote;
    }
  /** Where every live value is, once the state is consistent again (after the last `emit`). */
  | { readonly kind: 'locations'; readonly live: readonly LiveValue[] }
  /** The body is done; the prologue follows. */
  | { readonly kind: 'prologue' }
  /** The function is finished: every instruction with its final offset, bytes and text. */
  | {
      readonly kind: 'end';
      readonly instructions: readonly FinishedInstruction[];
      /** How many of `instructions` (the first ones) are the prologue. */
      readonly prologue: number;
      readonly listing: string;
    };

/** Receives the events of compiling (the compiler's `explain` option). */
export type ExplainRecorder = (event: ExplainEvent) => void;
