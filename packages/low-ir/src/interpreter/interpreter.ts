/**
 * The reference interpreter: runs Low IR functions exactly as the registry
 * defines them. It is the oracle that compiled code is compared against.
 *
 * Functions are first prepared into flat instruction arrays (value ids become
 * register slots, labels become instruction indices, evaluators are bound to
 * their widths), then run by a loop with an explicit frame stack, so deep
 * recursion in the program does not recurse in JavaScript. Traps, including
 * running out of call depth or steps, come back as results, never as
 * exceptions.
 */

import { TrapKinds } from '../actions/define.js';
import { STANDARD_REGISTRY } from '../actions/standard.js';
import { wrap } from '../bits.js';
import type { Action, FunctionDef, Module, Operand } from '../ir.js';
import type { ActionRegistry, EvalContext, Evaluator } from '../registry.js';
import { TrapSignal } from '../registry.js';
import { formatAction } from '../text/printer.js';
import { assertValid } from '../verifier.js';
import { LinearMemory } from './memory.js';

/** A host function bound to an extern: takes and returns bit patterns. */
export type HostFunction = (args: readonly bigint[]) => readonly bigint[];

/** Options of the interpreter. */
export interface InterpreterOptions {
  readonly registry?: ActionRegistry;
  /** Memory size in bytes when the module declares none (default 0). */
  readonly memorySize?: number;
  /** Functions for the module's externs, by name. */
  readonly hosts?: Readonly<Record<string, HostFunction>>;
  /** Steps before giving up with trap `step_limit` (default 100 million). */
  readonly maxSteps?: number;
  /** Call depth before trap `stack_overflow` (default 10 000). */
  readonly maxCallDepth?: number;
  /** Verify the module first (default true); the interpreter assumes valid input. */
  readonly verify?: boolean;
}

/** What a call produced. */
export type RunResult =
  | { readonly kind: 'return'; readonly values: readonly bigint[]; readonly steps: number }
  | {
      readonly kind: 'trap';
      readonly trap: string;
      /** Where it trapped: function, action index and text. */
      readonly function: string;
      readonly actionIndex: number;
      readonly action: string;
      readonly steps: number;
    };

/** A misuse of the interpreter (unknown function, wrong argument count, missing host). */
export class InterpreterError extends Error {
  override name = 'InterpreterError';
}

const EVAL = 0;
const JUMP = 1;
const BR_IF = 2;
const CALL = 3;
const CALL_INDIRECT = 4;
const RETURN = 5;
const TRAP = 6;
const CONST = 7;
const NOP = 8;

/** An argument: a register slot (number) or a constant (bigint). */
type Arg = number | bigint;

interface Instr {
  readonly op: number;
  args: readonly Arg[];
  /** Reused argument buffer for the evaluator. */
  readonly scratch: bigint[];
  readonly evaluate?: Evaluator;
  /** Result slot of EVAL / CONST, or -1. */
  readonly dst: number;
  readonly constant?: bigint;
  /** JUMP / BR_IF: target index and its parameter slots. */
  target: number;
  targetParams: readonly number[];
  readonly labelId?: number;
  /** CALL: callee index (functions, then externs). */
  readonly callee?: number;
  readonly resultSlots?: readonly number[];
  readonly resultWidths?: readonly number[];
  readonly trap?: string;
  /** Index of the action in its function (for trap reports). */
  readonly actionIndex: number;
  readonly action: Action;
}

interface Prepared {
  readonly name: string;
  readonly code: readonly Instr[];
  readonly slots: number;
  readonly paramSlots: readonly number[];
  readonly paramWidths: readonly number[];
  readonly resultWidths: readonly number[];
  readonly def: FunctionDef;
}

interface Frame {
  readonly fn: Prepared;
  readonly regs: bigint[];
  pc: number;
  /** Where the caller wants the results. */
  readonly returnTo?: readonly number[];
}

/** What stack_pointer reads in the interpreter (a fixed, aligned address above any memory). */
const INTERPRETER_STACK_POINTER = 0x7fff_f000n;

/** First address given to functions by func_addr; each function is 16 bytes apart. */
const FUNCTION_ADDRESS_BASE = 0x1000n;

/** Runs the functions of one module. Memory persists across calls. */
export class Interpreter {
  readonly memory: LinearMemory;
  private readonly functions: Prepared[] = [];
  private readonly externNames: string[] = [];
  private readonly byName = new Map<string, number>();
  private readonly registry: ActionRegistry;
  private readonly hosts: Readonly<Record<string, HostFunction>>;
  private readonly maxSteps: number;
  private readonly maxDepth: number;
  private readonly ctx: EvalContext;
  private readonly externWidths: { params: readonly number[]; results: readonly number[] }[] = [];

  constructor(
    readonly module: Module,
    options: InterpreterOptions = {},
  ) {
    this.registry = options.registry ?? STANDARD_REGISTRY;
    if (options.verify !== false) assertValid(module, { registry: this.registry });
    this.hosts = options.hosts ?? {};
    this.maxSteps = options.maxSteps ?? 100_000_000;
    this.maxDepth = options.maxCallDepth ?? 10_000;
    this.memory = new LinearMemory(module.header.memorySize ?? options.memorySize ?? 0);
    for (const seg of module.header.data) this.memory.bytes.set(seg.bytes, seg.offset);
    this.ctx = { memory: this.memory };
    module.functions.forEach((f, i) => {
      this.byName.set(f.name, i);
    });
    module.header.externs.forEach((e, i) => {
      this.byName.set(e.name, module.functions.length + i);
      this.externNames.push(e.name);
      this.externWidths.push({ params: e.params, results: e.results });
    });
    for (const f of module.functions) this.functions.push(this.prepare(f));
  }

  /** The address func_addr gives a function (or extern) of the module. */
  addressOf(name: string): bigint {
    const index = this.byName.get(name);
    if (index === undefined) throw new InterpreterError(`no function @${name} in the module`);
    return FUNCTION_ADDRESS_BASE + BigInt(index) * 16n;
  }

  /** Calls function `name` with `args` (masked to the parameter widths). */
  call(name: string, args: readonly (bigint | number)[]): RunResult {
    const index = this.byName.get(name);
    const fn = index === undefined ? undefined : this.functions[index];
    if (fn === undefined) throw new InterpreterError(`no function @${name} in the module`);
    if (args.length !== fn.paramSlots.length) {
      throw new InterpreterError(
        `@${name} takes ${fn.paramSlots.length} argument(s), got ${args.length}`,
      );
    }
    return this.run(
      fn,
      args.map((a, k) => wrap(BigInt(a), fn.paramWidths[k]!)),
    );
  }

  // ---- preparation ---------------------------------------------------------------

  private prepare(def: FunctionDef): Prepared {
    let slots = 0;
    const slotOf = new Map<number, number>();
    const slot = (id: number): number => {
      let s = slotOf.get(id);
      if (s === undefined) {
        s = slots++;
        slotOf.set(id, s);
      }
      return s;
    };
    const paramSlots = def.params.map((p) => slot(p.id));
    const code: Instr[] = [];
    const labelIndex = new Map<number, { index: number; params: number[]; widths: number[] }>();
    const resultWidths = def.results.map((r) => r.width);
    let actionIndex = 0;
    for (const item of def.body) {
      if (item.kind === 'label') {
        const params = item.label.params;
        labelIndex.set(item.label.label.id, {
          index: code.length,
          params: params.map((p) => slot(p.id)),
          widths: params.map((p) => p.width),
        });
        continue;
      }
      code.push(this.prepareAction(item.action, actionIndex++, slot, resultWidths));
    }
    // Resolve labels; immediate jump arguments take the width of their parameter.
    for (const ins of code) {
      if (ins.labelId === undefined) continue;
      const target = labelIndex.get(ins.labelId)!;
      const first = ins.op === BR_IF ? 1 : 0;
      ins.target = target.index;
      ins.targetParams = target.params;
      ins.args = ins.args.map((a, k) =>
        k >= first && typeof a === 'bigint' ? wrap(a, target.widths[k - first]!) : a,
      );
    }
    return {
      name: def.name,
      code,
      slots,
      paramSlots,
      paramWidths: def.params.map((p) => p.width),
      resultWidths: def.results.map((r) => r.width),
      def,
    };
  }

  private prepareAction(
    action: Action,
    actionIndex: number,
    slot: (id: number) => number,
    resultWidths: readonly number[],
  ): Instr {
    const spec = this.registry.get(action.opcode)!;
    const sig = spec.signature(action.widths, this.module.header.pointerWidth);
    const toArg = (op: Operand, width: number | undefined): Arg => {
      if (op.kind === 'value') return slot(op.id);
      if (op.kind === 'imm') return width === undefined ? op.value : wrap(op.value, width);
      return 0n;
    };
    const ruleWidth = (k: number): number | undefined => {
      const rule = sig.operands[k];
      if (rule?.kind === 'value' && rule.width !== 'any') return rule.width;
      if (rule?.kind === 'imm') return rule.width;
      return undefined;
    };
    const base = {
      scratch: [] as bigint[],
      dst: action.results[0] ? slot(action.results[0].id) : -1,
      target: -1,
      targetParams: [] as number[],
      actionIndex,
      action,
    };
    const ops = action.operands;
    const fixed = sig.operands.length;
    const variadicArgs = (widths: readonly (number | undefined)[]): Arg[] =>
      ops.slice(fixed).map((op, k) => toArg(op, widths[k]));
    switch (action.opcode) {
      case 'jump':
      case 'br_if': {
        const labelOp = ops[action.opcode === 'jump' ? 0 : 1]!;
        const labelId = labelOp.kind === 'label' ? labelOp.label.id : -1;
        const cond = action.opcode === 'br_if' ? [toArg(ops[0]!, 1)] : [];
        // Immediate arguments are wrapped when the label's parameter widths are known (below).
        return {
          ...base,
          op: action.opcode === 'jump' ? JUMP : BR_IF,
          args: [...cond, ...variadicArgs([])],
          labelId,
        };
      }
      case 'call': {
        const callee = ops[0]!.kind === 'func' ? this.byName.get(ops[0]!.name)! : -1;
        const widths = this.paramWidthsOf(callee);
        return {
          ...base,
          op: CALL,
          args: variadicArgs(widths),
          callee,
          resultSlots: action.results.map((r) => slot(r.id)),
        };
      }
      case 'call_indirect':
        return {
          ...base,
          op: CALL_INDIRECT,
          args: [toArg(ops[0]!, this.module.header.pointerWidth), ...variadicArgs([])],
          resultSlots: action.results.map((r) => slot(r.id)),
          resultWidths: action.results.map((r) => r.width),
        };
      case 'return':
        return { ...base, op: RETURN, args: variadicArgs(resultWidths) };
      case 'trap':
        return {
          ...base,
          op: TRAP,
          args: [],
          trap: ops[0]?.kind === 'sym' ? ops[0].name : 'unknown',
        };
      case 'func_addr': {
        const name = ops[0]?.kind === 'func' ? ops[0].name : '';
        return { ...base, op: CONST, args: [], constant: this.addressOf(name) };
      }
      // The interpreter has no machine stack and never resumes at a landing:
      // stack_pointer reads one fixed address and label_addr gives 0.
      case 'stack_pointer':
        return { ...base, op: CONST, args: [], constant: INTERPRETER_STACK_POINTER };
      case 'label_addr':
        return { ...base, op: CONST, args: [], constant: 0n };
      case 'syscall':
        return {
          ...base,
          op: EVAL,
          args: [],
          evaluate: () => {
            throw new InterpreterError(
              'syscall cannot be interpreted (it calls the operating system)',
            );
          },
        };
      case 'clone':
      case 'drop':
        return { ...base, op: NOP, args: [] };
      default: {
        if (action.opcode === 'trap_if') {
          const kind = ops[1]?.kind === 'sym' ? ops[1].name : 'unknown';
          return {
            ...base,
            op: EVAL,
            args: [toArg(ops[0]!, 1)],
            evaluate: (a) => {
              if (a[0] === 1n) throw new TrapSignal(kind);
              return undefined;
            },
          };
        }
        if (spec.evaluate === undefined) {
          throw new InterpreterError(
            `action '${action.opcode}' has no evaluator; the interpreter cannot run it`,
          );
        }
        return {
          ...base,
          op: EVAL,
          args: ops.map((op, k) => toArg(op, ruleWidth(k))),
          evaluate: spec.evaluate(action.widths),
        };
      }
    }
  }

  private paramWidthsOf(callee: number): readonly number[] {
    const f = this.module.functions[callee];
    if (f) return f.params.map((p) => p.width);
    return this.externWidths[callee - this.module.functions.length]?.params ?? [];
  }

  // ---- execution ---------------------------------------------------------------------

  private run(entry: Prepared, args: readonly bigint[]): RunResult {
    const stack: Frame[] = [];
    let frame = this.enter(entry, args, undefined);
    let steps = 0;
    const maxSteps = this.maxSteps;
    for (;;) {
      const ins = frame.fn.code[frame.pc]!;
      try {
        if (++steps > maxSteps) throw new TrapSignal(TrapKinds.stepLimit);
        const regs = frame.regs;
        switch (ins.op) {
          case EVAL: {
            const a = ins.args;
            const scratch = ins.scratch;
            for (let k = 0; k < a.length; k++) {
              const x = a[k]!;
              scratch[k] = typeof x === 'number' ? regs[x]! : x;
            }
            const r = ins.evaluate!(scratch, this.ctx);
            if (ins.dst >= 0) regs[ins.dst] = r!;
            frame.pc++;
            break;
          }
          case CONST:
            regs[ins.dst] = ins.constant!;
            frame.pc++;
            break;
          case NOP:
            frame.pc++;
            break;
          case BR_IF: {
            const c = ins.args[0]!;
            if ((typeof c === 'number' ? regs[c] : c) !== 1n) {
              frame.pc++;
              break;
            }
            this.passArgs(regs, ins, 1);
            frame.pc = ins.target;
            break;
          }
          case JUMP:
            this.passArgs(regs, ins, 0);
            frame.pc = ins.target;
            break;
          case CALL:
          case CALL_INDIRECT: {
            const argStart = ins.op === CALL ? 0 : 1;
            let callee = ins.callee ?? -1;
            if (ins.op === CALL_INDIRECT) callee = this.indirectTarget(ins, regs);
            const widths = this.paramWidthsOf(callee);
            const values = ins.args
              .slice(argStart)
              .map((x, k) => (typeof x === 'number' ? regs[x]! : wrap(x, widths[k]!)));
            frame.pc++;
            if (callee >= this.functions.length) {
              const results = this.callHost(callee, values);
              ins.resultSlots!.forEach((s, k) => {
                regs[s] = results[k]!;
              });
              break;
            }
            if (stack.length + 1 >= this.maxDepth) throw new TrapSignal(TrapKinds.stackOverflow);
            stack.push(frame);
            frame = this.enter(this.functions[callee]!, values, ins.resultSlots);
            break;
          }
          case RETURN: {
            const values = ins.args.map((x) => (typeof x === 'number' ? regs[x]! : x));
            const caller = stack.pop();
            if (caller === undefined) return { kind: 'return', values, steps };
            frame.returnTo!.forEach((s, k) => {
              caller.regs[s] = values[k]!;
            });
            frame = caller;
            break;
          }
          case TRAP:
            throw new TrapSignal(ins.trap!);
        }
      } catch (e) {
        if (!(e instanceof TrapSignal)) throw e;
        return {
          kind: 'trap',
          trap: e.trapKind,
          function: frame.fn.name,
          actionIndex: ins.actionIndex,
          action: formatAction(ins.action, (id) => `%${nameOf(frame.fn.def, id)}`, this.registry),
          steps,
        };
      }
    }
  }

  private enter(
    fn: Prepared,
    args: readonly bigint[],
    returnTo: readonly number[] | undefined,
  ): Frame {
    const regs = new Array<bigint>(fn.slots);
    fn.paramSlots.forEach((s, k) => {
      regs[s] = args[k]!;
    });
    return { fn, regs, pc: 0, ...(returnTo ? { returnTo } : {}) };
  }

  /** Parallel copy of jump arguments into the target's parameter slots. */
  private passArgs(regs: bigint[], ins: Instr, first: number): void {
    const n = ins.targetParams.length;
    if (n === 0) return;
    const values: bigint[] = [];
    for (let k = 0; k < n; k++) {
      const x = ins.args[first + k]!;
      values.push(typeof x === 'number' ? regs[x]! : x);
    }
    for (let k = 0; k < n; k++) regs[ins.targetParams[k]!] = values[k]!;
  }

  private indirectTarget(ins: Instr, regs: bigint[]): number {
    const p = ins.args[0]!;
    const address = typeof p === 'number' ? regs[p]! : p;
    const offset = address - FUNCTION_ADDRESS_BASE;
    const index = offset >= 0n && offset % 16n === 0n ? Number(offset / 16n) : -1;
    const total = this.functions.length + this.externNames.length;
    if (index < 0 || index >= total) throw new TrapSignal(TrapKinds.badCallTarget);
    const params = this.paramWidthsOf(index);
    const results =
      this.functions[index]?.resultWidths ??
      this.externWidths[index - this.functions.length]!.results;
    const widthsMatch = (a: readonly number[], b: readonly number[]) =>
      a.length === b.length && a.every((w, k) => w === b[k]);
    if (params.length !== ins.args.length - 1 || !widthsMatch(results, ins.resultWidths!)) {
      throw new TrapSignal(TrapKinds.badCallTarget);
    }
    return index;
  }

  private callHost(index: number, args: readonly bigint[]): readonly bigint[] {
    const name = this.externNames[index - this.functions.length]!;
    const host = this.hosts[name];
    if (host === undefined) throw new InterpreterError(`extern @${name} has no host function`);
    const widths = this.externWidths[index - this.functions.length]!;
    const results = host(args);
    if (results.length !== widths.results.length) {
      throw new InterpreterError(
        `host function @${name} returned ${results.length} value(s), expected ${widths.results.length}`,
      );
    }
    return results.map((r, k) => wrap(r, widths.results[k]!));
  }
}

function nameOf(def: FunctionDef, id: number): string {
  for (const p of def.params) if (p.id === id) return p.name ?? String(id);
  for (const item of def.body) {
    const defs = item.kind === 'label' ? item.label.params : item.action.results;
    for (const d of defs) if (d.id === id) return d.name ?? String(id);
  }
  return String(id);
}
