/**
 * The text form of `lirc explain` (`--format text`): per function, the
 * actions (as they arrived, and what LIRC compiled when that differs), each
 * instruction with its offset, bytes, assembly and what it implements, the
 * candidates AsmQuery offered with why the losers lost, the forms it tried
 * that did not match, where the live values are after it, and the final
 * listing. Spills and reloads are marked in capitals.
 */
import type { FunctionExplanation } from '@lirc/core';
import {
  actionRows,
  candidateText,
  groupForms,
  groupRejections,
  hexBytes,
  hexOffset,
  liveLine,
  moveCounts,
  purpose,
  ROLE_NAMES,
} from './words.js';

/** How many reasons forms did not match the text form shows per instruction, and forms per reason. */
const GROUPS_SHOWN = 4;
const FORMS_SHOWN = 3;

/** The text form of the explanations of `functions` compiled for `target`. */
export function explainText(functions: readonly FunctionExplanation[], target: string): string {
  return functions.map((f) => functionText(f, target)).join('\n');
}

function functionText(f: FunctionExplanation, target: string): string {
  const out: string[] = [`== @${f.name} for ${target}: ${moveCounts(f)} ==`, '', 'Actions:'];
  for (const line of actionLines(f)) out.push(`  ${line}`);
  out.push('', 'Instructions:');
  for (const i of f.instructions) {
    out.push(
      `  ${hexOffset(i.offset)}  ${hexBytes(i.bytes).padEnd(24)} ${ROLE_NAMES[i.role].padEnd(8)} ${i.assembly.replace(/\n/g, '; ')}`,
    );
    out.push(`        for: ${purpose(f, i)}`);
    for (const c of i.candidates ?? [])
      out.push(`        ${c.lost ? 'lost' : 'won '}: ${candidateText(c)}`);
    const groups = groupRejections(i.rejected ?? [], FORMS_SHOWN);
    for (const g of groups.slice(0, GROUPS_SHOWN))
      out.push(`        no match: ${groupForms(g)}: ${g.reason}`);
    if (groups.length > GROUPS_SHOWN)
      out.push(`        no match: … ${groups.length - GROUPS_SHOWN} more reasons`);
    if (i.role !== 'prologue') out.push(`        live after: ${liveLine(i)}`);
  }
  out.push('', 'Listing:', f.listing.trimEnd(), '');
  return out.join('\n');
}

function actionLines(f: FunctionExplanation): string[] {
  return actionRows(f).map((row) => {
    if (row.kind === 'input') return `in${row.index}  ${row.text}`;
    const a = f.actions[row.index]!;
    const origin = a.origin === 'stream' ? '' : ` (${a.origin})`;
    const fate = a.fate ? `  [${a.fate}]` : '';
    return `${row.nested ? '  → ' : ''}#${row.index}  ${a.text}${origin}${fate}`;
  });
}
