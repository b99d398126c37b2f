/**
 * Emitting instructions whose registers are already decided: moves between
 * locations, and the frame's own code (prologue, epilogue). AsmQuery is asked
 * like for any other action; the form chosen must read its inputs from, and
 * put its outputs in, exactly the registers given.
 *
 * Moves: register → register is a `copy.W` (or `reinterpret.W` across
 * register classes), constant → register a `const.W`, register ↔ stack slot
 * a store or a load at `fp + offset` (for an offset no load or store form
 * takes, at `scratch + lo` after `scratch ← fp + hi`: see planAccess). A
 * 1-bit value leaves a flag as `zext.W.1` (x86 setcc) and enters one as
 * `ne.W v, 0` or `eq.W v, 1`: LIRC keeps 1-bit values in ordinary registers
 * and slots as 0 or 1, so reading them wider is exact.
 */
import {
  type Candidate,
  type CompiledForm,
  type LoadedMachine,
  type Matcher,
  type OperandInput,
  paramRegisters,
} from '@lirc/asmquery';
import type { Action, Operand } from '@lirc/low-ir';
import { type Location, locationKey } from '../state.js';
import { CompileError } from './errors.js';

/** Ids of the values of synthetic actions. */
const SOURCE = -2;
const RESULT = -1;
const FRAME = -3;
const ADDRESS = -4;

/** A planned instruction: the form and its operands. */
export interface PlannedInstruction {
  readonly form: CompiledForm;
  readonly operands: Record<string, OperandInput>;
}

/** Where the inputs of synthetic actions are and where their outputs must go. */
export interface Placement {
  /** Input value id → the register it is in. */
  readonly inputs: ReadonlyMap<number, string>;
  /** Output value id → the register it must land in. */
  readonly outputs: ReadonlyMap<number, string>;
}

/**
 * Finds one form that implements all of `actions` with the given placement
 * (undefined if none). `mayClobber` says which other registers it may
 * overwrite (flags written besides its outputs).
 */
export function planFixed(
  machine: LoadedMachine,
  matcher: Matcher,
  actions: readonly Action[],
  placement: Placement,
  mayClobber: (register: string) => boolean,
): PlannedInstruction | undefined {
  const uses = new Map<number, number>();
  for (const a of actions)
    for (const op of a.operands)
      if (op.kind === 'value') uses.set(op.id, (uses.get(op.id) ?? 0) + 1);
  const candidates = matcher.query({
    actions,
    locations: (id) => {
      const r = placement.inputs.get(id);
      return r === undefined ? [] : [{ kind: 'reg', reg: r }];
    },
    usesLeft: (id) => (placement.outputs.has(id) ? 1 : (uses.get(id) ?? 0)),
  });
  const wanted = new Set(placement.outputs.values());
  for (const c of candidates) {
    if (c.covers !== actions.length) continue;
    if (c.writes.some((r) => !wanted.has(r.name) && !mayClobber(r.name))) continue;
    const operands = place(machine, c, placement);
    if (operands) return { form: c.form, operands };
  }
  return undefined;
}

/** Operands that make candidate `c` follow the placement, or undefined if it cannot. */
function place(
  machine: LoadedMachine,
  c: Candidate,
  placement: Placement,
): Record<string, OperandInput> | undefined {
  const accepts = (param: string, register: string) =>
    paramRegisters(c.form.params[param]!, machine.registers, machine.classes).some(
      (r) => r.name === register,
    );
  const operands: Record<string, OperandInput> = {};
  for (const [id, register] of placement.outputs) {
    const where = c.outputs.get(id);
    if (where?.kind === 'reg') {
      if (where.reg.name !== register) return undefined;
    } else if (where?.kind === 'param') {
      if (!accepts(where.param, register)) return undefined;
      const b = c.bindings.get(where.param);
      // A tied output must be where its input already is.
      if (b?.kind === 'value' && placement.inputs.get(b.id) !== register) return undefined;
      operands[where.param] = { reg: register };
    } else return undefined;
  }
  for (const [name, b] of c.bindings) {
    if (operands[name] !== undefined) continue;
    const p = c.form.params[name]!;
    if (b.kind === 'value') {
      const r = placement.inputs.get(b.id);
      if (r === undefined || !accepts(name, r)) return undefined;
      operands[name] = { reg: r };
    } else if (b.kind === 'imm') {
      if (p.kind !== 'imm') return undefined; // the constant would itself need a register
      operands[name] = { imm: b.value };
    } else if (b.kind === 'reg') operands[name] = { reg: b.reg };
    else return undefined;
  }
  return operands;
}

/** A synthetic action. */
function act(
  opcode: string,
  widths: number[],
  operands: Operand[],
  result?: { id: number; width: number },
): Action {
  return { opcode, widths, operands, results: result ? [{ ...result, uses: 1 }] : [] };
}

const value = (id: number): Operand => ({ kind: 'value', id });
const imm = (v: bigint): Operand => ({ kind: 'imm', value: v });

/** What a move needs besides its source and destination. */
export interface MoveContext {
  readonly machine: LoadedMachine;
  readonly matcher: Matcher;
  /** The frame pointer register (stack slots are at fp + offset). */
  readonly framePointer: string | undefined;
  /** The register for addresses no form's offset reaches (the machine's `special.scratch`). */
  readonly scratch: string | undefined;
  /** Emits one instruction; returns its offset. */
  emit(form: CompiledForm, operands: Record<string, OperandInput>): number;
  /** An error naming the function. */
  error(message: string): CompileError;
}

/** Synthetic actions and where their inputs are and their outputs go. */
interface Recipe {
  readonly actions: Action[];
  readonly placement: Placement;
}

/**
 * `[base + offset] ← register` (a store of `width` bits) or `register ←
 * [base + offset]` (a load).
 */
function accessRecipe(
  ptr: number,
  kind: 'load' | 'store',
  base: string,
  offset: bigint,
  register: string,
  width: number,
): Recipe {
  const address = act('add', [ptr], [value(FRAME), imm(offset)], { id: ADDRESS, width: ptr });
  if (kind === 'store')
    return {
      actions: [address, act('store', [width], [value(ADDRESS), value(SOURCE)])],
      placement: {
        inputs: new Map([
          [FRAME, base],
          [SOURCE, register],
        ]),
        outputs: new Map(),
      },
    };
  return {
    actions: [address, act('load', [width], [value(ADDRESS)], { id: RESULT, width })],
    placement: { inputs: new Map([[FRAME, base]]), outputs: new Map([[RESULT, register]]) },
  };
}

/** The plans that could move a `width`-bit value from `from` to `to`, best first. */
function moveRecipes(ctx: MoveContext, from: Location, to: Location, width: number): Recipe[] {
  const ptr = ctx.machine.def.pointerWidth;
  const fp = ctx.framePointer;
  const stored = Math.max(width, 8); // 1-bit values sit in slots as a byte 0 or 1
  if (to.kind === 'stack') {
    if (from.kind !== 'reg' || fp === undefined) return [];
    return [accessRecipe(ptr, 'store', fp, BigInt(to.offset), from.name, stored)];
  }
  if (to.kind !== 'reg') return [];
  const out = new Map([[RESULT, to.name]]);
  if (from.kind === 'stack') {
    if (fp === undefined) return [];
    return [accessRecipe(ptr, 'load', fp, BigInt(from.offset), to.name, stored)];
  }
  const flag = (l: Location) => l.kind === 'reg' && ctx.machine.registers.get(l.name)?.width === 1;
  if (from.kind === 'const') {
    // A 1-bit constant in an ordinary register is the integer 0 or 1.
    const widths = width === 1 && !flag(to) ? [1, 32, 64, 8, 16] : [width];
    const v = width === 1 ? BigInt.asUintN(1, from.value) : from.value;
    return widths.map((w) => ({
      actions: [act('const', [w], [imm(v)], { id: RESULT, width: w })],
      placement: { inputs: new Map(), outputs: out },
    }));
  }
  const inputs = new Map([[SOURCE, from.name]]);
  const one = (a: Action) => ({ actions: [a], placement: { inputs, outputs: out } });
  const recipes: Recipe[] = [];
  if (width === 1 && flag(to) && !flag(from)) {
    for (const w of [8, 16, 32, 64]) {
      recipes.push(
        one(act('ne', [w], [value(SOURCE), imm(0n)], { id: RESULT, width: 1 })),
        one(act('eq', [w], [value(SOURCE), imm(1n)], { id: RESULT, width: 1 })),
      );
    }
    return recipes;
  }
  if (width === 1 && flag(from) && !flag(to)) {
    for (const w of [8, 16, 32, 64])
      recipes.push(one(act('zext', [w, 1], [value(SOURCE)], { id: RESULT, width: w })));
  }
  if (width === 1 && !flag(from) && !flag(to)) {
    // A 1-bit value in a register is 0 or 1: any integer copy moves it.
    for (const w of [32, 64, 8, 16])
      recipes.push(one(act('copy', [w], [value(SOURCE)], { id: RESULT, width: w })));
  }
  for (const opcode of ['copy', 'reinterpret']) {
    if (ctx.machine.registry.get(opcode)?.widths.some((w) => w[0] === width)) {
      recipes.push(one(act(opcode, [width], [value(SOURCE)], { id: RESULT, width })));
    }
  }
  return recipes;
}

/** How to move a `width`-bit value from `from` to `to` in one instruction, if the machine can. */
export function planMove(
  ctx: MoveContext,
  from: Location,
  to: Location,
  width: number,
  mayClobber: (register: string) => boolean = () => false,
): PlannedInstruction | undefined {
  for (const r of moveRecipes(ctx, from, to, width)) {
    const plan = planFixed(ctx.machine, ctx.matcher, r.actions, r.placement, mayClobber);
    if (plan) return plan;
  }
  return undefined;
}

/** Whether constant `value` can be put in `register` (in one instruction or split in two). */
export function canMaterialize(
  ctx: MoveContext,
  value: bigint,
  register: string,
  width: number,
): boolean {
  const from: Location = { kind: 'const', value };
  return (
    planMove(ctx, from, { kind: 'reg', name: register }, width, () => true) !== undefined ||
    splitConstant(ctx, value, register, width, () => true) !== undefined
  );
}

/** One emitted instruction of a move. */
export interface EmittedMove {
  readonly form: string;
  readonly offset: number;
}

/**
 * Emits `to ← from` for a `width`-bit value; returns the instructions used
 * (one; two for a constant no single form materialises, see splitConstant;
 * three or four for a slot no load or store form reaches, see planAccess).
 */
export function emitMove(
  ctx: MoveContext,
  from: Location,
  to: Location,
  width: number,
  mayClobber: (register: string) => boolean = () => false,
): EmittedMove[] {
  const plan = planMove(ctx, from, to, width, mayClobber);
  const plans = plan ? [plan] : planLongMove(ctx, from, to, width, mayClobber);
  if (plans) return plans.map((p) => ({ form: p.form.name, offset: ctx.emit(p.form, p.operands) }));
  const blocked = planMove(ctx, from, to, width, () => true);
  const why = blocked ? ' without overwriting a live value' : '';
  throw new CompileError(
    `${ctx.machine.def.name} has no instruction that moves a ${width}-bit value from ${locationKey(from)} to ${locationKey(to)}${why}`,
  );
}

/** A move no single instruction does: a constant split in two, or a far slot. */
function planLongMove(
  ctx: MoveContext,
  from: Location,
  to: Location,
  width: number,
  mayClobber: (register: string) => boolean,
): PlannedInstruction[] | undefined {
  if (from.kind === 'const' && to.kind === 'reg')
    return splitConstant(ctx, from.value, to.name, width, mayClobber);
  const fp = ctx.framePointer;
  if (fp === undefined) return undefined;
  const stored = Math.max(width, 8); // as moveRecipes
  if (from.kind === 'reg' && to.kind === 'stack')
    return planAccess(ctx, 'store', fp, to.offset, from.name, stored, ctx.scratch, mayClobber);
  if (from.kind === 'stack' && to.kind === 'reg')
    return planAccess(ctx, 'load', fp, from.offset, to.name, stored, ctx.scratch, mayClobber);
  return undefined;
}

/**
 * A store (`[base + offset] ← register`) or a load (`register ← [base +
 * offset]`) of `width` bits: one instruction when a form takes the offset;
 * else, through `scratch`, `scratch ← base + hi` (see planAddOffset) and the
 * access at `[scratch + lo]`, where lo is the sign-extended low k bits of
 * the offset for the largest k a form takes (RISC-V: k = 12, and hi comes
 * from lui). The machine's forms decide, by the immediates they accept.
 * Undefined if the machine has no such access at all; without a scratch
 * register, a far offset is a CompileError that says so.
 */
export function planAccess(
  ctx: MoveContext,
  kind: 'load' | 'store',
  base: string,
  offset: number,
  register: string,
  width: number,
  scratch: string | undefined,
  mayClobber: (register: string) => boolean,
): PlannedInstruction[] | undefined {
  const ptr = ctx.machine.def.pointerWidth;
  const at = (b: string, o: bigint) => {
    const r = accessRecipe(ptr, kind, b, o, register, width);
    return planFixed(ctx.machine, ctx.matcher, r.actions, r.placement, mayClobber);
  };
  const direct = at(base, BigInt(offset));
  if (direct) return [direct];
  // Near the base, is there such an access at all? If not, the offset is not the problem.
  if (at(base, 0n) === undefined) return undefined;
  if (scratch === undefined) {
    const where = `${base} ${offset < 0 ? '-' : '+'} ${Math.abs(offset)}`;
    throw ctx.error(
      `no ${ctx.machine.def.name} ${kind} form reaches ${where} (a slot beyond every form's offset); far slots are reached through a scratch register, and the machine definition names none (special.scratch)`,
    );
  }
  let tried: bigint | undefined;
  for (let k = ptr - 1; k >= 1; k--) {
    const lo = BigInt.asIntN(k, BigInt(offset));
    if (lo === tried) continue; // the same split as for k + 1
    tried = lo;
    const last = at(scratch, lo);
    if (!last) continue;
    const address = planAddOffset(ctx, base, BigInt(offset) - lo, scratch, scratch, mayClobber);
    if (address) return [...address, last];
  }
  return undefined;
}

/**
 * `dst ← base + offset`: one add when a form takes the offset, else `temp ←
 * offset` (one instruction or split, see splitConstant) and `dst ← base +
 * temp`. `temp` may be `dst`, unless `dst` is `base`.
 */
export function planAddOffset(
  ctx: MoveContext,
  base: string,
  offset: bigint,
  dst: string,
  temp: string,
  mayClobber: (register: string) => boolean,
): PlannedInstruction[] | undefined {
  const ptr = ctx.machine.def.pointerWidth;
  const add = (lhs: Operand, rhs: Operand, inputs: Map<number, string>) =>
    planFixed(
      ctx.machine,
      ctx.matcher,
      [act('add', [ptr], [lhs, rhs], { id: RESULT, width: ptr })],
      { inputs, outputs: new Map([[RESULT, dst]]) },
      mayClobber,
    );
  const one = add(value(FRAME), imm(offset), new Map([[FRAME, base]]));
  if (one) return [one];
  if (temp === base) return undefined;
  const constant = planConstant(ctx, offset, temp, ptr, mayClobber);
  if (!constant) return undefined;
  const inputs = new Map([
    [FRAME, base],
    [SOURCE, temp],
  ]);
  // Either order (a two-operand form writes its left input).
  const sum = add(value(FRAME), value(SOURCE), inputs) ?? add(value(SOURCE), value(FRAME), inputs);
  return sum && [...constant, sum];
}

/** `register ← constant` (`width` bits) in one instruction or split in two. */
function planConstant(
  ctx: MoveContext,
  constant: bigint,
  register: string,
  width: number,
  mayClobber: (register: string) => boolean,
): PlannedInstruction[] | undefined {
  for (const v of new Set([BigInt.asIntN(width, constant), BigInt.asUintN(width, constant)])) {
    const one = planMove(ctx, { kind: 'const', value: v }, reg(register), width, mayClobber);
    if (one) return [one];
    const two = splitConstant(ctx, v, register, width, mayClobber);
    if (two) return two;
  }
  return undefined;
}

const reg = (name: string): Location => ({ kind: 'reg', name });

/**
 * A constant in two instructions, `r ← hi; r ← r + lo`, where lo is the
 * sign-extended low k bits of the constant and hi the rest, for the largest
 * k that both halves have forms for (RISC-V: lui + addi with k = 12). The
 * machine definition decides, by the immediates its forms accept; only
 * constants no single form takes get here.
 */
function splitConstant(
  ctx: MoveContext,
  constant: bigint,
  register: string,
  width: number,
  mayClobber: (register: string) => boolean,
): PlannedInstruction[] | undefined {
  const out = new Map([[RESULT, register]]);
  for (let k = width - 1; k >= 1; k--) {
    const lo = BigInt.asIntN(k, constant);
    if (lo === 0n) continue;
    const rest = constant - lo;
    for (const hi of new Set([BigInt.asIntN(width, rest), BigInt.asUintN(width, rest)])) {
      const first = planFixed(
        ctx.machine,
        ctx.matcher,
        [act('const', [width], [imm(hi)], { id: RESULT, width })],
        { inputs: new Map(), outputs: out },
        mayClobber,
      );
      if (!first) continue;
      const second = planFixed(
        ctx.machine,
        ctx.matcher,
        [act('add', [width], [value(SOURCE), imm(lo)], { id: RESULT, width })],
        { inputs: new Map([[SOURCE, register]]), outputs: out },
        mayClobber,
      );
      if (second) return [first, second];
    }
  }
  return undefined;
}
