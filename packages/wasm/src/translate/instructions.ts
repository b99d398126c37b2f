/**
 * The Low IR of each WebAssembly instruction other than control flow
 * (function.ts has blocks and branches): numeric operations from the tables
 * of opcodes.ts, locals, globals, memory (memory.ts), calls. Each
 * instruction's sequence is written once, for every target: what a machine
 * lacks is legalized by LIRC from its machine definition.
 */

import { PREFIX_FC } from '../binary/opcodes.js';
import { use } from './emitter.js';
import { FLOAT, FLOAT_SAT, type FloatOp } from './floats.js';
import { type FunctionTranslator, widthOf } from './function.js';
import { callIndirect, loadGlobalCell, memoryAccess, memoryGrow, memorySize } from './memory.js';
import { BINARY, COMPARE, LOADS, SKIP_IMMEDIATES, STORES, UNARY, UNSUPPORTED } from './opcodes.js';
import { entryWidth, invert } from './stack.js';

/** Translates the non-control instructions of one function. */
export class Instructions {
  constructor(private readonly t: FunctionTranslator) {}

  /** Translates instruction `op` (its opcode byte read at `at`). */
  translate(op: number, at: number): void {
    const { t } = this;
    const { emit, stack } = t;
    const bin = BINARY[op];
    if (bin) {
      const b = stack.popOp();
      const a = stack.popOp();
      const v = bin.emit
        ? bin.emit(emit, a, b)
        : emit.def(bin.opcode, [bin.width], [a, b], bin.width);
      stack.put(v, bin.width);
      return;
    }
    const comparison = COMPARE[op];
    if (comparison) {
      if (comparison.opcode === 'eqz') {
        const e = stack.take();
        if (e.kind === 'compare') {
          stack.putComparison(invert(e.comparison));
          return;
        }
        stack.putComparison({
          opcode: 'eq',
          width: comparison.width,
          a: e.op,
          b: { kind: 'imm', value: 0n },
        });
        return;
      }
      const b = stack.popOp();
      const a = stack.popOp();
      stack.putComparison({ opcode: comparison.opcode, width: comparison.width, a, b });
      return;
    }
    const un = UNARY[op];
    if (un) {
      const a = stack.popOp();
      stack.put(un.emit(emit, a), un.width);
      return;
    }
    const load = LOADS[op];
    if (load) {
      t.r.u32(); // alignment hint
      const offset = t.r.u32();
      const address = memoryAccess(t, stack.popOp(), offset, load.bytes);
      if (address === undefined) return;
      stack.put(emit.def(load.opcode, load.widths, [address], load.widths[0]!), load.widths[0]!);
      return;
    }
    const store = STORES[op];
    if (store) {
      t.r.u32();
      const offset = t.r.u32();
      const value = stack.popOp();
      const address = memoryAccess(t, stack.popOp(), offset, store.bytes, value);
      if (address === undefined) return;
      emit.effect('store', store.widths, [address, value]);
      return;
    }
    if (FLOAT[op] || op === PREFIX_FC) {
      this.float(op === PREFIX_FC ? t.r.u32() : undefined, op);
      return;
    }
    const name = UNSUPPORTED[op];
    if (name !== undefined) {
      SKIP_IMMEDIATES[op]?.(t.r);
      t.unsupported(name);
      return;
    }
    switch (op) {
      case 0x00:
        t.trap('unreachable');
        return;
      case 0x01:
        return;
      case 0x10:
        this.call(t.r.u32());
        return;
      case 0x11: {
        const typeIndex = t.r.u32();
        t.r.u8(); // table 0
        callIndirect(t, typeIndex);
        return;
      }
      case 0x1a:
        stack.release(stack.take());
        return;
      case 0x1b:
        this.select();
        return;
      case 0x20:
        this.localGet(t.r.u32());
        return;
      case 0x21:
        this.localSet(t.r.u32(), false);
        return;
      case 0x22:
        this.localSet(t.r.u32(), true);
        return;
      case 0x23:
        this.globalGet(t.r.u32());
        return;
      case 0x24:
        this.globalSet(t.r.u32());
        return;
      case 0x3f:
        t.r.u8();
        stack.put(memorySize(t), 32);
        return;
      case 0x40:
        t.r.u8();
        stack.put(memoryGrow(t, stack.popOp()), 32);
        return;
      case 0x41:
        stack.put({ kind: 'imm', value: BigInt(t.r.s32()) }, 32);
        return;
      case 0x42:
        stack.put({ kind: 'imm', value: t.r.s64() }, 64);
        return;
      case 0x43:
        stack.put({ kind: 'imm', value: BigInt(t.r.fixed32()) }, 32);
        return;
      case 0x44:
        stack.put({ kind: 'imm', value: t.r.fixed64() }, 64);
        return;
      case 0xbc:
      case 0xbd:
      case 0xbe:
      case 0xbf:
        return; // reinterpretations: the same bits
      default:
        throw t.r.error(`unknown or unsupported instruction 0x${op.toString(16)}`, at);
    }
  }

  /** Reads the immediates of instruction `op` in unreachable code. */
  skipImmediates(op: number, at: number): void {
    const { r } = this.t;
    const skip = SKIP_IMMEDIATES[op];
    if (skip) {
      skip(r);
      return;
    }
    if (
      BINARY[op] ||
      COMPARE[op] ||
      UNARY[op] ||
      FLOAT[op] ||
      UNSUPPORTED[op] !== undefined ||
      op === 0x00 ||
      op === 0x01 ||
      op === 0x0f ||
      op === 0x1a ||
      op === 0x1b ||
      (op >= 0xbc && op <= 0xbf)
    )
      return;
    if (LOADS[op] || STORES[op]) {
      r.u32();
      r.u32();
      return;
    }
    switch (op) {
      case 0x10:
      case 0x20:
      case 0x21:
      case 0x22:
      case 0x23:
      case 0x24:
        r.u32();
        return;
      case 0x11:
        r.u32();
        r.u8();
        return;
      case 0x3f:
      case 0x40:
        r.u8();
        return;
      case 0x41:
        r.s32();
        return;
      case 0x42:
        r.s64();
        return;
      case 0x43:
        r.fixed32();
        return;
      case 0x44:
        r.fixed64();
        return;
      default:
        throw r.error(`unknown or unsupported instruction 0x${op.toString(16)}`, at);
    }
  }

  /**
   * A float instruction (`sub`: the sub-opcode after 0xfc). A target with
   * 32-bit pointers splits 64-bit values in two (LIRC's pair stage, which
   * keeps 64-bit floats whole between float actions and converts between
   * 64-bit integers and floats itself): `wide` false tells the sequences.
   */
  private float(sub: number | undefined, op: number): void {
    const { t } = this;
    const f: FloatOp | undefined = sub === undefined ? FLOAT[op] : FLOAT_SAT[sub];
    const wide = t.env.pointerWidth === 64;
    if (f === undefined) {
      t.unsupported(`0xfc ${sub}`);
      return;
    }
    const args = f.arity === 2 ? [t.stack.popOp(), t.stack.popOp()].reverse() : [t.stack.popOp()];
    t.stack.put(f.emit(t.emit, args, wide), f.width);
  }

  private call(index: number): void {
    const { t } = this;
    const m = t.env.module;
    const type = m.types[m.functionTypes[index]!]!;
    const imported = index < m.importedFunctions;
    // A callee not compiled yet (a later function) has no header a legalizer
    // could read its parameter widths from: pass immediates as values.
    const unseen = imported || index > t.index;
    const args = unseen ? t.popIndirectArgs(type.params.length) : t.popArgs(type.params.length);
    const results = type.results.map((r) => t.emit.value(widthOf(r)));
    if (imported) {
      const code = t.emit.def(
        'load',
        [t.P],
        [t.address(t.ctxUse(), t.env.layout.importCode(index))],
        t.P,
      );
      const context = t.emit.def(
        'load',
        [t.P],
        [t.address(t.ctxUse(), t.env.layout.importContext(index))],
        t.P,
      );
      t.emit.multi('call_indirect', [], [code, context, ...args], results);
    } else {
      t.emit.multi(
        'call',
        [],
        [{ kind: 'func', name: t.env.functionName(index) }, t.ctxUse(), ...args],
        results,
      );
    }
    for (const r of results) t.stack.put(use(r.id), r.width);
  }

  private select(): void {
    const { stack, emit } = this.t;
    const cond = stack.take();
    const be = stack.take();
    const ae = stack.take();
    const width = entryWidth(ae);
    const a = stack.operand(ae);
    const b = stack.operand(be);
    if (cond.kind === 'op' && cond.op.kind === 'imm') {
      const keep = cond.op.value !== 0n ? a : b;
      emit.drop(cond.op.value !== 0n ? b : a);
      stack.put(keep, width);
      return;
    }
    const c = stack.test(cond);
    stack.put(emit.def('select', [width], [c, a, b], width), width);
  }

  private localGet(k: number): void {
    const { t } = this;
    const v = t.locals[k]!;
    t.emit.clone(v);
    t.stack.put(v, t.localWidths[k]!);
  }

  private localSet(k: number, tee: boolean): void {
    const { t } = this;
    const v = t.stack.popOp();
    t.emit.drop(t.locals[k]!);
    t.locals[k] = v;
    if (tee) {
      t.emit.clone(v);
      t.stack.put(v, t.localWidths[k]!);
    }
  }

  private globalGet(index: number): void {
    const { t } = this;
    const w = widthOf(t.env.module.globalTypes[index]!.type);
    const cell = loadGlobalCell(t, index);
    t.stack.put(t.emit.def('load', [w], [cell], w), w);
  }

  private globalSet(index: number): void {
    const { t } = this;
    const w = widthOf(t.env.module.globalTypes[index]!.type);
    const v = t.stack.popOp();
    const cell = loadGlobalCell(t, index);
    t.emit.effect('store', [w], [cell, v]);
  }
}
