/**
 * Parallel moves: a set of moves that must act as if they all happened at
 * once (every destination receives what its source held before any move),
 * turned into a sequence of ordinary moves. LIRC uses it to put inputs in
 * place before an instruction and to conform to a label's calling
 * convention. A cycle (a→b, b→a) is broken through a scratch location.
 *
 * Locations are opaque to this module: `key` tells when two are the same. A
 * source that is never a destination (a constant) never blocks anything.
 */

/** One move, from a source to a destination. */
export interface Move<L> {
  readonly from: L;
  readonly to: L;
}

/** A parallel move that cannot be sequentialised as asked. */
export class MoveError extends Error {
  override name = 'MoveError';
}

/**
 * Orders `moves` (distinct destinations) so that running them one by one has
 * the effect of running them at once. Moves onto their own source are
 * dropped. `scratch` is used only to break cycles; without one, a cycle is a
 * MoveError. A function as `scratch` is called only when a cycle needs it
 * (so a costly scratch, a new stack slot, is taken only then).
 */
export function sequentializeMoves<L>(
  moves: readonly Move<L>[],
  key: (l: L) => string,
  scratchOrProvider?: L | (() => L),
): Move<L>[] {
  let provider =
    typeof scratchOrProvider === 'function' ? (scratchOrProvider as () => L) : undefined;
  let scratch = provider ? undefined : (scratchOrProvider as L | undefined);
  const seen = new Set<string>();
  for (const m of moves) {
    const k = key(m.to);
    if (seen.has(k)) throw new MoveError(`two moves write ${k}`);
    seen.add(k);
  }
  if (scratch !== undefined && seen.has(key(scratch))) {
    throw new MoveError(`the scratch location ${key(scratch)} is also a destination`);
  }
  let pending = moves.filter((m) => key(m.from) !== key(m.to));
  const out: Move<L>[] = [];
  while (pending.length > 0) {
    const sources = new Map<string, number>();
    for (const m of pending) sources.set(key(m.from), (sources.get(key(m.from)) ?? 0) + 1);
    const ready = pending.findIndex((m) => !sources.has(key(m.to)));
    if (ready >= 0) {
      out.push(pending[ready]!);
      pending = pending.filter((_m, i) => i !== ready);
      continue;
    }
    // Only cycles are left: save one destination's old value in the scratch
    // location, and read it from there instead.
    if (scratch === undefined && provider) {
      scratch = provider();
      provider = undefined;
      if (seen.has(key(scratch))) {
        throw new MoveError(`the scratch location ${key(scratch)} is also a destination`);
      }
    }
    if (scratch === undefined) {
      throw new MoveError(
        `a cycle of moves (${pending.map((m) => `${key(m.from)}→${key(m.to)}`).join(', ')}) needs a scratch location`,
      );
    }
    const blocked = pending[0]!.to;
    const via = scratch;
    out.push({ from: blocked, to: via });
    pending = pending.map((m) => (key(m.from) === key(blocked) ? { from: via, to: m.to } : m));
  }
  return out;
}
