/**
 * The return area: results beyond the ABI's result registers (and those
 * declared at a stack offset) go to memory the caller provides. The caller
 * reserves adjacent slots in its frame and passes their address as a hidden
 * first argument; the callee keeps that address in a slot of its own (see
 * FunctionCompiler) and, at each return, stores each such result at its
 * offset in the area (conventions.ts: generic ones 8 bytes apart). After the
 * call, those results are values that live in the caller's slots.
 */
import type { Action } from '@lirc/low-ir';
import { type FunctionContext, reg } from './context.js';

/** Callee side: stores the operands of `ret` that go to the return area. */
export function storeReturnArea(ctx: FunctionContext, ret: Action): void {
  const results = ctx.header.results;
  const { places, stackSize } = ctx.resultPlacement;
  if (stackSize === 0) return;
  const address = ctx.pool.free(ctx.pool.registers(ctx.firstClass), ctx.state, new Set());
  if (address === undefined) throw ctx.error('no register free for the return area address');
  ctx.move(ctx.returnAreaSlot!, reg(address), ctx.pointerWidth);
  ret.operands.forEach((op, k) => {
    const place = places[k]!;
    if (place.kind !== 'stack') return;
    const width = results[k]!.width;
    // A 1-bit result (0 or 1 in its register) is stored as 32 bits: the caller
    // copies it out of the area as a 32-bit value (moves.ts), and no store is 1 bit wide.
    ctx.storeOperand(op, width, new Set([address]), `result ${k + 1}`, (src) =>
      ctx.frame.storeAt(address, place.offset, src, width === 1 ? 32 : width),
    );
  });
}
