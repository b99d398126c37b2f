/**
 * Translates one WebAssembly function body into Low IR, streaming: it reads
 * the body's instructions once, in order, and writes each one's Low IR
 * sequence (instructions.ts) into the sink as it goes, with a bounded state:
 * the operand stack (stack.ts), the current value of every local, and the
 * stack of control frames.
 *
 * Values never cross a Low IR label except as its parameters, so a label
 * takes everything live at a WebAssembly merge point, in this order: the
 * instance context, every local, the operand stack below the frame, then
 * the branch's values. A label is defined only if something reaches it;
 * after `br`, `return`, `unreachable` and the like, the rest of the block is
 * decoded but not translated (its operand stack is polymorphic).
 *
 * Each local holds one use of its current value: `local.get` clones it,
 * `local.set` drops the old one. Locals never written are the constant 0.
 */
import type { LabelRef, LowIrSink, Operand } from '@lirc/low-ir';
import type { FuncType, ValType, WasmModule } from '../binary/module.js';
import { readValType } from '../binary/module.js';
import { Reader } from '../binary/reader.js';
import { UnsupportedError } from '../errors.js';
import { Emitter, imm, sym } from './emitter.js';
import { Instructions } from './instructions.js';
import type { ContextLayout } from './layout.js';
import { type Entry, ValueStack } from './stack.js';

/** What translating a function needs from its module. */
export interface TranslateEnv {
  readonly module: WasmModule;
  readonly layout: ContextLayout;
  readonly pointerWidth: 32 | 64;
  /** The Low IR name of function `index` (defined functions only). */
  functionName(index: number): string;
  /** The canonical id of type `index` (call_indirect compares it with the table entry's). */
  typeId(index: number): number;
  /**
   * What to do with an instruction not supported yet (none of the 2020 spec's
   * since f64 and i64 ↔ float translate on 32-bit targets too; an unknown
   * 0xfc sub-opcode is one):
   * 'error' throws an UnsupportedError, 'trap' translates it as a trap of
   * kind `unsupported` (the rest of the module still works).
   */
  readonly unsupported: 'error' | 'trap';
}

/** Bytes of stack the stack check keeps free below a function's entry, plus 16 per local. */
const STACK_MARGIN = 16 * 1024;

/** The trap kind of an instruction translated as `unsupported`. */
export const UNSUPPORTED_TRAP = 'unsupported';

/** The width of a WebAssembly value in Low IR. */
export function widthOf(t: ValType): 32 | 64 {
  return t === 'i32' || t === 'f32' ? 32 : 64;
}

/** A control frame. */
interface Frame {
  readonly kind: 'function' | 'block' | 'loop' | 'if';
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Operand stack height below the frame's parameters. */
  readonly height: number;
  /** Widths of the operand stack below the frame (they cross its labels). */
  readonly below: readonly number[];
  /** block/if: the end label; loop: the loop's head; function: the return label. */
  readonly label: LabelRef;
  /** Whether a branch reaches `label` (block, if, function). */
  reached: boolean;
  /** if: the label of the else part (taken when the condition is 0). */
  readonly elseLabel?: LabelRef;
  /** if: whether the else label was reached (the branch to it was emitted). */
  elseReached?: boolean;
  hadElse?: boolean;
}

/** Translates the body of defined function `index` (module-wide index) into `sink`. */
export function translateFunction(env: TranslateEnv, index: number, sink: LowIrSink): void {
  new FunctionTranslator(env, index, sink).run();
}

/** The state of one function's translation; `Instructions` reads and writes it. */
export class FunctionTranslator {
  readonly emit: Emitter;
  readonly stack: ValueStack;
  readonly r: Reader;
  readonly P: 32 | 64;
  readonly type: FuncType;
  /** The instance context (holds one use). */
  ctx!: Operand;
  readonly locals: Operand[] = [];
  readonly localWidths: number[] = [];
  private readonly frames: Frame[] = [];
  /** The rest of the current block is unreachable. */
  dead = false;
  /** Blocks opened inside unreachable code (skipped up to their `end`). */
  private deadDepth = 0;
  private readonly ops: Instructions;

  constructor(
    readonly env: TranslateEnv,
    readonly index: number,
    private readonly sink: LowIrSink,
  ) {
    const m = env.module;
    const body = m.bodies[index - m.importedFunctions]!;
    this.r = new Reader(m.bytes, body.start, body.end, m.file);
    this.emit = new Emitter(sink);
    this.stack = new ValueStack(this.emit);
    this.P = env.pointerWidth;
    this.type = m.types[m.functionTypes[index]!]!;
    this.ops = new Instructions(this);
  }

  run(): void {
    const { emit, type, P } = this;
    const ctx = emit.value(P);
    const params = type.params.map((t) => emit.value(widthOf(t)));
    this.sink.beginFunction({
      name: this.env.functionName(this.index),
      params: [ctx, ...params],
      results: type.results.map((t) => ({ width: widthOf(t) })),
    });
    this.ctx = { kind: 'value', id: ctx.id };
    for (const p of params) {
      this.locals.push({ kind: 'value', id: p.id });
      this.localWidths.push(p.width);
    }
    const groups = this.r.u32();
    for (let g = 0; g < groups; g++) {
      const n = this.r.u32();
      const w = widthOf(readValType(this.r));
      if (this.locals.length + n > 50_000)
        throw new UnsupportedError(
          `more than 50000 locals in function ${this.index}`,
          'locals',
          this.env.module.file,
        );
      for (let k = 0; k < n; k++) {
        this.locals.push(imm(0));
        this.localWidths.push(w);
      }
    }
    this.stackCheck();
    this.frames.push({
      kind: 'function',
      params: [],
      results: type.results.map(widthOf),
      height: 0,
      below: [],
      label: emit.label(),
      reached: false,
    });
    while (this.frames.length > 0) this.step();
    if (!this.r.done) throw this.r.error('code after the end of the function body');
    this.sink.endFunction();
  }

  /** Traps `call_stack_exhausted` when the stack pointer is near the store's limit. */
  private stackCheck(): void {
    const { emit, P } = this;
    const block = emit.def('load', [P], [this.address(this.ctxUse(), this.env.layout.store)], P);
    const limit = emit.def('load', [P], [block], P);
    const sp = emit.def('stack_pointer', [], [], P);
    const need = emit.def('add', [P], [limit, imm(STACK_MARGIN + 16 * this.locals.length)], P);
    const low = emit.def('lt_u', [P], [sp, need], 1);
    emit.effect('trap_if', [], [low, sym('call_stack_exhausted')]);
  }

  /** A use of the context (cloned: the translator keeps its own). */
  ctxUse(): Operand {
    this.emit.clone(this.ctx);
    return this.ctx;
  }

  /** `base + offset` at pointer width (base itself when offset is 0). */
  address(base: Operand, offset: number): Operand {
    if (offset === 0) return base;
    return this.emit.def('add', [this.P], [base, imm(offset)], this.P);
  }

  /** Decodes and translates one instruction. */
  private step(): void {
    const at = this.r.pos;
    const op = this.r.u8();
    if (this.dead) {
      this.skip(op, at);
      return;
    }
    switch (op) {
      case 0x02:
      case 0x03:
        this.enter(op === 0x02 ? 'block' : 'loop');
        return;
      case 0x04:
        this.enterIf();
        return;
      case 0x05:
        this.elseBranch();
        return;
      case 0x0b:
        this.end();
        return;
      case 0x0c:
        this.br(this.r.u32());
        return;
      case 0x0d:
        this.brIf(this.r.u32());
        return;
      case 0x0e:
        this.brTable();
        return;
      case 0x0f:
        this.br(this.frames.length - 1);
        return;
      default:
        this.ops.translate(op, at);
    }
  }

  /** In unreachable code: reads the instruction's immediates; handles nesting, `else` and `end`. */
  private skip(op: number, at: number): void {
    if (op === 0x02 || op === 0x03 || op === 0x04) {
      this.blockType();
      this.deadDepth++;
    } else if (op === 0x0b) {
      if (this.deadDepth > 0) this.deadDepth--;
      else this.end();
    } else if (op === 0x05) {
      if (this.deadDepth === 0) this.elseBranch();
    } else if (op === 0x0c || op === 0x0d) this.r.u32();
    else if (op === 0x0e) {
      const n = this.r.u32();
      for (let k = 0; k <= n; k++) this.r.u32();
    } else this.ops.skipImmediates(op, at);
  }

  /** Marks the rest of the block unreachable (after a trap or an unconditional branch). */
  kill(): void {
    this.dead = true;
    this.deadDepth = 0;
  }

  /** Releases everything the block holds: the stack, the locals and the context. */
  releaseAll(): void {
    for (const e of this.stack.entries) this.stack.release(e);
    this.stack.entries.length = 0;
    for (const l of this.locals) this.emit.drop(l);
    this.emit.drop(this.ctx);
  }

  /** A trap of `kind` that ends the block. */
  trap(kind: string): void {
    this.emit.effect('trap', [], [sym(kind)]);
    this.stack.entries.length = 0;
    this.kill();
  }

  /** An instruction not supported yet (see TranslateEnv.unsupported). */
  unsupported(name: string): void {
    if (this.env.unsupported === 'error')
      throw new UnsupportedError(`${name} is not supported yet`, name, this.env.module.file);
    this.trap(UNSUPPORTED_TRAP);
  }

  /** Reads a block type: [params, results] widths. */
  private blockType(): [number[], number[]] {
    const b = this.r.bytes[this.r.pos]!;
    if (b === 0x40) {
      this.r.pos++;
      return [[], []];
    }
    if (b === 0x7f || b === 0x7e || b === 0x7d || b === 0x7c)
      return [[], [widthOf(readValType(this.r))]];
    const at = this.r.pos;
    const t = this.env.module.types[this.r.s32()];
    if (t === undefined) throw this.r.error('unknown block type', at);
    return [t.params.map(widthOf), t.results.map(widthOf)];
  }

  private frame(
    kind: Frame['kind'],
    params: number[],
    results: number[],
    extra: Partial<Frame> = {},
  ): Frame {
    const height = this.stack.height - params.length;
    const below: number[] = [];
    for (let k = 0; k < height; k++) {
      const e = this.stack.entries[k]!;
      below.push(e.kind === 'op' ? e.width : 32);
    }
    return {
      kind,
      params,
      results,
      height,
      below,
      label: this.emit.label(),
      reached: false,
      ...extra,
    };
  }

  private enter(kind: 'block' | 'loop'): void {
    const [params, results] = this.blockType();
    const f = this.frame(kind, params, results);
    this.frames.push(f);
    if (kind === 'loop') {
      this.jump(f, params.length);
      this.bind(f, params);
    }
  }

  private enterIf(): void {
    const [params, results] = this.blockType();
    const cond = this.stack.take();
    const f = this.frame('if', params, results, {
      elseLabel: this.emit.label(),
      elseReached: false,
    });
    this.frames.push(f);
    if (cond.kind === 'op' && cond.op.kind === 'imm') {
      if (cond.op.value === 0n) {
        f.elseReached = true;
        this.jumpTo(f.elseLabel!, f, params.length);
        this.kill(); // the then part is unreachable
      }
      return;
    }
    const zero = this.stack.test(cond, true);
    f.elseReached = true;
    this.branchTo(zero, f.elseLabel!, f, params.length);
  }

  private elseBranch(): void {
    const f = this.frames[this.frames.length - 1]!;
    if (f.kind !== 'if') throw this.r.error('else without if');
    if (!this.dead) {
      f.reached = true;
      this.jump(f, f.results.length);
    }
    f.hadElse = true;
    if (f.elseReached) this.bindLabel(f.elseLabel!, f, f.params);
    else this.kill();
  }

  private end(): void {
    const f = this.frames[this.frames.length - 1]!;
    if (f.kind === 'function') {
      if (!this.dead && !f.reached) {
        this.ret();
      } else {
        if (!this.dead) {
          f.reached = true;
          this.jump(f, f.results.length);
        }
        const results = this.emit.defineLabel(f.label, f.results);
        this.emit.effect('return', [], results);
      }
      this.frames.pop();
      return;
    }
    if (f.kind === 'if' && !f.hadElse) {
      // No else: the else part passes the parameters on as the results.
      if (!this.dead) {
        f.reached = true;
        this.jump(f, f.results.length);
      }
      if (f.elseReached) {
        this.bindLabel(f.elseLabel!, f, f.params);
        f.reached = true;
        this.jump(f, f.results.length);
      }
    } else if (f.kind !== 'loop' && !this.dead) {
      f.reached = true;
      this.jump(f, f.results.length);
    }
    this.frames.pop();
    if (f.kind === 'loop') return; // the loop's results stay on the stack (or the code stays dead)
    if (f.reached) this.bindLabel(f.label, f, f.results);
    else this.kill();
  }

  /** `return`: the results from the top of the stack. */
  ret(): void {
    const n = this.type.results.length;
    const results: Operand[] = [];
    for (let k = this.stack.height - n; k < this.stack.height; k++)
      results.push(this.stack.materialize(k));
    this.stack.entries.length -= n;
    this.releaseAll();
    this.emit.effect('return', [], results);
    this.kill();
  }

  /** The frame `depth` levels out. */
  target(depth: number): Frame {
    const f = this.frames[this.frames.length - 1 - depth];
    if (f === undefined) throw this.r.error('unknown label');
    return f;
  }

  /** The number of values a branch to `f` takes. */
  private arity(f: Frame): number {
    return f.kind === 'loop' ? f.params.length : f.results.length;
  }

  private br(depth: number): void {
    const f = this.target(depth);
    if (f.kind === 'function') {
      this.ret();
      return;
    }
    if (f.kind !== 'loop') f.reached = true;
    this.jump(f, this.arity(f));
    this.kill();
  }

  private brIf(depth: number): void {
    const f = this.target(depth);
    const cond = this.stack.take();
    if (cond.kind === 'op' && cond.op.kind === 'imm') {
      if (cond.op.value !== 0n) this.br(depth);
      return;
    }
    const c = this.stack.test(cond);
    if (f.kind !== 'loop') f.reached = true;
    this.branchTo(c, f.label, f, this.arity(f));
  }

  private brTable(): void {
    const n = this.r.u32();
    const depths: number[] = [];
    for (let k = 0; k < n; k++) depths.push(this.r.u32());
    const fallback = this.r.u32();
    const index = this.stack.take();
    if (index.kind === 'op' && index.op.kind === 'imm') {
      const k = Number(BigInt.asUintN(32, index.op.value));
      this.br(k < n ? depths[k]! : fallback);
      return;
    }
    const idx = this.stack.operand(index);
    // Runs of equal targets, except the default's (the final jump takes those).
    let k = 0;
    while (k < n) {
      const d = depths[k]!;
      let e = k + 1;
      while (e < n && depths[e] === d) e++;
      if (d !== fallback) {
        this.emit.clone(idx);
        const shifted = k === 0 ? idx : this.emit.def('sub', [32], [idx, imm(k)], 32);
        const c = this.emit.def('lt_u', [32], [shifted, imm(e - k)], 1);
        const f = this.target(d);
        if (f.kind !== 'loop') f.reached = true;
        this.branchTo(c, f.label, f, this.arity(f));
      }
      k = e;
    }
    this.emit.drop(idx);
    this.br(fallback);
  }

  /** The operands a branch to `f` passes (see the module comment), materialising entries. */
  private branchArgs(f: Frame, arity: number): Operand[] {
    const args: Operand[] = [];
    const top = this.stack.height - arity;
    if (f.kind !== 'function') {
      args.push(this.ctx, ...this.locals);
      for (let k = 0; k < f.height; k++) args.push(this.stack.materialize(k));
    }
    for (let k = top; k < this.stack.height; k++) args.push(this.stack.materialize(k));
    return args;
  }

  /** A conditional branch to `label` of `f` when the 1-bit `c` is 1; everything stays live. */
  private branchTo(c: Operand, label: LabelRef, f: Frame, arity: number): void {
    const args = this.branchArgs(f, arity);
    for (const a of args) this.emit.clone(a);
    this.emit.effect('br_if', [], [c, { kind: 'label', label }, ...args]);
  }

  /** An unconditional jump to `f`'s label, giving it everything it takes and releasing the rest. */
  private jump(f: Frame, arity: number): void {
    this.jumpTo(f.label, f, arity);
  }

  private jumpTo(label: LabelRef, f: Frame, arity: number): void {
    const args = this.branchArgs(f, arity);
    const top = this.stack.height - arity;
    for (let k = f.kind === 'function' ? 0 : f.height; k < top; k++)
      this.stack.release(this.stack.entries[k]!);
    if (f.kind === 'function') {
      for (const l of this.locals) this.emit.drop(l);
      this.emit.drop(this.ctx);
    }
    this.stack.entries.length = 0;
    this.emit.effect('jump', [], [{ kind: 'label', label }, ...args]);
  }

  /** Defines `f`'s own label (loop head) with `values` on top. */
  private bind(f: Frame, values: readonly number[]): void {
    this.bindLabel(f.label, f, values);
  }

  /** Defines a label of frame `f` taking the context, the locals, the stack below `f` and `values`. */
  private bindLabel(label: LabelRef, f: Frame, values: readonly number[]): void {
    const widths = [this.P, ...this.localWidths, ...f.below, ...values];
    const params = this.emit.defineLabel(label, widths);
    this.ctx = params[0]!;
    for (let k = 0; k < this.locals.length; k++) this.locals[k] = params[1 + k]!;
    const rest = params.slice(1 + this.locals.length);
    const all = [...f.below, ...values];
    this.stack.entries.length = 0;
    rest.forEach((op, k) => {
      this.stack.put(op, all[k]!);
    });
    this.dead = false;
    this.deadDepth = 0;
  }

  /** Pops `n` entries as operands, in stack order (bottom first). */
  popArgs(n: number): Operand[] {
    const out: Operand[] = [];
    for (let k = this.stack.height - n; k < this.stack.height; k++)
      out.push(this.stack.materialize(k));
    this.stack.entries.length -= n;
    return out;
  }

  /**
   * Pops `n` arguments for an indirect call or a call of a function not
   * compiled yet: immediates become values of their width (such a call does
   * not tell a legalizer the callee's parameter widths, so an immediate
   * there would have none: riscv32's pair stage must know a 64-bit one).
   */
  popIndirectArgs(n: number): Operand[] {
    const widths: number[] = [];
    for (let k = this.stack.height - n; k < this.stack.height; k++) {
      const e = this.stack.entries[k]!;
      widths.push(e.kind === 'op' ? e.width : 32);
    }
    return this.popArgs(n).map((a, k) =>
      a.kind === 'imm' ? this.emit.def('const', [widths[k]!], [a], widths[k]!) : a,
    );
  }

  /** Pushes an entry. */
  pushEntry(e: Entry): void {
    this.stack.entries.push(e);
  }
}
