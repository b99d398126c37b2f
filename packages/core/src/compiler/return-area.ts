/**
 * The return area: results beyond the ABI's result registers go to memory
 * the caller provides. The caller reserves adjacent slots in its frame and
 * passes their address as a hidden first argument; the callee keeps that
 * address in a slot of its own (see FunctionCompiler) and, at each return,
 * stores result j (counting only the results in the area) at address + 8j.
 * After the call, those results are values that live in the caller's slots.
 */
import type { Action } from '@lirc/low-ir';
import { type FunctionContext, reg } from './context.js';
import { SLOT_BYTES } from './frame.js';

/** Bytes per result in the area: the caller's area is adjacent slots. */
const AREA_STRIDE = SLOT_BYTES;

/** Callee side: stores the operands of `ret` that go to the return area. */
export function storeReturnArea(ctx: FunctionContext, ret: Action): void {
  const results = ctx.header.results;
  const places = ctx.resultPlaces(results);
  if (places.area === 0) return;
  const address = ctx.pool.free(ctx.pool.registers(ctx.firstClass), ctx.state, new Set());
  if (address === undefined) throw ctx.error('no register free for the return area address');
  ctx.move(ctx.returnAreaSlot!, reg(address), ctx.pointerWidth);
  let j = 0;
  ret.operands.forEach((op, k) => {
    if (places.registers[k] !== undefined) return;
    const width = results[k]!.width;
    const offset = AREA_STRIDE * j++;
    ctx.storeOperand(op, width, new Set([address]), `result ${k + 1}`, (src) =>
      ctx.frame.storeAt(address, offset, src, width),
    );
  });
}
