/**
 * shrinkProgram: reduces a failing random program to a smaller one that
 * still fails. It tries edits greedily (remove unused functions, replace
 * actions by constants in ever smaller chunks, make branches always or never
 * taken, remove dead blocks, turn label parameters into constants, fold
 * constants into immediates, remove clones and drops, shrink immediates such
 * as loop bounds toward 0, zero the arguments), keeping an edit only if the
 * candidate verifies, is smaller and still fails. Every kept edit makes the
 * program strictly smaller by a fixed measure and the number of attempts is
 * bounded, so it terminates.
 */
import { bitLength } from '../bits.js';
import type { Module } from '../ir.js';
import { replayModule } from '../sink.js';
import { printToString } from '../text/printer.js';
import { verifyModule } from '../verifier.js';
import type { RandomProgram } from './options.js';
import {
  branchAlwaysTaken,
  branchNeverTaken,
  functionParamToConstant,
  inlineBlock,
  isNonTrivial,
  isReferenced,
  isReplaceable,
  labelParamToConstant,
  propagateConstant,
  removeDeadBlock,
  removeDrop,
  removeFunction,
  replaceWithConstants,
  returnInsteadOfJump,
  setImmediate,
  stripCloneAndDrop,
} from './shrink-edits.js';

/** Options of the shrinker. */
export interface ShrinkOptions {
  /** Most candidates to try (default 3000); each costs a verification and, if smaller, a `stillFails` call. */
  readonly maxAttempts?: number;
}

/**
 * Size of a program, compared lexicographically: actions other than const,
 * copy, clone and drop; parameters of functions and labels; body items,
 * functions, data segments and the memory directive; bits of immediates and arguments.
 */
export function programSize(p: { module: Module; args: readonly bigint[] }): number[] {
  let nonTrivial = 0;
  let params = 0;
  const { data, memorySize } = p.module.header;
  let items = data.length + (memorySize === undefined ? 0 : 1);
  let bits = 0;
  for (const fn of p.module.functions) {
    items += fn.body.length + 1;
    params += fn.params.length;
    for (const it of fn.body) {
      if (it.kind === 'label') {
        params += it.label.params.length;
        continue;
      }
      if (isNonTrivial(it)) nonTrivial++;
      for (const op of it.action.operands)
        if (op.kind === 'imm') bits += bitLength(op.value < 0n ? -op.value : op.value);
    }
  }
  for (const a of p.args) bits += bitLength(a);
  return [nonTrivial, params, items, bits];
}

function smaller(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! < b[k]!;
  return false;
}

/** The program for a module (its canonical text printed afresh). */
function programOf(module: Module, entry: string, args: readonly bigint[]): RandomProgram {
  return { module, entry, args, text: printToString((sink) => replayModule(module, sink)) };
}

/**
 * Shrinks `program` while `stillFails` holds. Returns the smallest program
 * found that verifies and still fails (the input itself if `stillFails`
 * does not hold for it or nothing smaller fails). `stillFails` should be
 * deterministic; if it runs the program, it should bound the steps (a
 * candidate may loop, for instance once a loop increment has become 0).
 */
export function shrinkProgram(
  program: RandomProgram,
  stillFails: (p: RandomProgram) => boolean,
  options: ShrinkOptions = {},
): RandomProgram {
  const maxAttempts = options.maxAttempts ?? 3000;
  if (!stillFails(program)) return program;
  let best = program;
  let bestSize = programSize(best);
  let attempts = 0;
  const exhausted = () => attempts >= maxAttempts;
  const attempt = (module: Module | undefined, args: readonly bigint[] = best.args): boolean => {
    if (module === undefined || exhausted()) return false;
    attempts++;
    const size = programSize({ module, args });
    if (!smaller(size, bestSize) || verifyModule(module).length > 0) return false;
    const candidate = programOf(module, best.entry, args);
    if (!stillFails(candidate)) return false;
    best = candidate;
    bestSize = size;
    return true;
  };
  /**
   * Tries `edit(k)` for k = 0, 1, … < count(); after a kept edit, k stays
   * (positions shift). An edit returns a candidate, or whether the
   * candidates it attempted itself were kept.
   */
  const sweep = (
    count: () => number,
    edit: (k: number) => Module | undefined | boolean,
  ): boolean => {
    let progress = false;
    for (let k = 0; k < count() && !exhausted(); ) {
      const result = edit(k);
      if (typeof result === 'boolean' ? result : attempt(result)) progress = true;
      else k++;
    }
    return progress;
  };
  const names = () => best.module.functions.map((f) => f.name);
  const fnOf = (name: string) => best.module.functions.find((f) => f.name === name);
  const indices = (name: string, keep: (k: number) => boolean) =>
    (fnOf(name)?.body ?? []).map((_, k) => k).filter(keep);

  let progress = true;
  while (progress && !exhausted()) {
    progress = false;
    // Functions nobody calls (besides the entry).
    const removable = () =>
      names().filter((n) => n !== best.entry && !isReferenced(best.module, n));
    progress =
      sweep(
        () => removable().length,
        (k) => removeFunction(best.module, removable()[k]!),
      ) || progress;
    for (const name of names()) {
      const body = () => fnOf(name)?.body ?? [];
      // Actions → constants, in halving chunks.
      const replaceable = () => indices(name, (k) => isReplaceable(body()[k]!));
      for (
        let chunk = 2 ** Math.floor(Math.log2(Math.max(1, replaceable().length)));
        chunk >= 1;
        chunk /= 2
      ) {
        const count = () => Math.ceil(replaceable().length / chunk);
        progress =
          sweep(count, (k) =>
            replaceWithConstants(
              best.module,
              name,
              replaceable().slice(k * chunk, (k + 1) * chunk),
            ),
          ) || progress;
      }
      const branches = () => indices(name, (k) => isOpcode(body()[k], 'br_if'));
      progress =
        sweep(
          () => branches().length,
          (k) => branchAlwaysTaken(best.module, name, branches()[k]!),
        ) || progress;
      progress =
        sweep(
          () => branches().length,
          (k) => branchNeverTaken(best.module, name, branches()[k]!),
        ) || progress;
      const labels = () => indices(name, (k) => body()[k]!.kind === 'label');
      progress =
        sweep(
          () => labels().length,
          (k) => removeDeadBlock(best.module, name, labels()[k]!),
        ) || progress;
      const params = () =>
        labels().flatMap((at) => {
          const it = body()[at]!;
          return it.kind === 'label' ? it.label.params.map((_, j) => [at, j] as const) : [];
        });
      progress =
        sweep(
          () => params().length,
          (k) => {
            const [at, j] = params()[k]!;
            return labelParamToConstant(best.module, name, at, j);
          },
        ) || progress;
      const jumps = () => indices(name, (k) => isOpcode(body()[k], 'jump'));
      progress =
        sweep(
          () => jumps().length,
          (k) => returnInsteadOfJump(best.module, name, jumps()[k]!),
        ) || progress;
      progress =
        sweep(
          () => jumps().length,
          (k) => inlineBlock(best.module, name, jumps()[k]!),
        ) || progress;
      progress =
        sweep(
          () => fnOf(name)?.params.length ?? 0,
          (k) => {
            if (name !== best.entry) return functionParamToConstant(best.module, name, k, 0n);
            const module = functionParamToConstant(best.module, name, k, best.args[k]!);
            return attempt(
              module,
              best.args.filter((_, j) => j !== k),
            );
          },
        ) || progress;
      const consts = () => indices(name, (k) => isOpcode(body()[k], 'const'));
      progress =
        sweep(
          () => consts().length,
          (k) => propagateConstant(best.module, name, consts()[k]!),
        ) || progress;
      progress = attempt(stripCloneAndDrop(best.module, name)) || progress;
      const drops = () => indices(name, (k) => isOpcode(body()[k], 'drop'));
      progress =
        sweep(
          () => drops().length,
          (k) => removeDrop(best.module, name, drops()[k]!),
        ) || progress;
      progress = shrinkImmediates(name) || progress;
    }
    progress =
      sweep(
        () => best.args.length,
        (k) => {
          const args = best.args.map((a, j) => (j === k ? 0n : a));
          return attempt(best.module, args);
        },
      ) || progress;
    const { memorySize, data, ...header } = best.module.header;
    if (data.length > 0)
      progress =
        attempt({ ...best.module, header: { ...header, memorySize, data: [] } }) || progress;
    if (memorySize !== undefined && data.length === 0) {
      progress = attempt({ ...best.module, header: { ...header, data } }) || progress;
    }
  }
  return best;

  /** Immediates toward 0: first 0, then halving (loop bounds, masks, constants). */
  function shrinkImmediates(name: string): boolean {
    const imms = () => {
      const out: [number, number, bigint][] = [];
      fnOf(name)?.body.forEach((it, i) => {
        if (it.kind !== 'action' || it.action.opcode === 'clone') return;
        it.action.operands.forEach((op, j) => {
          if (op.kind === 'imm' && op.value !== 0n) out.push([i, j, op.value]);
        });
      });
      return out;
    };
    return sweep(
      () => imms().length,
      (k) => {
        const [i, j, value] = imms()[k]!;
        const zero = setImmediate(best.module, name, i, j, 0n);
        if (attempt(zero)) return true;
        return value / 2n !== 0n && attempt(setImmediate(best.module, name, i, j, value / 2n));
      },
    );
  }
}

function isOpcode(
  item: { kind: string; action?: { opcode: string } } | undefined,
  opcode: string,
): boolean {
  return item?.kind === 'action' && item.action?.opcode === opcode;
}
