/**
 * The encoding oracle: for every instruction form of a machine definition,
 * encode and print many operand combinations, then check with llvm-mc that
 * (1) assembling our text gives exactly our bytes, and (2) disassembling our
 * bytes gives back our text (normalised). Label forms of targets whose
 * llvm-mc cannot assemble numeric offsets are checked by disassembly only,
 * unless the caller names them (`assembleLabels`).
 */
import {
  EncodeError,
  encodeForm,
  formatForm,
  labelTargetFor,
  type OperandInput,
  type Operands,
} from '../encoding/encode.js';
import type { CompiledForm, LoadedMachine } from '../machine/load.js';
import { generateCases, type OracleCase } from './cases.js';
import { assembleLines, disassembleLines } from './llvm-mc.js';

/** One disagreement between our encoder or printer and llvm-mc. */
export interface OracleFailure {
  readonly form: string;
  readonly text: string;
  readonly ours: string;
  readonly llvm: string;
  readonly check: 'encode' | 'assemble' | 'disassemble';
}

/** What the oracle checked and found. */
export interface OracleReport {
  readonly forms: number;
  readonly cases: number;
  readonly assembled: number;
  readonly disassembled: number;
  readonly formsWithoutCases: readonly string[];
  readonly failures: readonly OracleFailure[];
  /** One line for test output: counts of forms and checked encodings. */
  readonly summary: string;
}

/** Normalises assembly text for comparison: no comments, single spaces, lower case. */
export function normalizeAsm(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim().replace(/\s+/g, ' ').toLowerCase())
    .filter((l) => l !== '')
    .join('\n');
}

const hex = (bytes: readonly number[]) =>
  bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');

interface Prepared {
  readonly form: CompiledForm;
  readonly operands: Operands;
  readonly bytes: number[];
  readonly text: string;
  readonly disasmText: string;
  readonly hasLabel: boolean;
}

function toOperands(machine: LoadedMachine, c: OracleCase): Operands {
  const operands: Record<string, OperandInput> = {};
  for (const [n, v] of Object.entries(c.operands)) {
    operands[n] = 'labelOffset' in v ? { label: 0 } : v;
  }
  for (const [n, v] of Object.entries(c.operands)) {
    if ('labelOffset' in v)
      operands[n] = { label: labelTargetFor(machine, c.form, operands, n, v.labelOffset) };
  }
  return operands;
}

/** Options of the oracle. */
export interface OracleOptions {
  /** Only forms whose name passes this test. */
  readonly filter?: (form: CompiledForm) => boolean;
  /**
   * Label forms to assemble too on a target whose llvm-mc does not assemble
   * numeric branch offsets: forms whose label llvm-mc reads as the number it
   * encodes, a displacement rather than an address (x86 `lea rax, [rip + 14]`).
   */
  readonly assembleLabels?: (form: CompiledForm) => boolean;
}

/** Runs the oracle over every form of `machine` (needs `llvm-mc` on PATH). */
export function runOracle(machine: LoadedMachine, options: OracleOptions = {}): OracleReport {
  const oracle = machine.def.oracle;
  if (!oracle) throw new Error(`${machine.def.source}: the definition has no oracle settings`);
  const failures: OracleFailure[] = [];
  const formsWithoutCases: string[] = [];
  const prepared: Prepared[] = [];
  const forms = machine.forms.filter((f) => options.filter?.(f) ?? true);
  for (const form of forms) {
    const cases = generateCases(machine, form);
    if (cases.length === 0) formsWithoutCases.push(form.name);
    for (const c of cases) {
      let operands: Operands = {};
      try {
        operands = toOperands(machine, c);
        const { bytes } = encodeForm(machine, form, operands);
        const text = formatForm(machine, form, operands);
        const disasmText = formatForm(machine, form, operands, { funcText: () => '0' });
        const hasLabel = Object.values(form.params).some(
          (p) => p.kind === 'label' || p.kind === 'func',
        );
        prepared.push({ form, operands, bytes, text, disasmText, hasLabel });
      } catch (e) {
        if (!(e instanceof EncodeError)) throw e;
        failures.push({
          form: form.name,
          text: JSON.stringify(operands, big),
          ours: e.message,
          llvm: '',
          check: 'encode',
        });
      }
    }
  }

  // 1. Assemble our text; compare bytes.
  const toAssemble = prepared.filter(
    (p) => !p.hasLabel || oracle.assemblesNumericLabels || options.assembleLabels?.(p.form),
  );
  const lines: string[] = [];
  const owner: number[] = [];
  toAssemble.forEach((p, k) => {
    for (const line of p.text.split('\n')) {
      lines.push(line);
      owner.push(k);
    }
  });
  const assembled = assembleLines(oracle.triple, oracle.assembleArgs, lines);
  const theirBytes = toAssemble.map(() => [] as number[]);
  const errors = toAssemble.map(() => '');
  assembled.forEach((r, i) => {
    const k = owner[i]!;
    if (r.ok) theirBytes[k]!.push(...(r.bytes ?? []));
    else errors[k] = errors[k] || r.error;
  });
  toAssemble.forEach((p, k) => {
    if (errors[k] || hex(theirBytes[k]!) !== hex(p.bytes)) {
      failures.push({
        form: p.form.name,
        text: p.text,
        ours: hex(p.bytes),
        llvm: errors[k] || hex(theirBytes[k]!),
        check: 'assemble',
      });
    }
  });

  // 2. Disassemble our bytes; compare text.
  const disassembled = disassembleLines(
    oracle.triple,
    oracle.disassembleArgs,
    prepared.map((p) => p.bytes),
    prepared.map((p) => p.text.split('\n').length),
  );
  prepared.forEach((p, k) => {
    const r = disassembled[k]!;
    const theirs = r.ok ? normalizeAsm(r.text) : r.error;
    if (!r.ok || theirs !== normalizeAsm(p.disasmText)) {
      failures.push({
        form: p.form.name,
        text: p.disasmText,
        ours: hex(p.bytes),
        llvm: theirs,
        check: 'disassemble',
      });
    }
  });

  const summary =
    `${machine.def.name}: ${forms.length} forms, ${prepared.length} encodings: ` +
    `${toAssemble.length} assembled by llvm-mc, ${prepared.length} disassembled, ${failures.length} failures`;
  return {
    forms: forms.length,
    cases: prepared.length,
    assembled: toAssemble.length,
    disassembled: prepared.length,
    formsWithoutCases,
    failures,
    summary,
  };
}

function big(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
