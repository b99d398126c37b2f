/**
 * Calling conventions of functions: where each parameter arrives and each
 * result leaves, computed the same way by the callee (function.ts,
 * return-area.ts, control.ts) and by every caller (calls.ts), from the
 * function's header and the machine definition's ABI.
 *
 * A CC entry may be concrete (`in $reg`, `in [offset]`) or generic (nothing,
 * `in any`, `in <class>`). Concrete registers are taken as written; generic
 * entries take the ABI's registers of their class in order, skipping the
 * registers other entries name; those left over go to the stack (parameters:
 * the caller's outgoing argument area, after every concrete stack entry;
 * results: the return area, after every concrete one). Labels use the same
 * validation of concrete registers (control.ts).
 */
import type { Location as CcLocation } from '@lirc/low-ir';
import type { FunctionContext } from './context.js';
import { SLOT_BYTES } from './frame.js';

/** Where one CC entry goes: a register, or an offset in the stack area of the CC. */
export type Place = { readonly kind: 'reg'; readonly name: string } | StackPlace;

/** An offset in a CC's stack area (the caller's argument area, or the return area). */
export interface StackPlace {
  readonly kind: 'stack';
  readonly offset: number;
}

/** One entry of a CC: its width and declared location. */
export interface CcEntry {
  readonly width: number;
  readonly loc?: CcLocation;
}

/** The places of a CC's entries and the size in bytes of its stack area. */
export interface Placement {
  readonly places: readonly Place[];
  readonly stackSize: number;
}

/**
 * Where the arguments that do not fit in registers go: offsets in the stack
 * argument area from `start` (each in a slot of max(pointer, its width)
 * bytes, aligned to that size, in order, as the C ABIs of both machines do
 * for integers), and where the area ends.
 */
export function stackArgLayout(
  widths: readonly number[],
  pointerWidth: number,
  start = 0,
): { offsets: number[]; size: number } {
  let at = start;
  const offsets: number[] = [];
  for (const w of widths) {
    const size = Math.max(pointerWidth, w) / 8;
    at = Math.ceil(at / size) * size;
    offsets.push(at);
    at += size;
  }
  return { offsets, size: at };
}

/**
 * The register `name` a CC entry of `width` bits names concretely, checked:
 * an allocatable register of the machine, wide enough. `what` names the
 * entry in the error.
 */
export function concreteRegister(
  ctx: FunctionContext,
  name: string,
  width: number,
  what: string,
): string {
  const register = ctx.machine.registers.get(name);
  const allocatable = [...ctx.machine.classes.keys()].some((c) =>
    ctx.pool.registers(c).includes(name),
  );
  if (register === undefined || !allocatable)
    throw ctx.error(
      `${what} is declared in $${name}, which is not a register ${ctx.machine.def.name} can allocate`,
    );
  if (register.width < width)
    throw ctx.error(
      `${what} is declared in $${name}, which holds ${register.width} bits, not ${width}`,
    );
  return name;
}

/**
 * Where the parameters of function `name` arrive: `hidden` registers (the
 * return area's address) are taken first; stack offsets are in the caller's
 * outgoing argument area, whose size is at least the CC's stack depth.
 */
export function parameterPlacement(
  ctx: FunctionContext,
  name: string,
  params: readonly CcEntry[],
  hidden: readonly string[],
  stackDepth = 0,
): Placement {
  const what = (k: number) => `parameter ${k + 1} of @${name}`;
  const placement = placeEntries(ctx, params, hidden, ctx.machine.def.abi.args, what);
  const generic = placement.places.flatMap((p, k) => (p === undefined ? [k] : []));
  const layout = stackArgLayout(
    generic.map((k) => params[k]!.width),
    ctx.pointerWidth,
    placement.stackEnd,
  );
  const places = [...placement.places];
  generic.forEach((k, j) => {
    places[k] = { kind: 'stack', offset: layout.offsets[j]! };
  });
  return { places: places as Place[], stackSize: Math.max(layout.size, stackDepth) };
}

/**
 * Where the results of a function leave: registers, then the return area
 * (stack offsets are in that area, generic entries one slot each after the
 * concrete ones). A stack size above 0 means a return area.
 */
export function resultPlacement(
  ctx: FunctionContext,
  name: string,
  results: readonly CcEntry[],
): Placement {
  const what = (k: number) => `result ${k + 1} of @${name}`;
  const placement = placeEntries(ctx, results, [], ctx.machine.def.abi.results, what);
  let at = Math.ceil(placement.stackEnd / SLOT_BYTES) * SLOT_BYTES;
  const places = placement.places.map((p): Place => {
    if (p !== undefined) return p;
    const offset = at;
    at += SLOT_BYTES;
    return { kind: 'stack', offset };
  });
  return { places, stackSize: at };
}

/**
 * The concrete entries and the generic ones that get an ABI register
 * (`undefined`: the stack), and where the concrete stack entries end.
 */
function placeEntries(
  ctx: FunctionContext,
  entries: readonly CcEntry[],
  hidden: readonly string[],
  abiRegisters: Readonly<Record<string, readonly string[]>>,
  what: (k: number) => string,
): { places: (Place | undefined)[]; stackEnd: number } {
  const named = new Set(hidden);
  let stackEnd = 0;
  const places: (Place | undefined)[] = entries.map((e, k) => {
    if (e.loc?.kind === 'reg') {
      const name = concreteRegister(ctx, e.loc.name, e.width, what(k));
      if (named.has(name))
        throw ctx.error(
          `${what(k)} is declared in $${name}, which ${hidden.includes(name) ? 'carries the return area address' : 'another entry names'}`,
        );
      named.add(name);
      return { kind: 'reg', name };
    }
    if (e.loc?.kind === 'stack') {
      stackEnd = Math.max(stackEnd, e.loc.offset + Math.max(ctx.pointerWidth, e.width) / 8);
      return { kind: 'stack', offset: e.loc.offset };
    }
    return undefined;
  });
  const next = new Map<string, number>();
  entries.forEach((e, k) => {
    if (places[k] !== undefined || e.loc?.kind === 'stack') return;
    const cls = ctx.classOf(e.loc);
    const candidates = abiRegisters[cls] ?? [];
    let n = next.get(cls) ?? 0;
    while (n < candidates.length && named.has(candidates[n]!)) n++;
    next.set(cls, n + 1);
    const r = candidates[n];
    if (r !== undefined) places[k] = { kind: 'reg', name: r };
  });
  return { places, stackEnd };
}
