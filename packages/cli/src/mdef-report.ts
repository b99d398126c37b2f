/**
 * The coverage report of `lirc mdef check`: for a loaded machine
 * definition, which generic actions LIRC needs have a form (from
 * @lirc/core's genericRequirements: a missing one is an error), which
 * standard Low IR actions and widths some form implements, and how many
 * forms each family (extension) has. Plain text and JSON.
 */
import type { LoadedMachine } from '@lirc/asmquery';
import { genericRequirements, NO_INSTRUCTION_ACTIONS } from '@lirc/core';
import { STANDARD_REGISTRY } from '@lirc/low-ir';

/** One generic action and the forms whose semantics is exactly its shape. */
export interface GenericCoverage {
  readonly purpose: string;
  readonly shape: string;
  readonly forms: readonly string[];
}

/** One standard action at one width tuple: how many forms' semantics contain it. */
export interface ActionCoverage {
  readonly action: string;
  readonly forms: number;
}

/** The whole report. */
export interface CoverageReport {
  readonly machine: string;
  readonly source: string;
  readonly forms: number;
  /** Forms per family (the forms' `extension`), in definition order. */
  readonly families: Readonly<Record<string, number>>;
  readonly generic: readonly GenericCoverage[];
  /** The shapes of the generic actions that no form has (an error when not empty). */
  readonly missingGeneric: readonly string[];
  /** Every standard action × width tuple, in registry order. */
  readonly actions: readonly ActionCoverage[];
  /** How many of `actions` some form implements. */
  readonly covered: number;
}

/** The key of an action at a width tuple, as forms' semantics name it (`add.32`, `jump`). */
function key(opcode: string, widths: readonly number[]): string {
  return [opcode, ...widths].join('.');
}

/** Computes the report of `machine`. */
export function coverageReport(machine: LoadedMachine): CoverageReport {
  const families: Record<string, number> = {};
  const byShape = new Map<string, string[]>();
  const containing = new Map<string, number>();
  for (const form of machine.forms) {
    families[form.def.extension] = (families[form.def.extension] ?? 0) + 1;
    const shape = form.semantics.map((a) => a.key).join(' ; ');
    byShape.set(shape, [...(byShape.get(shape) ?? []), form.name]);
    for (const k of new Set(form.semantics.map((a) => a.key)))
      containing.set(k, (containing.get(k) ?? 0) + 1);
  }
  const generic = genericRequirements(machine.def).map((r) => {
    const shape = r.shape.join(' ; ');
    return { purpose: r.purpose, shape, forms: byShape.get(shape) ?? [] };
  });
  const actions = STANDARD_REGISTRY.all()
    .filter((spec) => !NO_INSTRUCTION_ACTIONS.includes(spec.opcode))
    .flatMap((spec) =>
      (spec.widths.length === 0 ? [[]] : spec.widths).map((w) => {
        const action = key(spec.opcode, w);
        return { action, forms: containing.get(action) ?? 0 };
      }),
    );
  return {
    machine: machine.def.name,
    source: machine.def.source ?? '',
    forms: machine.forms.length,
    families,
    generic,
    missingGeneric: generic.filter((g) => g.forms.length === 0).map((g) => g.shape),
    actions,
    covered: actions.filter((a) => a.forms > 0).length,
  };
}

/** The report as text: generic actions, families, then the standard actions by opcode. */
export function formatReport(report: CoverageReport, entry: string): string {
  const lines = [`machine ${report.machine} (${entry}): ${report.forms} forms`, ''];
  const ok = report.generic.length - report.missingGeneric.length;
  lines.push(`generic actions LIRC needs: ${ok} of ${report.generic.length} have a form`);
  const width = Math.max(...report.generic.map((g) => g.shape.length));
  for (const g of report.generic) {
    const forms =
      g.forms.length === 0
        ? 'MISSING'
        : `${g.forms.length} form(s): ${g.forms.slice(0, 3).join(' | ')}${g.forms.length > 3 ? ' | …' : ''}`;
    lines.push(`  ${g.shape.padEnd(width)}  ${forms}  (${g.purpose})`);
  }
  lines.push('', 'forms per family:');
  for (const [family, n] of Object.entries(report.families)) lines.push(`  ${family}: ${n}`);
  lines.push(
    '',
    `standard Low IR actions × widths with a form: ${report.covered} of ${report.actions.length} (forms containing each; "-" none: LIRC legalizes it or a program using it is refused)`,
  );
  const byOpcode = new Map<string, string[]>();
  for (const a of report.actions) {
    const [opcode, ...widths] = a.action.split('.');
    const cell = `${widths.length > 0 ? widths.join('.') : '(no width)'}:${a.forms > 0 ? a.forms : '-'}`;
    byOpcode.set(opcode!, [...(byOpcode.get(opcode!) ?? []), cell]);
  }
  for (const [opcode, cells] of byOpcode) lines.push(`  ${opcode.padEnd(13)} ${cells.join(' ')}`);
  lines.push('');
  if (report.missingGeneric.length > 0)
    lines.push(
      `error: ${report.machine}: no form for ${report.missingGeneric.length} generic action(s) LIRC needs: ${report.missingGeneric.join(', ')}`,
    );
  else lines.push(`ok: ${report.machine} has a form for every generic action LIRC needs`);
  return `${lines.join('\n')}\n`;
}
