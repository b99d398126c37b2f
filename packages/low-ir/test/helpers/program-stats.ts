/**
 * Test helper: what a generated program contains (opcodes with widths, calls
 * and their result counts, loops, parameter counts, values live at once), so
 * the random-program tests can assert coverage over a sample of seeds.
 */
import type { FunctionDef, Module } from '@lirc/low-ir';

/** Features of one program. */
export interface ProgramStats {
  /** `opcode.widths` of every action, e.g. `load_u.32.8`, `call`. */
  readonly actions: Set<string>;
  /** Most results of one call or call_indirect. */
  readonly maxCallResults: number;
  /** Most arguments of one call, or parameters of one function. */
  readonly maxArity: number;
  /** Number of backward branches (a jump or br_if to a label defined above it). */
  readonly loops: number;
  /** Most values of one block live at the same point. */
  readonly maxLive: number;
}

/** Most values of one block live at once: from definition to last use in the block. */
function maxLive(fn: FunctionDef): number {
  let best = 0;
  let start = 0;
  const params = [fn.params.map((p) => p.id)];
  const blocks: { params: number[]; from: number; to: number }[] = [];
  fn.body.forEach((item, i) => {
    if (item.kind !== 'label') return;
    blocks.push({ params: params[params.length - 1]!, from: start, to: i });
    params.push(item.label.params.map((p) => p.id));
    start = i + 1;
  });
  blocks.push({ params: params[params.length - 1]!, from: start, to: fn.body.length });
  for (const b of blocks) {
    const lastUse = new Map<number, number>();
    for (let i = b.from; i < b.to; i++) {
      const it = fn.body[i]!;
      if (it.kind !== 'action') continue;
      for (const op of it.action.operands) if (op.kind === 'value') lastUse.set(op.id, i);
    }
    const live = new Set<number>(b.params.filter((id) => lastUse.has(id)));
    best = Math.max(best, live.size);
    for (let i = b.from; i < b.to; i++) {
      const it = fn.body[i]!;
      if (it.kind !== 'action') continue;
      for (const r of it.action.results) if (lastUse.has(r.id)) live.add(r.id);
      best = Math.max(best, live.size);
      for (const id of [...live]) if (lastUse.get(id) === i) live.delete(id);
    }
  }
  return best;
}

/** Collects the features of a module. */
export function programStats(module: Module): ProgramStats {
  const actions = new Set<string>();
  let maxCallResults = 0;
  let maxArity = 0;
  let loops = 0;
  let live = 0;
  for (const fn of module.functions) {
    maxArity = Math.max(maxArity, fn.params.length);
    live = Math.max(live, maxLive(fn));
    const defined = new Set<number>();
    for (const item of fn.body) {
      if (item.kind === 'label') {
        defined.add(item.label.label.id);
        continue;
      }
      const a = item.action;
      actions.add([a.opcode, ...a.widths].join('.'));
      if (a.opcode === 'call' || a.opcode === 'call_indirect') {
        maxCallResults = Math.max(maxCallResults, a.results.length);
        maxArity = Math.max(maxArity, a.operands.length - 1);
      }
      for (const op of a.operands) if (op.kind === 'label' && defined.has(op.label.id)) loops++;
    }
  }
  return { actions, maxCallResults, maxArity, loops, maxLive: live };
}
