/**
 * Renders the action reference (the tables in docs/low-ir.md) from a
 * registry, so the documentation is generated from the same data the tools
 * use. A test fails when docs/low-ir.md and this output differ.
 */
import type { ActionRegistry, ActionSignature, ActionSpec, OperandRule } from './registry.js';
import { formatWidths } from './registry.js';

/** The marker before the generated part of docs/low-ir.md. */
export const REFERENCE_BEGIN = '<!-- BEGIN GENERATED ACTION REFERENCE (npm run docs:gen) -->';
/** The marker after the generated part of docs/low-ir.md. */
export const REFERENCE_END = '<!-- END GENERATED ACTION REFERENCE -->';

const PTR = -1;

function widthName(w: number, tuple: readonly number[]): string {
  if (w === PTR) return 'ptr';
  if (tuple.length > 0 && w === tuple[0]) return 'W';
  if (tuple.length > 1 && w === tuple[1]) return 'F';
  return String(w);
}

function operandName(rule: OperandRule, tuple: readonly number[]): string {
  switch (rule.kind) {
    case 'value':
      return rule.width === 'any' ? 'value' : widthName(rule.width, tuple);
    case 'imm':
      return rule.width === undefined ? 'imm' : `imm(${widthName(rule.width, tuple)})`;
    case 'label':
      return '^label';
    case 'func':
      return '@func';
    case 'sym':
      return 'kind';
  }
}

/** The shape of an action in terms of W (first width), F (second width) and ptr. */
export function describeShape(spec: ActionSpec): string {
  const tuple = spec.widths[spec.widths.length - 1] ?? [];
  const sig: ActionSignature = spec.signature(tuple, PTR);
  const ops = sig.operands.map((r) => operandName(r, tuple));
  if (sig.variadic) {
    const last = ops.length - 1;
    if (last >= 0 && (ops[last] === '^label' || ops[last] === '@func'))
      ops[last] = `${ops[last]}(args…)`;
    else ops.push('args…');
  }
  const results =
    sig.results === 'declared'
      ? 'declared results'
      : sig.results.length === 0
        ? '—'
        : sig.results.map((w) => widthName(w, tuple)).join(', ');
  return `${ops.join(', ') || '—'} → ${results}`;
}

function describeEffects(spec: ActionSpec): string {
  const e = spec.effects;
  const parts: string[] = [];
  if (e.pure) parts.push('pure');
  if (spec.commutative) parts.push('commutative');
  if (e.readsMemory) parts.push('reads memory');
  if (e.writesMemory) parts.push('writes memory');
  if (e.control !== 'none') parts.push(`control: ${e.control}`);
  if (e.mayTrap)
    parts.push(
      spec.traps && spec.traps.length > 0 ? `traps: ${spec.traps.join(', ')}` : 'may trap',
    );
  return parts.join('; ');
}

function describeWidths(spec: ActionSpec): string {
  if (spec.widths.length === 1 && spec.widths[0]!.length === 0) return '(none)';
  return spec.widths.map((w) => `\`${formatWidths(w)}\``).join(' ');
}

/** Markdown tables of every action of `registry`, grouped by category. */
export function renderActionReference(registry: ActionRegistry): string {
  const byCategory = new Map<string, ActionSpec[]>();
  for (const spec of registry.all()) {
    const list = byCategory.get(spec.category) ?? [];
    list.push(spec);
    byCategory.set(spec.category, list);
  }
  const out: string[] = [];
  for (const [category, specs] of byCategory) {
    out.push(`### ${category[0]!.toUpperCase()}${category.slice(1)}`, '');
    out.push('| action | widths | operands → results | effects | semantics |');
    out.push('|---|---|---|---|---|');
    for (const s of specs) {
      const cells = [
        `\`${s.opcode}\``,
        describeWidths(s),
        describeShape(s),
        describeEffects(s),
        s.summary,
      ];
      out.push(`| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
