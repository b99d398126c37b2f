/**
 * One step of code generation, once AsmQuery has chosen a form for a prefix
 * of the buffered actions: a register for each parameter (kept where it is
 * if it already fits, else a free one), one parallel move that puts inputs
 * in place and saves values the instruction or the moves would overwrite,
 * the instruction itself, and the allocation state after it.
 */
import { type Candidate, paramRegisters } from '@lirc/asmquery';
import { type Action, formatAction } from '@lirc/low-ir';
import type { Location } from '../state.js';
import { type FunctionContext, operandsFor, reg, type ValueMove } from './context.js';
import type { ControlFlow } from './control.js';
import { CompileError } from './errors.js';

/** Fixed-operand uses each value has in the covered actions. */
function consumedBy(ctx: FunctionContext, actions: readonly Action[]): Map<number, number> {
  const consumed = new Map<number, number>();
  for (const a of actions) {
    // A branch's label arguments are passed (control.ts), not consumed here; a
    // variadic action that is no control flow (syscall) consumes every operand.
    const spec = ctx.machine.registry.get(a.opcode)!;
    const fixed =
      spec.effects.control === 'none'
        ? a.operands.length
        : spec.signature(a.widths, ctx.machine.def.pointerWidth).operands.length;
    for (const op of a.operands.slice(0, fixed)) {
      if (op.kind === 'value') consumed.set(op.id, (consumed.get(op.id) ?? 0) + 1);
    }
  }
  return consumed;
}

/**
 * Applies candidate `c` to the actions it covers: registers for its
 * parameters, one parallel move that puts inputs in place and moves out of
 * the way what it would overwrite, the instruction, and the state after it.
 */
export function applyCandidate(
  ctx: FunctionContext,
  control: ControlFlow,
  c: Candidate,
  covered: readonly Action[],
): void {
  const form = c.form;
  const consumed = consumedBy(ctx, covered);
  const neededAfter = (id: number) => ctx.state.usesLeft(id) - (consumed.get(id) ?? 0) > 0;

  // 1. A register for every register parameter.
  const target = new Map<string, string>();
  const claimed = new Set<string>();
  const written = new Set(c.writes.map((r) => r.name));
  for (const where of form.outputs.values()) if (where.kind === 'reg') written.add(where.reg.name);
  for (const [name, p] of Object.entries(form.params)) {
    if (p.kind !== 'fixed') continue;
    target.set(name, p.reg);
    claimed.add(p.reg);
  }
  for (const [name, p] of Object.entries(form.params)) {
    const b = c.bindings.get(name)!;
    if (p.kind !== 'reg') continue;
    if (b.kind === 'reg') target.set(name, b.reg);
    else if (
      b.kind === 'value' &&
      b.reg !== undefined &&
      !claimed.has(b.reg) &&
      !written.has(b.reg)
    ) {
      target.set(name, b.reg);
      claimed.add(b.reg);
    }
  }
  // A single instruction reads its inputs before it writes its outputs, so an
  // output-only register may be one whose value dies here (even an input's).
  const single = form.encodings.length === 1;
  const outputOnly = new Set<string>();
  for (const [name, p] of Object.entries(form.params)) {
    if (p.kind !== 'reg' || target.has(name)) continue;
    const allowed = paramRegisters(p, ctx.machine.registers, ctx.machine.classes).map(
      (r) => r.name,
    );
    const pool = ctx.pool.registers(p.class).filter((r) => allowed.includes(r));
    const isOutput = c.bindings.get(name)?.kind === 'free';
    const avoid = new Set([...(isOutput && single ? outputOnly : claimed), ...written]);
    const dying = (x: string) => {
      const occ = ctx.state.occupant(reg(x));
      return occ !== undefined && !neededAfter(occ);
    };
    const r =
      ctx.pool.free(pool, ctx.state, avoid) ??
      (isOutput && single ? pool.find((x) => !avoid.has(x) && dying(x)) : undefined) ??
      ctx.pool.victim(pool, avoid);
    if (r === undefined)
      throw new CompileError(
        `@${ctx.header.name}: no register of class ${p.class} left for ${form.name}`,
      );
    target.set(name, r);
    if (isOutput) outputOnly.add(r);
    else claimed.add(r);
  }
  for (const where of form.outputs.values())
    if (where.kind === 'param') written.add(target.get(where.param)!);

  // 2. One parallel move: inputs into their registers, and values the
  // instruction (or the moves) would overwrite out of the way.
  const moves: ValueMove[] = [];
  for (const [name, b] of c.bindings) {
    const to = target.get(name);
    if (to === undefined) continue;
    if (
      b.kind === 'value' &&
      !ctx.state.locationsOf(b.id).some((l) => l.kind === 'reg' && l.name === to)
    ) {
      moves.push({
        from: ctx.bestSource(b.id),
        to: reg(to),
        width: ctx.state.widthOf(b.id),
        value: b.id,
      });
    }
    const p = form.params[name]!;
    if (b.kind === 'imm' && (p.kind === 'reg' || p.kind === 'fixed')) {
      moves.push({
        from: { kind: 'const', value: b.value },
        to: reg(to),
        width: p.width,
        value: -1,
      });
    }
  }
  // Why each value moves (for the explain recorder only).
  const reasons = ctx.explain ? new Map<number, string>() : undefined;
  if (reasons)
    for (const m of moves)
      if (m.value >= 0)
        reasons.set(
          m.value,
          `an input of ${form.name}, into ${m.to.kind === 'reg' ? m.to.name : 'place'}`,
        );
  saveGroupBeforeGroupMoves(ctx, moves, neededAfter, new Set([...claimed, ...written]));
  const overwritten = new Set([...moves.map((m) => (m.to as { name: string }).name), ...written]);
  const homes = new Set<string>();
  const slots = new Set<number>();
  for (const r of overwritten) {
    const occ = ctx.state.occupant(reg(r));
    if (occ === undefined || !neededAfter(occ)) continue;
    const survives =
      ctx.state.locationsOf(occ).some((l) => !(l.kind === 'reg' && overwritten.has(l.name))) ||
      moves.some((m) => m.value === occ && !written.has((m.to as { name: string }).name));
    if (survives) continue;
    const cls = ctx.classOfRegister(r);
    const avoid = new Set([...claimed, ...overwritten, ...homes]);
    const free = ctx.pool.free(ctx.pool.registers(cls), ctx.state, avoid);
    if (free !== undefined) homes.add(free);
    // No register left: the value goes to a stack slot (a flag through a register: runMoves).
    const home = free !== undefined ? reg(free) : ctx.frame.slot(slots);
    moves.push({ from: reg(r), to: home, width: ctx.state.widthOf(occ), value: occ });
    reasons?.set(
      occ,
      `${form.name} (or a move for it) overwrites ${r} while ${ctx.nameOf(occ)} is still needed` +
        (free === undefined ? ': no register free, spilled to the stack' : ''),
    );
  }
  ctx.moveReasons = reasons;
  ctx.runMoves(moves, new Set([...claimed, ...overwritten, ...homes]), 'inputs into place');
  ctx.moveReasons = undefined;

  // A conditional branch passes its arguments in its label's registers.
  const redirect = new Map<number, number>();
  const branch = covered.find((a) => a.opcode === 'br_if');
  if (branch) {
    const label = branch.operands[1];
    if (label?.kind === 'label' && label.label.id >= 0) {
      const to = control.conform(
        label.label.id,
        branch.operands.slice(2),
        new Set([...claimed, ...written]),
        false,
      );
      if (to !== label.label.id) redirect.set(label.label.id, to);
    }
  }

  // The address of a landing is that of its stub, which sets the frame up again.
  const landing = covered.find((a) => a.opcode === 'label_addr')?.operands[0];
  if (landing?.kind === 'label')
    redirect.set(landing.label.id, control.landingStub(landing.label.id));

  // 3. The instruction.
  if (ctx.explain) ctx.emitNote = { covers: covered };
  const offset = ctx.emit(form, operandsFor(c, target, redirect));
  ctx.emitNote = undefined;
  const trap = covered.find((a) => a.opcode === 'trap' || a.opcode === 'trap_if');
  if (trap) {
    const kind = trap.operands.find((o) => o.kind === 'sym');
    ctx.trapSites.push({
      offset,
      size: ctx.code.position - offset,
      kind: kind?.kind === 'sym' ? kind.name : 'unknown',
    });
  }
  ctx.instructions.push({
    offset,
    form: form.name,
    actions: covered.map((a) => formatAction(a, ctx.nameOf)),
  });

  // 4. The state after it.
  for (const r of written) ctx.state.clobber(reg(r));
  for (const [id, n] of consumed) if (ctx.state.isLive(id)) ctx.state.use(id, n);
  for (const a of covered) {
    const r = a.results[0];
    if (!r) continue;
    const extra = ctx.extraUses.get(r.id) ?? 0;
    ctx.extraUses.delete(r.id);
    const uses = r.uses + extra - (consumed.get(r.id) ?? 0);
    const where = c.outputs.get(r.id);
    const loc =
      where?.kind === 'param'
        ? reg(target.get(where.param)!)
        : where?.kind === 'reg'
          ? reg(where.reg.name)
          : undefined;
    ctx.state.define(r.id, r.width, uses, loc ? [loc] : []);
  }
  if (branch) control.consumeArguments(branch.operands.slice(2));
  for (const r of claimed) ctx.pool.touch(r);
  ctx.verify(form.name);
  if (covered.some((a) => a.opcode === 'trap')) control.endBlock();
}

/**
 * A move into a register of a group (x86: a compare or test writing one
 * condition view of the flags) overwrites every member of the group, so the
 * values other members hold that are still needed go to registers first, in
 * moves of their own that read them before anything writes the group; their
 * locations in the group are then forgotten, which frees it for the move.
 */
function saveGroupBeforeGroupMoves(
  ctx: FunctionContext,
  moves: readonly ValueMove[],
  neededAfter: (id: number) => boolean,
  busy: ReadonlySet<string>,
): void {
  const groupOf = (l: Location) =>
    l.kind === 'reg' ? ctx.machine.registers.get(l.name)?.group : undefined;
  const written = new Set(
    moves.flatMap((m) => {
      const g = groupOf(m.to);
      return g !== undefined && groupOf(m.from) !== g ? [g] : [];
    }),
  );
  if (written.size === 0) return;
  const members = [...ctx.machine.registers.values()].filter(
    (r) => r.group !== undefined && written.has(r.group),
  );
  const outside = (id: number, group: string) =>
    ctx.state.locationsOf(id).some((l) => groupOf(l) !== group);
  const inputs = new Set(moves.map((m) => m.value));
  const saves: ValueMove[] = [];
  const homes = new Set<string>();
  const slots = new Set<number>();
  for (const r of members) {
    const occ = ctx.state.occupant(reg(r.name));
    if (occ === undefined || !ctx.state.isLive(occ)) continue;
    if (!neededAfter(occ) && !inputs.has(occ)) continue;
    if (outside(occ, r.group!)) continue;
    // A free register, else a stack slot (runMoves takes the flag there through a register).
    const free = ctx.pool.free(
      ctx.pool.registers(ctx.firstClass),
      ctx.state,
      new Set([...busy, ...homes]),
    );
    if (free !== undefined) homes.add(free);
    const home = free !== undefined ? reg(free) : ctx.frame.slot(slots);
    saves.push({ from: reg(r.name), to: home, width: ctx.state.widthOf(occ), value: occ });
  }
  ctx.runMoves(
    saves,
    new Set([...busy, ...homes]),
    'a move into one register of a group overwrites the others: their values go first',
  );
  for (const r of members) {
    const occ = ctx.state.occupant(reg(r.name));
    if (occ !== undefined && outside(occ, r.group!)) ctx.state.clobber(reg(r.name));
  }
}
