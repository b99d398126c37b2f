/**
 * The registers LIRC may allocate, per register class, with the order in
 * which free ones are preferred: a class's registers minus the special ones
 * (stack and frame pointer, zero, context, reserved) and, for now, minus the
 * callee-saved ones (a function that used them would need a prologue that
 * saves them; frames come later).
 */
import type { LoadedMachine } from '@lirc/asmquery';
import type { AllocationState } from '../state.js';

/** Allocatable registers of each class, in preference order. */
export class RegisterPool {
  private readonly byClass = new Map<string, readonly string[]>();
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
      ...machine.def.abi.calleeSaved,
    ]);
    for (const cls of machine.classes.values()) {
      this.byClass.set(
        cls.name,
        cls.registers.filter((r) => !excluded.has(r)),
      );
    }
  }

  /** The allocatable registers of a class. */
  registers(cls: string): readonly string[] {
    return this.byClass.get(cls) ?? [];
  }

  /** Notes that a register was used now. */
  touch(reg: string): void {
    this.lastUse.set(reg, ++this.clock);
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
