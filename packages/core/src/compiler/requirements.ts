/**
 * What LIRC itself needs of a machine definition: the generic actions it
 * asks AsmQuery for on its own, whatever the program (moves, constants,
 * frame slots, stack pointer adjustment, jumps, branches, calls, returns,
 * traps). Each is a *shape*: the action keys, in order, of the semantics of
 * a form that must exist; for the frame slots the address `base + offset`
 * is computed inside the instruction, as LIRC asks for it. A machine
 * without one of these cannot compile every function (a CompileError
 * naming the action). `lirc mdef check` checks a definition against this
 * list; it is the one place that states it, next to the code that queries:
 *
 * - moves.ts: `copy.P` between registers (planMove), `const.P` into a
 *   register (planConstant), `add.P` + `load.W` / `store.W` for stack slots
 *   (accessRecipe: spills and reloads, 1-bit values as a byte);
 * - frame.ts: `add.P` adjusts the stack pointer and sets the frame pointer
 *   (planAddOffset), and the prologue and epilogue save and restore the
 *   frame pointer, the return-address register and each callee-saved
 *   register at its width through the same slot accesses;
 * - control.ts: `jump` (between blocks, from stubs), `trap` (trap stubs);
 *   function.ts: `br_if` on a 1-bit value (and trap_if, which falls back to
 *   br_if to a trap stub); calls.ts: `call`; the epilogue ends in `return`.
 *
 * Actions a program uses beyond these are optional for a machine: a
 * missing one is an error only when a program needs it (naming the action
 * and the target).
 */
import type { MachineDefinition } from '@lirc/asmquery';

/** One generic action LIRC needs: a form whose semantics is exactly `shape` must exist. */
export interface GenericRequirement {
  /** What LIRC uses it for. */
  readonly purpose: string;
  /** The action keys (`opcode.widths`), in order, of the form's semantics. */
  readonly shape: readonly string[];
}

/** Actions LIRC handles itself, with no instruction (use counts). */
export const NO_INSTRUCTION_ACTIONS: readonly string[] = ['clone', 'drop'];

/** The generic actions LIRC needs of machine `def` (widths from its pointer width and registers). */
export function genericRequirements(def: MachineDefinition): GenericRequirement[] {
  const P = def.pointerWidth;
  const slot = (width: number, why: string): GenericRequirement[] => [
    { purpose: `load ${why} from a stack slot`, shape: [`add.${P}`, `load.${width}`] },
    { purpose: `store ${why} to a stack slot`, shape: [`add.${P}`, `store.${width}`] },
  ];
  const own = new Set([def.special.stackPointer, def.special.framePointer]);
  const savedWidths = new Set(
    def.abi.calleeSaved
      .filter((name) => !own.has(name))
      .map((name) => Math.min(def.registers.find((r) => r.name === name)?.width ?? P, 64)),
  );
  savedWidths.delete(P);
  return [
    { purpose: 'move a value between registers', shape: [`copy.${P}`] },
    { purpose: 'put a constant in a register', shape: [`const.${P}`] },
    { purpose: 'adjust the stack pointer, set the frame pointer', shape: [`add.${P}`] },
    ...slot(P, 'a spilled value or a saved register'),
    ...slot(8, 'a 1-bit value (a byte)'),
    ...[...savedWidths]
      .sort((a, b) => a - b)
      .flatMap((w) => slot(w, `a ${w}-bit callee-saved register`)),
    { purpose: 'jump to a label', shape: ['jump'] },
    { purpose: 'branch on a 1-bit value', shape: ['br_if'] },
    { purpose: 'call a function', shape: ['call'] },
    { purpose: 'return', shape: ['return'] },
    { purpose: 'trap (a trap action; the stubs of guarded actions)', shape: ['trap'] },
  ];
}
