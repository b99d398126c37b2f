/**
 * Operand combinations for the encoding oracle: for every parameter of a
 * form, every value of its domain (every register of its class, the edges of
 * an immediate's range, the longest and shortest label offsets), each paired
 * with rotating values of the other parameters, so that every register shows
 * up in every position and every range edge is encoded at least once.
 */

import { immediateFits, labelFits, type OperandInput } from '../encoding/encode.js';
import type { CompiledForm, LoadedMachine } from '../machine/load.js';
import { paramRegisters } from '../machine/load.js';
import type { ParamDef } from '../machine/types.js';

function immediateDomain(p: Extract<ParamDef, { kind: 'imm' }>): bigint[] {
  if (p.oneOf) return p.oneOf.map(BigInt);
  const bits = BigInt(p.bits);
  const align = BigInt(p.align ?? 1);
  const lo = p.signed ? -(1n << (bits - 1n)) : 0n;
  const hi = (p.signed ? 1n << (bits - 1n) : 1n << bits) - 1n;
  const down = (v: bigint) => v - (((v % align) + align) % align);
  const candidates = [
    0n,
    align,
    -align,
    lo,
    hi,
    lo + align,
    hi - align,
    down(hi / 3n),
    down(lo / 3n),
    down(hi / 2n + 1n),
    127n,
    128n,
    -128n,
    -129n,
    255n,
    256n,
  ].map(down);
  const out: bigint[] = [];
  for (const v of candidates) if (immediateFits(v, p) && !out.includes(v)) out.push(v);
  return out;
}

function labelDomain(p: Extract<ParamDef, { kind: 'label' }>): number[] {
  const align = p.align ?? 1;
  const half = 2 ** (p.bits - 1);
  const lo = -half;
  const hi = half - align;
  const candidates = [0, align, -align, lo, hi, lo + align, hi - align, 64, -64, 2048, -2050];
  const out: number[] = [];
  for (const v of candidates) {
    const aligned = v - (((v % align) + align) % align);
    if (labelFits(aligned, p) && !out.includes(aligned)) out.push(aligned);
  }
  return out;
}

/**
 * The domain of one parameter, as operand inputs. Label values are encoded
 * offsets (relative to the start or end, as the parameter says); `toInput`
 * in `generateCases` turns them into targets.
 */
export function paramDomain(
  machine: LoadedMachine,
  p: ParamDef,
): (OperandInput | { labelOffset: number })[] {
  switch (p.kind) {
    case 'reg':
    case 'fixed':
      return paramRegisters(p, machine.registers, machine.classes).map((r) => ({ reg: r.name }));
    case 'imm':
      return immediateDomain(p).map((v) => ({ imm: v }));
    case 'label':
      return labelDomain(p).map((labelOffset) => ({ labelOffset }));
    case 'func':
      return [{ func: 'callee' }];
    case 'sym':
      return [{ sym: 'unreachable' }];
  }
}

/** One oracle case: a form with concrete operands (label offsets still encoded-relative). */
export interface OracleCase {
  readonly form: CompiledForm;
  readonly operands: Readonly<Record<string, OperandInput | { labelOffset: number }>>;
}

/** Every case for `form` (at least one, unless a parameter has an empty domain). */
export function generateCases(machine: LoadedMachine, form: CompiledForm): OracleCase[] {
  const names = Object.keys(form.params);
  const domains = names.map((n) => paramDomain(machine, form.params[n]!));
  if (domains.some((d) => d.length === 0)) return [];
  const cases: OracleCase[] = [];
  const seen = new Set<string>();
  const add = (pick: (k: number) => number) => {
    const operands: Record<string, OperandInput | { labelOffset: number }> = {};
    names.forEach((n, k) => {
      operands[n] = domains[k]![pick(k)]!;
    });
    const key = JSON.stringify(operands, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    if (!seen.has(key)) {
      seen.add(key);
      cases.push({ form, operands });
    }
  };
  add(() => 0);
  names.forEach((_n, k) => {
    domains[k]!.forEach((_v, i) => {
      add((j) => (j === k ? i : (i + 3 * j + 1) % domains[j]!.length));
    });
  });
  return cases;
}
