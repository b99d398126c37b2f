/**
 * Emitting moves between locations as machine instructions, by asking
 * AsmQuery like for any other action: register → register is a `copy.W`
 * (or `reinterpret.W` across register classes), constant → register a
 * `const.W`. A 1-bit value leaves a flag as `zext.W.1` (x86 setcc) and enters
 * one as `ne.W v, 0` or `eq.W v, 1` (LIRC keeps 1-bit values in ordinary
 * registers as 0 or 1, so reading them wider is exact). The form chosen must
 * put the value exactly where asked.
 */
import {
  type Candidate,
  type CodeBuffer,
  type CompiledForm,
  type LoadedMachine,
  type Matcher,
  type OperandInput,
  paramRegisters,
} from '@lirc/asmquery';
import type { Action } from '@lirc/low-ir';
import { type Location, locationKey } from '../state.js';
import { CompileError } from './errors.js';

const SOURCE = -2;
const RESULT = -1;

/** A planned move: the form and its operands. */
export interface PlannedMove {
  readonly form: CompiledForm;
  readonly operands: Record<string, OperandInput>;
}

/**
 * Finds how to move a `width`-bit value from `from` to register `to`
 * (undefined if the machine cannot in one instruction). `mayClobber` says
 * which other registers the move may overwrite (flags written besides the
 * target).
 */
export function planMove(
  machine: LoadedMachine,
  matcher: Matcher,
  from: Location,
  to: Location,
  width: number,
  mayClobber: (register: string) => boolean = () => false,
): PlannedMove | undefined {
  if (to.kind !== 'reg' || from.kind === 'stack') return undefined;
  for (const action of moveActions(machine, from, to, width)) {
    const candidates = matcher.query({
      actions: [action],
      locations: (id) =>
        id === SOURCE && from.kind === 'reg' ? [{ kind: 'reg', reg: from.name }] : [],
      usesLeft: () => 1,
    });
    for (const c of candidates) {
      if (c.writes.some((r) => r.name !== to.name && !mayClobber(r.name))) continue;
      const operands = placeMove(machine, c, from, to.name);
      if (operands) return { form: c.form, operands };
    }
  }
  return undefined;
}

/** Emits `to ← from` for a `width`-bit value; returns the form used and its offset. */
export function emitMove(
  machine: LoadedMachine,
  matcher: Matcher,
  code: CodeBuffer,
  from: Location,
  to: Location,
  width: number,
  mayClobber: (register: string) => boolean = () => false,
): { form: string; offset: number } {
  if (to.kind !== 'reg') {
    throw new CompileError(
      `moving a value to ${locationKey(to)} is not implemented yet (spilling comes with frames)`,
    );
  }
  if (from.kind === 'stack') {
    throw new CompileError(
      `reloading from ${locationKey(from)} is not implemented yet (spilling comes with frames)`,
    );
  }
  const plan = planMove(machine, matcher, from, to, width, mayClobber);
  if (!plan) {
    const blocked = planMove(machine, matcher, from, to, width, () => true);
    const why = blocked ? ' without overwriting a live value' : '';
    throw new CompileError(
      `${machine.def.name} has no instruction that moves a ${width}-bit value from ${locationKey(from)} to ${locationKey(to)}${why}`,
    );
  }
  return { form: plan.form.name, offset: code.emit(plan.form, plan.operands) };
}

/** The one-action queries that can move a `width`-bit value from `from` to register `to`. */
function moveActions(
  machine: LoadedMachine,
  from: Location,
  to: Location & { kind: 'reg' },
  width: number,
): Action[] {
  const result = (w: number) => [{ id: RESULT, width: w, uses: 1 }];
  const source = [{ kind: 'value', id: SOURCE }] as const;
  if (from.kind === 'const') {
    return [
      {
        opcode: 'const',
        widths: [width],
        results: result(width),
        operands: [{ kind: 'imm', value: from.value }],
      },
    ];
  }
  const actions: Action[] = [];
  const flag = (l: Location) => l.kind === 'reg' && machine.registers.get(l.name)?.width === 1;
  if (width === 1 && flag(to) && !flag(from)) {
    for (const w of [8, 16, 32, 64]) {
      actions.push(
        {
          opcode: 'ne',
          widths: [w],
          results: result(1),
          operands: [...source, { kind: 'imm', value: 0n }],
        },
        {
          opcode: 'eq',
          widths: [w],
          results: result(1),
          operands: [...source, { kind: 'imm', value: 1n }],
        },
      );
    }
    return actions;
  }
  if (width === 1 && flag(from) && !flag(to)) {
    for (const w of [8, 16, 32, 64])
      actions.push({ opcode: 'zext', widths: [w, 1], results: result(w), operands: [...source] });
  }
  for (const opcode of ['copy', 'reinterpret']) {
    if (machine.registry.get(opcode)?.widths.some((w) => w[0] === width)) {
      actions.push({ opcode, widths: [width], results: result(width), operands: [...source] });
    }
  }
  return actions;
}

/** Operands that make candidate `c` move `from` into register `to`, or undefined if it cannot. */
function placeMove(
  machine: LoadedMachine,
  c: Candidate,
  from: Location,
  to: string,
): Record<string, OperandInput> | undefined {
  const where = c.outputs.get(RESULT);
  const operands: Record<string, OperandInput> = {};
  if (where?.kind === 'reg') {
    // A fixed output (a flag): it must be the register asked for.
    if (where.reg.name !== to) return undefined;
  } else if (where?.kind !== 'param') return undefined;
  for (const [name, b] of c.bindings) {
    const p = c.form.params[name]!;
    const accepts = (reg: string) =>
      paramRegisters(p, machine.registers, machine.classes).some((r) => r.name === reg);
    if (where.kind === 'param' && name === where.param) {
      if (!accepts(to)) return undefined;
      if (b.kind === 'value' && (from.kind !== 'reg' || from.name !== to)) return undefined; // tied
      operands[name] = { reg: to };
    } else if (b.kind === 'value') {
      if (from.kind !== 'reg' || !b.satisfied || !accepts(from.name)) return undefined;
      operands[name] = { reg: from.name };
    } else if (b.kind === 'imm') {
      if (p.kind !== 'imm') return undefined; // the constant would itself need a register
      operands[name] = { imm: b.value };
    } else if (b.kind === 'reg') operands[name] = { reg: b.reg };
    else return undefined;
  }
  return operands;
}
