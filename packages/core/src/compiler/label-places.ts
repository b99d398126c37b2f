/**
 * Where a label's parameters are on entry (its calling convention): chosen
 * by the first branch to it (where the arguments already are), or by the
 * label itself when no branch came first, and where the label wants them
 * once its block starts (the locations it declares). control.ts keeps the
 * conventions and emits the moves; this module only decides.
 *
 * A concrete stack location `[n]` a label declares is a slot of the
 * function's frame, reserved for it and shared by every label naming `[n]`.
 * Generic parameters take free registers of their class, then new slots.
 */
import type { LabelDef, Operand, ValueDef } from '@lirc/low-ir';
import { type Location, locationKey } from '../state.js';
import { type FunctionContext, reg } from './context.js';
import { concreteRegister } from './conventions.js';

/** The choices of locations for label parameters of one function. */
export class LabelPlaces {
  /** The frame slot of each concrete stack location `[n]` labels declare. */
  private readonly labelSlots = new Map<number, Location>();

  constructor(private readonly ctx: FunctionContext) {}

  /** The location parameter `k` of `def` declares, if concrete (a class or `any` is not). */
  declaredLocation(def: LabelDef, p: ValueDef, k: number): Location | undefined {
    if (p.loc?.kind === 'reg')
      return reg(
        concreteRegister(this.ctx, p.loc.name, p.width, `parameter ${k + 1} of ${labelText(def)}`),
      );
    if (p.loc?.kind !== 'stack') return undefined;
    let slot = this.labelSlots.get(p.loc.offset);
    if (slot === undefined) {
      slot = this.ctx.frame.reserveSlot();
      this.labelSlots.set(p.loc.offset, slot);
    }
    return slot;
  }

  /** The convention of a label no branch has reached yet. */
  freshConvention(def: LabelDef, declared: readonly (Location | undefined)[]): Location[] {
    const taken = new Set(registerNames(declared.filter((l) => l !== undefined)));
    const slots = new Set<number>();
    return def.params.map((_p, k) => declared[k] ?? this.placeParameter(def, k, taken, slots));
  }

  /**
   * A free register of the class of parameter `k` of `def`, not one of
   * `taken` (which gets it), else (unless it declares a class) a new slot.
   */
  private placeParameter(
    def: LabelDef,
    k: number,
    taken: Set<string>,
    slots: Set<number>,
  ): Location {
    const loc = def.params[k]!.loc;
    const r = this.ctx.pool.free(
      this.ctx.pool.registers(this.ctx.classOf(loc)),
      this.ctx.state,
      taken,
    );
    if (r !== undefined) {
      taken.add(r);
      return reg(r);
    }
    if (loc?.kind === 'class')
      throw this.ctx.error(
        `no register of class ${loc.name} left for parameter ${k + 1} of ${labelText(def)}`,
      );
    return this.ctx.frame.slot(slots);
  }

  /**
   * Where the parameters of `def` must be once its block starts: the
   * declared concrete locations; a parameter whose entry location is another
   * parameter's declared one, or outside its declared class, goes to a free
   * register (of that class), else a slot; the others stay.
   */
  targets(
    def: LabelDef,
    cc: readonly Location[],
    declared: readonly (Location | undefined)[],
  ): Location[] {
    const claimed = new Set(declared.flatMap((l) => (l ? [locationKey(l)] : [])));
    const fits = (l: Location, k: number) => {
      const loc = def.params[k]!.loc;
      if (claimed.has(locationKey(l))) return false;
      if (loc?.kind !== 'class') return true;
      return l.kind === 'reg' && this.ctx.pool.registers(loc.name).includes(l.name);
    };
    if (cc.every((l, k) => declared[k] !== undefined || fits(l, k)))
      return cc.map((l, k) => declared[k] ?? l);
    const avoid = new Set([
      ...registerNames(cc),
      ...registerNames(declared.filter((l) => l !== undefined)),
    ]);
    const slots = new Set<number>();
    return cc.map(
      (l, k) => declared[k] ?? (fits(l, k) ? l : this.placeParameter(def, k, avoid, slots)),
    );
  }

  /**
   * The convention the first branch to a label fixes: each argument's
   * register (an allocatable one no earlier argument took), else a free
   * register, else its slot, else a new slot.
   */
  firstConvention(args: readonly Operand[], busy: ReadonlySet<string>): Location[] {
    const chosen: Location[] = [];
    const taken = new Set<string>(busy);
    const slots = new Set<number>();
    const inChosen = new Set<string>();
    // Only allocatable registers make a convention: a value in a flag (or
    // another register no move can write) is copied to one.
    const allocatable = new Set(this.ctx.pool.registers(this.ctx.firstClass));
    const here = (op: Operand, kind: 'reg' | 'stack') =>
      op.kind === 'value'
        ? this.ctx.state
            .locationsOf(op.id)
            .find((l) =>
              l.kind === 'reg'
                ? kind === 'reg' && allocatable.has(l.name) && !inChosen.has(l.name)
                : l.kind === 'stack' && kind === 'stack' && !slots.has(l.offset),
            )
        : undefined;
    for (const op of args) {
      let at = here(op, 'reg');
      if (at === undefined) {
        const r = this.ctx.pool.free(
          this.ctx.pool.registers(this.ctx.firstClass),
          this.ctx.state,
          taken,
        );
        at = r !== undefined ? reg(r) : (here(op, 'stack') ?? this.ctx.frame.slot(slots));
      }
      if (at.kind === 'reg') {
        taken.add(at.name);
        inChosen.add(at.name);
      }
      if (at.kind === 'stack') slots.add(at.offset);
      chosen.push(at);
    }
    return chosen;
  }
}

/** How a label is written in messages. */
export function labelText(def: LabelDef): string {
  return `^${def.label.name ?? `L${def.label.id}`}`;
}

/** The registers among `locations`. */
export function registerNames(locations: readonly Location[]): string[] {
  return locations.flatMap((l) => (l.kind === 'reg' ? [l.name] : []));
}
