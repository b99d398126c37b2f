/**
 * The registers LIRC may allocate, per register class, with the order in
 * which free ones are preferred: a class's registers minus the special ones
 * (stack and frame pointer, zero, context, return address, reserved,
 * scratch), caller-saved ones first (a callee-saved register costs a save
 * and a restore in the frame). The victim when none is free is the least
 * recently used.
 */
import type { LoadedMachine } from '@lirc/asmquery';
import type { AllocationState } from '../state.js';

/** Allocatable registers of each class, in preference order. */
export class RegisterPool {
  private readonly byClass = new Map<string, readonly string[]>();
  /** The special registers: never allocated, never given a value. */
  private readonly special: ReadonlySet<string>;
  /** When each register was last used (for choosing a victim). */
  private readonly lastUse = new Map<string, number>();
  private clock = 0;

  constructor(machine: LoadedMachine) {
    const special = machine.def.special;
    const excluded = new Set<string>([
      special.stackPointer,
      ...(special.framePointer ? [special.framePointer] : []),
      ...(special.zero ? [special.zero] : []),
      ...(special.context ? [special.context] : []),
      ...(special.returnAddress ? [special.returnAddress] : []),
      ...(special.reserved ?? []),
      ...(special.scratch ? [special.scratch] : []),
    ]);
    this.special = excluded;
    const calleeSaved = new Set(machine.def.abi.calleeSaved);
    for (const cls of machine.classes.values()) {
      const usable = cls.registers.filter((r) => !excluded.has(r));
      this.byClass.set(cls.name, [
        ...usable.filter((r) => !calleeSaved.has(r)),
        ...usable.filter((r) => calleeSaved.has(r)),
      ]);
    }
  }

  /**
   * Whether `reg` is one of the machine's special registers (stack or frame
   * pointer, zero, context, return address, reserved, scratch): no value of
   * the program may be put there.
   */
  isSpecial(reg: string): boolean {
    return this.special.has(reg);
  }

  /** The allocatable registers of a class. */
  registers(cls: string): readonly string[] {
    return this.byClass.get(cls) ?? [];
  }

  /** Notes that a register was used now. */
  touch(reg: string): void {
    this.lastUse.set(reg, ++this.clock);
  }

  /** The least recently used register of `candidates` not in `avoid`. */
  victim(candidates: readonly string[], avoid: ReadonlySet<string>): string | undefined {
    let best: string | undefined;
    for (const r of candidates) {
      if (avoid.has(r)) continue;
      if (best === undefined || (this.lastUse.get(r) ?? 0) < (this.lastUse.get(best) ?? 0))
        best = r;
    }
    return best;
  }

  /**
   * A register of `candidates` that holds no live value and is not in
   * `avoid`; undefined if every one is taken.
   */
  free(
    candidates: readonly string[],
    state: AllocationState,
    avoid: ReadonlySet<string>,
  ): string | undefined {
    return candidates.find(
      (r) => !avoid.has(r) && state.occupant({ kind: 'reg', name: r }) === undefined,
    );
  }
}
