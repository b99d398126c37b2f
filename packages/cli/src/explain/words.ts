/**
 * The pieces of text both renderers of `lirc explain` (text.ts, html.ts)
 * write the same way: bytes in hex, locations, live values, roles, and the
 * summary line of a candidate.
 */
import {
  type CandidateVerdict,
  type ExplainedInstruction,
  type FunctionExplanation,
  type LiveValue,
  locationKey,
  type Rejection,
} from '@lirc/core';

/** Bytes as hex pairs (`48 89 f8`). */
export function hexBytes(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** An offset as four hex digits. */
export function hexOffset(offset: number): string {
  return offset.toString(16).padStart(4, '0');
}

/** A live value and its locations: `%x=$rdi,[-24]`. */
export function liveText(v: LiveValue): string {
  return `${v.name}=${v.locations.map(locationKey).join(',')}`;
}

/** The live values after an instruction, or a dash when the state was not settled there. */
export function liveLine(i: ExplainedInstruction): string {
  if (!i.live) return '—';
  if (i.live.length === 0) return '(none)';
  return i.live.map(liveText).join(' ');
}

/** What a role is called in the table. */
export const ROLE_NAMES: Readonly<Record<ExplainedInstruction['role'], string>> = {
  instruction: 'chosen',
  move: 'move',
  spill: 'SPILL',
  reload: 'RELOAD',
  prologue: 'prologue',
  other: 'LIRC',
};

/** A candidate in one line: form, covers, cost, and why it lost (or that it won). */
export function candidateText(c: CandidateVerdict): string {
  const head = `${c.form} (covers ${c.covers}, cost ${c.cost})`;
  return c.lost === undefined ? `${head}: chosen` : `${head}: ${c.lost}`;
}

/** What an instruction implements, in words: covered action numbers, the move's reason, or the record's note. */
export function purpose(f: FunctionExplanation, i: ExplainedInstruction): string {
  if (i.covers.length > 0) return i.covers.map((k) => `#${k} ${f.actions[k]!.text}`).join('; ');
  if (i.move) {
    const what = i.move.value ?? 'a constant';
    return `${what} ${locationKey(i.move.from)} → ${locationKey(i.move.to)}: ${i.move.why}`;
  }
  return i.note.join('; ');
}

/** Counts of spills, reloads and moves in a function. */
export function moveCounts(f: FunctionExplanation): string {
  const n = (role: string) => f.instructions.filter((i) => i.role === role).length;
  return `${f.instructions.length} instructions, ${n('spill')} spills, ${n('reload')} reloads, ${n('move')} moves`;
}

/** A row of the action list: an input action, or an action LIRC compiled (under its input when they differ). */
export type ActionRow =
  | { readonly kind: 'input'; readonly index: number; readonly text: string }
  | { readonly kind: 'compiled'; readonly index: number; readonly nested: boolean };

/**
 * The action list: each input action; when LIRC compiled something else
 * for it (the pair stage, a guard, a legalization), those actions under it.
 * Actions of LIRC's own that come from no input (a 1-bit parameter's low
 * bit) come first.
 */
export function actionRows(f: FunctionExplanation): ActionRow[] {
  const rows: ActionRow[] = [];
  f.actions.forEach((a, k) => {
    if (a.input < 0) rows.push({ kind: 'compiled', index: k, nested: false });
  });
  f.inputs.forEach((input, n) => {
    const [first] = input.compiled;
    if (input.compiled.length === 1 && f.actions[first!]!.text === input.text) {
      rows.push({ kind: 'compiled', index: first!, nested: false });
      return;
    }
    rows.push({ kind: 'input', index: n, text: input.text });
    for (const k of input.compiled) rows.push({ kind: 'compiled', index: k, nested: true });
  });
  return rows;
}

/** Forms that did not match for the same reason. */
export interface RejectionGroup {
  readonly reason: string;
  /** The first forms (at most the `shown` given to `groupRejections`). */
  readonly forms: readonly string[];
  /** How many more forms share the reason. */
  readonly more: number;
}

/**
 * The forms that did not match, grouped by reason (most forms first), each
 * group naming at most `shown` forms: an x86_64 action can be in a hundred
 * forms (every addressing mode), most failing for the same reason.
 */
export function groupRejections(rejected: readonly Rejection[], shown: number): RejectionGroup[] {
  const byReason = new Map<string, string[]>();
  for (const r of rejected) {
    const forms = byReason.get(r.reason) ?? [];
    forms.push(r.form);
    byReason.set(r.reason, forms);
  }
  return [...byReason]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([reason, forms]) => ({
      reason,
      forms: forms.slice(0, shown),
      more: Math.max(0, forms.length - shown),
    }));
}

/** A group's forms in words: `a, b and 3 more`. */
export function groupForms(g: RejectionGroup): string {
  return g.more > 0 ? `${g.forms.join(', ')} and ${g.more} more` : g.forms.join(', ');
}
