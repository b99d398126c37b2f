/**
 * Legalization: rewriting an action the machine has no form for into other
 * Low IR actions it may have, as rules written in Low IR and tried only when
 * AsmQuery finds nothing. The rules are generic (no ISA named): the machine
 * definition decides, by what it can do, whether a rule is needed.
 *
 * - `select.W c, a, b` (RISC-V has no conditional move) becomes a mask:
 *   m = 0 - zext(c); r = (a & m) | (b & ~m).
 * - 1-bit values to and from integers: `zext.W.1 c` through the narrowest
 *   integer width (`zext.W.8 (zext.8.1 c)`: x86 sets a byte from a flag),
 *   `sext.W.1 c` = `neg.W (zext.W.1 c)`, `trunc.1.W v` = `ne.W (and.W v, 1), 0`.
 * - `feq.W a, b` = `and.1 (fge a, b), (fle a, b)` and `fne.W a, b` =
 *   `or.1 (or.1 (flt a, b), (fgt a, b)), (funo a, b)` (a machine whose float
 *   compare sets flags may tell equality by two of them, never one condition).
 * - `funo` and the roundings (`fceil`, `ffloor`, `ftrunc`, `fnearest`) from
 *   other float actions: legalize-float.ts.
 * - `store.W.M` (a truncating store) as `trunc.M.W` then `store.M`.
 * - An immediate where the action takes a value, and no form takes that
 *   immediate there (`or.1 0, %c`, `mulh_u.32 %x, 2060`), goes in a value
 *   first: `%k = const.W imm`.
 */
import type { Action, ActionRegistry, Operand, ValueDef } from '@lirc/low-ir';
import { valueName } from './context.js';
import { legalizeBits } from './legalize-bits.js';
import { legalizeFloat } from './legalize-float.js';

/** Makes fresh value ids for the values a rule introduces. */
export type FreshId = () => number;

/** A value a rule introduces, named `%.N` in listings and messages. */
export function syntheticValue(fresh: FreshId, width: number, uses: number): ValueDef {
  const id = fresh();
  return { id, width, uses, name: valueName(id).slice(1) };
}

/** The actions that replace `a`, or undefined when no rule applies. */
export function legalize(
  a: Action,
  fresh: FreshId,
  registry: ActionRegistry,
  reuse: (id: number) => void,
  pointerWidth: number,
): Action[] | undefined {
  return (
    legalizeSelect(a, fresh) ??
    legalizeBool(a, fresh) ??
    legalizeRotate(a, fresh, reuse) ??
    legalizeFloatEquality(a, fresh, reuse) ??
    legalizeFloat(a, fresh, reuse, pointerWidth) ??
    legalizeNarrowStore(a, fresh) ??
    legalizeBits(a, fresh, reuse) ??
    constantInValue(a, fresh, registry)
  );
}

/** `store.W.M addr, v` = `store.M addr, (trunc.M.W v)`. */
function legalizeNarrowStore(a: Action, fresh: FreshId): Action[] | undefined {
  if (a.opcode !== 'store' || a.widths.length !== 2) return undefined;
  const [w, m] = a.widths as [number, number];
  const [address, v] = a.operands as [Operand, Operand];
  if (v.kind === 'imm') {
    const narrow: Operand = { kind: 'imm', value: BigInt.asUintN(m, v.value) };
    return [{ ...a, widths: [m], operands: [address, narrow] }];
  }
  const t = syntheticValue(fresh, m, 1);
  return [
    { opcode: 'trunc', widths: [m, w], operands: [v], results: [t] },
    { ...a, widths: [m], operands: [address, value(t)] },
  ];
}

/** feq and fne from the ordered comparisons (and funo): see the file comment. */
function legalizeFloatEquality(
  a: Action,
  fresh: FreshId,
  reuse: (id: number) => void,
): Action[] | undefined {
  if (a.opcode !== 'feq' && a.opcode !== 'fne') return undefined;
  const r = a.results[0];
  if (!r) return undefined;
  const w = a.widths[0]!;
  const parts = a.opcode === 'feq' ? ['fge', 'fle'] : ['flt', 'fgt', 'funo'];
  for (const o of a.operands)
    if (o.kind === 'value') for (let k = 1; k < parts.length; k++) reuse(o.id);
  const out: Action[] = [];
  let acc: Operand | undefined;
  parts.forEach((opcode, k) => {
    const t = syntheticValue(fresh, 1, 1);
    out.push({ opcode, widths: [w], operands: a.operands, results: [t] });
    if (acc === undefined) {
      acc = value(t);
      return;
    }
    const last = k === parts.length - 1;
    const c = last ? r : syntheticValue(fresh, 1, 1);
    out.push({
      opcode: a.opcode === 'feq' ? 'and' : 'or',
      widths: [1],
      operands: [acc, value(t)],
      results: [c],
    });
    acc = value(c);
  });
  return out;
}

/**
 * `rotl.W x, n` = `(x << n) | (x >>u -n)` (shift counts are taken mod W, so
 * -n is W - n, and a rotation by 0 gives x | x); `rotr` the other way round.
 * `reuse` gives x (and a value n) its second use.
 */
function legalizeRotate(
  a: Action,
  fresh: FreshId,
  reuse: (id: number) => void,
): Action[] | undefined {
  if (a.opcode !== 'rotl' && a.opcode !== 'rotr') return undefined;
  const w = a.widths[0]!;
  const [x, n] = a.operands as [Operand, Operand];
  const r = a.results[0];
  if (!r) return undefined;
  const out: Action[] = [];
  const def = () => syntheticValue(fresh, w, 1);
  let negated: Operand;
  if (n.kind === 'imm') negated = { kind: 'imm', value: BigInt.asUintN(w, -n.value) % BigInt(w) };
  else if (n.kind === 'value') {
    const m = def();
    out.push({
      opcode: 'sub',
      widths: [w],
      operands: [{ kind: 'imm', value: 0n }, n],
      results: [m],
    });
    negated = value(m);
    reuse(n.id);
  } else return undefined;
  if (x.kind === 'value') reuse(x.id);
  const [left, right] = a.opcode === 'rotl' ? [n, negated] : [negated, n];
  const hi = def();
  const lo = def();
  out.push(
    { opcode: 'shl', widths: [w], operands: [x, left], results: [hi] },
    { opcode: 'shr_u', widths: [w], operands: [x, right], results: [lo] },
    { opcode: 'or', widths: [w], operands: [value(hi), value(lo)], results: [r] },
  );
  return out;
}

/** The narrowest integer width of Low IR, through which `zext.W.1` goes. */
const NARROWEST = 8;

function legalizeBool(a: Action, fresh: FreshId): Action[] | undefined {
  const [w, f] = a.widths as [number, number];
  const r = a.results[0];
  const x = a.operands[0];
  if (!r || !x) return undefined;
  const step = (opcode: string, widths: number[], operands: Operand[], width: number) => {
    const d = syntheticValue(fresh, width, 1);
    return { action: { opcode, widths, operands, results: [d] }, use: value(d) };
  };
  if (a.opcode === 'zext' && f === 1 && w > NARROWEST) {
    const t = step('zext', [NARROWEST, 1], [x], NARROWEST);
    return [t.action, { ...a, widths: [w, NARROWEST], operands: [t.use] }];
  }
  if (a.opcode === 'sext' && f === 1) {
    const z = step('zext', [w, 1], [x], w);
    return [z.action, { opcode: 'neg', widths: [w], operands: [z.use], results: [r] }];
  }
  if (a.opcode === 'trunc' && w === 1) {
    const t = step('and', [f], [x, { kind: 'imm', value: 1n }], f);
    return [
      t.action,
      { opcode: 'ne', widths: [f], operands: [t.use, { kind: 'imm', value: 0n }], results: [r] },
    ];
  }
  return undefined;
}

const value = (d: ValueDef): Operand => ({ kind: 'value', id: d.id });

/** `op … imm …` → `%k = const.W imm; op … %k …` for the first immediate in a value operand. */
function constantInValue(
  a: Action,
  fresh: FreshId,
  registry: ActionRegistry,
): Action[] | undefined {
  if (a.opcode === 'const') return undefined;
  const rules = registry.get(a.opcode)?.signature(a.widths, 64).operands;
  if (!rules) return undefined;
  const k = a.operands.findIndex((o, i) => o.kind === 'imm' && rules[i]?.kind === 'value');
  if (k < 0) return undefined;
  const rule = rules[k] as { width: number | 'any' };
  if (rule.width === 'any') return undefined;
  const c = syntheticValue(fresh, rule.width, 1);
  const operands = a.operands.slice();
  operands[k] = { kind: 'value', id: c.id };
  return [
    { opcode: 'const', widths: [rule.width], results: [c], operands: [a.operands[k]!] },
    { ...a, operands },
  ];
}

function legalizeSelect(a: Action, fresh: FreshId): Action[] | undefined {
  if (a.opcode === 'select' && a.widths[0]! > 1) {
    const w = a.widths[0]!;
    const [c, x, y] = a.operands as [Operand, Operand, Operand];
    const r = a.results[0];
    if (!r) return [];
    const def = (uses = 1): ValueDef => syntheticValue(fresh, w, uses);
    const cz = def();
    const m = def(2);
    const xm = def();
    const nm = def();
    const yn = def();
    const use = (d: ValueDef): Operand => ({ kind: 'value', id: d.id });
    return [
      { opcode: 'zext', widths: [w, 1], results: [cz], operands: [c] },
      { opcode: 'neg', widths: [w], results: [m], operands: [use(cz)] },
      { opcode: 'and', widths: [w], results: [xm], operands: [x, use(m)] },
      { opcode: 'not', widths: [w], results: [nm], operands: [use(m)] },
      { opcode: 'and', widths: [w], results: [yn], operands: [y, use(nm)] },
      { opcode: 'or', widths: [w], results: [r], operands: [use(xm), use(yn)] },
    ];
  }
  return undefined;
}
