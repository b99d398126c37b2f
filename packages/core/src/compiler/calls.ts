/**
 * Calls: the callee's calling convention comes from its header and the ABI
 * of the machine definition (conventions.ts). Values still needed after the call that sit only in registers
 * the call may overwrite (caller-saved ones, flags) move first, to a free
 * callee-saved register or a stack slot; the arguments then go to the ABI's
 * argument registers in one parallel move; after the call, every
 * caller-saved register is forgotten and the results are where the ABI puts
 * them. Direct calls, like every instruction naming a function, are
 * recorded (`FunctionContext.emit`) so the module can resolve them.
 *
 * Arguments on the stack are stored at the bottom of the caller's frame
 * before the register arguments move. Results beyond the ABI's result registers come back in a return
 * area (see return-area.ts).
 */
import type { OperandInput } from '@lirc/asmquery';
import type { Action, FunctionHeader, Operand } from '@lirc/low-ir';
import type { Location } from '../state.js';
import { type FunctionContext, operandsFor, reg, type ValueMove } from './context.js';
import { parameterPlacement, resultPlacement } from './conventions.js';
import { SLOT_BYTES } from './frame.js';

/** Looks up the header of a function of the module, if it has been seen. */
export type HeaderLookup = (name: string) => FunctionHeader | undefined;

/** Emits a call or an indirect call. */
export function emitCall(ctx: FunctionContext, a: Action, headers: HeaderLookup): void {
  const direct = a.opcode === 'call';
  const calleeOp = a.operands[0]!;
  const args = a.operands.slice(1);
  const callee = direct && calleeOp.kind === 'func' ? headers(calleeOp.name) : undefined;
  const abi = ctx.machine.def.abi;
  ctx.frame.makesCalls = true;

  // Where each result and argument goes (the callee's CC); with a return
  // area, its address is a hidden first argument.
  const name = callee?.name ?? (calleeOp.kind === 'func' ? calleeOp.name : 'call_indirect');
  const results = resultPlacement(
    ctx,
    name,
    a.results.map((r, k) => ({ width: r.width, loc: callee?.results[k]?.loc })),
  );
  const hidden = results.stackSize > 0 ? [ctx.returnAreaRegister] : [];
  const widthOf = (op: Operand, k: number) =>
    op.kind === 'value' ? ctx.state.widthOf(op.id) : (callee?.params[k]?.width ?? ctx.pointerWidth);
  const params = parameterPlacement(
    ctx,
    name,
    args.map((op, k) => ({ width: widthOf(op, k), loc: callee?.params[k]?.loc })),
    hidden,
    callee?.stackDepth,
  );
  const argRegs = params.places.map((p) => (p.kind === 'reg' ? p.name : undefined));

  // Uses the call consumes, and what it overwrites.
  const consumed = new Map<number, number>();
  for (const op of a.operands)
    if (op.kind === 'value') consumed.set(op.id, (consumed.get(op.id) ?? 0) + 1);
  const calleeSaved = new Set(abi.calleeSaved);
  const resultRegisters = new Set(
    results.places.flatMap((p) => (p.kind === 'reg' ? [p.name] : [])),
  );
  const clobbered = (l: Location) =>
    l.kind === 'reg' &&
    (!calleeSaved.has(l.name) ||
      resultRegisters.has(l.name) ||
      ctx.machine.registers.get(l.name)!.width === 1);

  // 1. Save what is needed after the call and would not survive it: flags
  // first (to a slot through a register, which may itself spill a value),
  // then the others.
  const homes = new Set<string>([
    ...hidden,
    ...argRegs.filter((r): r is string => r !== undefined),
    ...resultRegisters,
  ]);
  const slots = new Set<number>();
  for (const flags of [true, false]) {
    const moves: ValueMove[] = [];
    for (const id of ctx.state.live()) {
      const after = ctx.state.usesLeft(id) - (consumed.get(id) ?? 0);
      if (after <= 0) continue;
      const locations = ctx.state.locationsOf(id);
      if (locations.some((l) => !clobbered(l))) continue;
      const from = ctx.bestSource(id);
      if (ctx.isFlag(from) !== flags) continue;
      const cls = from.kind === 'reg' ? ctx.classOfRegister(from.name) : ctx.firstClass;
      const saved = ctx.pool.registers(cls).filter((r) => calleeSaved.has(r));
      const free = ctx.pool.free(saved, ctx.state, homes);
      if (free !== undefined) homes.add(free);
      const to = free !== undefined ? reg(free) : ctx.frame.slot(slots);
      moves.push({ from, to, width: ctx.state.widthOf(id), value: id });
    }
    ctx.runMoves(moves, homes, 'values still needed after the call leave caller-saved places');
  }

  // 2. The stack arguments, stored through a free register when not in one already.
  args.forEach((op, k) => {
    const place = params.places[k]!;
    if (place.kind !== 'stack') return;
    const width = widthOf(op, k);
    ctx.storeOperand(op, width, homes, `argument ${k + 1}`, (src) =>
      // A 1-bit value is stored as a byte 0 or 1 (the callee takes the low bit).
      ctx.frame.storeOutgoing(place.offset, src, Math.max(width, 8), params.stackSize),
    );
  });

  // 3. The arguments (and an indirect call's target) into place. The target's
  // register comes first: taking one may move a value (an argument) to a slot.
  const inRegisters = [...hidden, ...argRegs.filter((r): r is string => r !== undefined)];
  let target: string | undefined;
  let targetMoves = false;
  if (!direct) {
    if (calleeOp.kind !== 'value') throw ctx.error('call_indirect needs a value as its target');
    const where = ctx.state
      .locationsOf(calleeOp.id)
      .find((l) => l.kind === 'reg' && !inRegisters.includes(l.name) && !ctx.isFlag(l));
    target =
      where?.kind === 'reg' ? where.name : ctx.scratchRegister(new Set([...inRegisters, ...homes]));
    if (target === undefined)
      throw ctx.error('no register left for the target of an indirect call');
    targetMoves = where === undefined;
  }
  const argMoves: ValueMove[] = args.flatMap((op, k) =>
    argRegs[k] === undefined ? [] : [ctx.argumentMove(op, reg(argRegs[k]!), 'a call argument')],
  );
  if (targetMoves) argMoves.push(ctx.argumentMove(calleeOp, reg(target!), 'a call target'));
  ctx.runMoves(
    argMoves.filter(
      (m) => !(m.from.kind === 'reg' && m.to.kind === 'reg' && m.from.name === m.to.name),
    ),
    new Set([...inRegisters, ...(target ? [target] : [])]),
    'call arguments into their registers',
  );

  // The return area (new slots: the spills above must not take them) and its address.
  const area =
    results.stackSize > 0
      ? ctx.frame.area(
          results.stackSize,
          results.places.some((p) => p.kind === 'stack' && p.offset % SLOT_BYTES !== 0),
        )
      : undefined;
  if (area !== undefined) ctx.frame.address(area, hidden[0]!);

  // 4. The call.
  const callAction: Action = direct
    ? { opcode: 'call', widths: [], results: [], operands: [calleeOp] }
    : { opcode: 'call_indirect', widths: [], results: [], operands: [calleeOp] };
  const best = ctx.matcher.query(ctx.query([callAction])).find((c) => {
    if (direct) return true;
    const b = [...c.bindings.values()].find((x) => x.kind === 'value');
    return b?.kind === 'value';
  });
  if (!best) throw ctx.error(`the ${ctx.machine.def.name} definition has no form for ${a.opcode}`);
  const operandTargets = new Map<string, string>();
  if (!direct) {
    for (const [name, b] of best.bindings)
      if (b.kind === 'value') operandTargets.set(name, target!);
  }
  const operands = operandsFor(best, operandTargets) as Record<string, OperandInput>;
  const offset = ctx.emit(best.form, operands);
  ctx.record(offset, best.form.name, [
    direct && calleeOp.kind === 'func' ? `call @${calleeOp.name}` : 'call_indirect',
  ]);

  // 5. After it: arguments consumed, caller-saved registers and flags forgotten, results placed.
  for (const [id, n] of consumed) if (ctx.state.isLive(id)) ctx.state.use(id, n);
  for (const r of [...ctx.machine.registers.values()])
    if (clobbered(reg(r.name))) ctx.state.clobber(reg(r.name));
  for (const w of best.writes) ctx.state.clobber(reg(w.name));
  a.results.forEach((r, k) => {
    const at = results.places[k]!;
    const extra = ctx.extraUses.get(r.id) ?? 0;
    ctx.extraUses.delete(r.id);
    ctx.state.define(r.id, r.width, r.uses + extra, [
      at.kind === 'reg' ? reg(at.name) : { kind: 'stack', offset: area! + at.offset },
    ]);
  });
  ctx.verify(a.opcode);
}
