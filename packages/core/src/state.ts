/**
 * The allocation state LIRC keeps while it generates code: for each live
 * value its width, the uses it has left and its locations (a value may be in
 * several places at once); for each location the value in it. The one
 * invariant — every live value has a location between instructions — is
 * checked by `check`, which tests run after every emitted instruction.
 */

/** A place a value can be: a register, a stack slot (frame offset), or a known constant. */
export type Location =
  | { readonly kind: 'reg'; readonly name: string }
  | { readonly kind: 'stack'; readonly offset: number }
  | { readonly kind: 'const'; readonly value: bigint };

/** A string that identifies a location (for maps and sets). */
export function locationKey(l: Location): string {
  switch (l.kind) {
    case 'reg':
      return `$${l.name}`;
    case 'stack':
      return `[${l.offset}]`;
    case 'const':
      return `#${l.value}`;
  }
}

/** A misuse of the state (a bug in LIRC, never a user error). */
export class AllocationError extends Error {
  override name = 'AllocationError';
}

interface ValueState {
  readonly width: number;
  uses: number;
  readonly locations: Map<string, Location>;
}

/** Values, their locations, and who occupies each register or slot. */
export class AllocationState {
  private readonly values = new Map<number, ValueState>();
  private readonly occupants = new Map<string, number>();

  /** Defines a value with its declared uses and first locations; a value without uses is dead at once. */
  define(id: number, width: number, uses: number, locations: readonly Location[]): void {
    if (this.values.has(id)) throw new AllocationError(`value ${id} is defined twice`);
    if (uses === 0) return;
    this.values.set(id, { width, uses, locations: new Map() });
    for (const l of locations) this.addLocation(id, l);
  }

  /** Whether the value is still live (has uses left). */
  isLive(id: number): boolean {
    return this.values.has(id);
  }

  /** Uses the value has left (0 once released). */
  usesLeft(id: number): number {
    return this.values.get(id)?.uses ?? 0;
  }

  widthOf(id: number): number {
    return this.get(id).width;
  }

  /** Where the value is now. */
  locationsOf(id: number): Location[] {
    return [...(this.values.get(id)?.locations.values() ?? [])];
  }

  /** The value occupying a register or slot, if any. */
  occupant(l: Location): number | undefined {
    return this.occupants.get(locationKey(l));
  }

  /** Records that the value is (also) at `l`; `l` must be free. */
  addLocation(id: number, l: Location): void {
    const v = this.get(id);
    const key = locationKey(l);
    if (l.kind !== 'const') {
      const other = this.occupants.get(key);
      if (other !== undefined && other !== id) {
        throw new AllocationError(
          `${key} holds value ${other}; it must be vacated before value ${id} goes there`,
        );
      }
      this.occupants.set(key, id);
    }
    v.locations.set(key, l);
  }

  /** Forgets that the value is at `l`. */
  removeLocation(id: number, l: Location): void {
    const key = locationKey(l);
    this.get(id).locations.delete(key);
    if (this.occupants.get(key) === id) this.occupants.delete(key);
  }

  /** Whatever is at `l` loses that location (an instruction overwrote it); returns the value. */
  clobber(l: Location): number | undefined {
    const id = this.occupants.get(locationKey(l));
    if (id !== undefined) this.removeLocation(id, l);
    return id;
  }

  /** Gives the value `n` more uses (Low IR's clone). */
  retain(id: number, n: number): void {
    this.get(id).uses += n;
  }

  /** Consumes `n` uses; at zero the value is released with all its locations. */
  use(id: number, n = 1): number {
    const v = this.get(id);
    if (v.uses < n)
      throw new AllocationError(`value ${id} has ${v.uses} use(s) left, ${n} consumed`);
    v.uses -= n;
    if (v.uses === 0) this.release(id);
    return v.uses;
  }

  /** Drops a value and frees its locations (a trap, or the end of a block). */
  release(id: number): void {
    const v = this.values.get(id);
    if (!v) return;
    for (const key of v.locations.keys())
      if (this.occupants.get(key) === id) this.occupants.delete(key);
    this.values.delete(id);
  }

  /** The live values. */
  live(): number[] {
    return [...this.values.keys()];
  }

  /**
   * The invariant and the consistency of the two maps; returns the problems
   * (empty when all is well).
   */
  check(): string[] {
    const problems: string[] = [];
    for (const [id, v] of this.values) {
      if (v.locations.size === 0)
        problems.push(`value ${id} is live (${v.uses} use(s) left) but has no location`);
      for (const [key, l] of v.locations) {
        if (l.kind !== 'const' && this.occupants.get(key) !== id) {
          problems.push(
            `value ${id} lists ${key}, which holds ${this.occupants.get(key) ?? 'nothing'}`,
          );
        }
      }
    }
    for (const [key, id] of this.occupants) {
      if (!this.values.get(id)?.locations.has(key))
        problems.push(`${key} names value ${id}, which is not there`);
    }
    return problems;
  }

  private get(id: number): ValueState {
    const v = this.values.get(id);
    if (!v) throw new AllocationError(`value ${id} is not live`);
    return v;
  }
}
