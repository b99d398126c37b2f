/**
 * The return area: results beyond the ABI's result registers go to memory
 * the caller provides. The caller reserves adjacent slots in its frame and
 * passes their address as a hidden first argument; the callee keeps that
 * address in a slot of its own (see FunctionCompiler) and, at each return,
 * stores result j (counting only the results in the area) at address + 8j.
 * After the call, those results are values that live in the caller's slots.
 */
import type { Action, Operand } from '@lirc/low-ir';
import type { Location } from '../state.js';
import { type FunctionContext, reg } from './context.js';

/** Bytes per result in the area (a slot). */
export const AREA_STRIDE = 8;

/** Callee side: stores the operands of `ret` that go to the return area. */
export function storeReturnArea(ctx: FunctionContext, ret: Action): void {
  const results = ctx.header.results;
  const places = ctx.resultPlaces(results);
  if (places.area === 0) return;
  const slot = ctx.returnAreaSlot!;
  const free = (busy: Set<string>) => {
    const r = ctx.pool.free(ctx.pool.registers(ctx.firstClass), ctx.state, busy);
    if (r === undefined) throw ctx.error('no register free to store a result in the return area');
    return r;
  };
  const move = (from: Location, to: string, width: number) => ctx.move(from, reg(to), width);
  const address = free(new Set());
  move(slot, address, ctx.pointerWidth);
  let j = 0;
  ret.operands.forEach((op: Operand, k) => {
    if (places.registers[k] !== undefined) return;
    const width = results[k]!.width;
    let from: Location;
    if (op.kind === 'imm') from = { kind: 'const', value: op.value };
    else if (op.kind === 'value') from = ctx.bestSource(op.id);
    else throw ctx.error('a result must be a value or an immediate');
    let src = from.kind === 'reg' ? from.name : undefined;
    if (src === undefined) {
      src = free(new Set([address]));
      move(from, src, width);
    }
    const before = ctx.instructions.length;
    ctx.frame.storeAt(address, AREA_STRIDE * j++, src, width);
    for (let i = before; i < ctx.instructions.length; i++)
      ctx.instructions[i] = { ...ctx.instructions[i]!, actions: [`result ${k + 1}`] };
  });
}
