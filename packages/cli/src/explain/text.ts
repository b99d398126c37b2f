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
  hexBytes,
  hexOffset,
  liveLine,
  moveCounts,
  purpose,
  ROLE_NAMES,
} from './words.js';

/** How many rejected forms the text form shows per instruction (the page shows all). */
const REJECTED_SHOWN = 4;

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
    const rejected = i.rejected ?? [];
    for (const r of rejected.slice(0, REJECTED_SHOWN))
      out.push(`        no match: ${r.form}: ${r.reason}`);
    if (rejected.length > REJECTED_SHOWN)
      out.push(`        no match: … ${rejected.length - REJECTED_SHOWN} more forms`);
    out.push(`        live after: ${liveLine(i)}`);
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
