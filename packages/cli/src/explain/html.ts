/**
 * The HTML page of `lirc explain`: one self-contained file (inline CSS, no
 * script, nothing fetched) with a section per function: the action list,
 * a table of the instructions (offset, bytes, assembly, the actions each
 * implements linked to the list, the candidates AsmQuery offered and why
 * the losers lost, the forms that did not match, where the live values are
 * after it; spills and reloads highlighted), and the final listing. Every
 * piece of text from the input is escaped.
 */
import type { ExplainedInstruction, FunctionExplanation } from '@lirc/core';
import {
  actionRows,
  candidateText,
  groupForms,
  groupRejections,
  hexBytes,
  hexOffset,
  liveText,
  moveCounts,
  purpose,
  ROLE_NAMES,
} from './words.js';

/** How many forms the page names per reason they did not match for (the rest are counted). */
const FORMS_SHOWN = 12;

/** What the page is about, for its title. */
export interface PageSubject {
  readonly file: string;
  readonly target: string;
}

/** `text` with the characters HTML gives a meaning escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.4em; } h2 { font-size: 1.2em; border-bottom: 2px solid #36c; padding-bottom: .2em; }
code, pre, td.mono { font-family: ui-monospace, monospace; font-size: 13px; }
td.mono { white-space: nowrap; }
nav a { margin-right: 1em; }
ol.actions { columns: 2; background: #f6f8fa; padding: .6em 2.5em; }
ol.actions li.input { list-style: none; color: #555; font-style: italic; }
ol.actions li.nested { margin-left: 1.5em; }
ol.actions li:target { background: #ffe58a; }
.fate { color: #8a5a00; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: .2em .4em; vertical-align: top; text-align: left; }
th { background: #eaeef2; }
tr.spill td { background: #ffd8d8; } tr.reload td { background: #d8ecff; }
tr.move td { background: #f3f3f3; } tr.prologue td, tr.other td { color: #555; }
.role { font-weight: bold; }
.lost { color: #7a1f1f; } .won { color: #116329; font-weight: bold; }
details summary { cursor: pointer; color: #36c; }
.live { font-size: 12px; color: #333; }
pre.listing { background: #f6f8fa; padding: .8em; overflow-x: auto; }
.legend span { padding: 0 .5em; margin-right: .5em; }
`;

/** The page for `functions` compiled from `subject.file` for `subject.target`. */
export function explainHtml(
  functions: readonly FunctionExplanation[],
  subject: PageSubject,
): string {
  const title = `lirc explain: ${subject.file} for ${subject.target}`;
  const nav = functions.map((f, n) => `<a href="#f${n}">@${escapeHtml(f.name)}</a>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="legend">Rows: <span class="role">chosen</span> an instruction AsmQuery chose for actions;
<span style="background:#ffd8d8">SPILL</span> a value stored to a stack slot;
<span style="background:#d8ecff">RELOAD</span> a value loaded from one;
<span style="background:#f3f3f3">move</span> another move; LIRC: control flow, calls and the frame.
See docs/explain.md.</p>
<nav>${nav}</nav>
${functions.map((f, n) => functionSection(f, n, subject.target)).join('\n')}
</body>
</html>
`;
}

function functionSection(f: FunctionExplanation, n: number, target: string): string {
  const id = (k: number) => `f${n}-a${k}`;
  const actions = actionRows(f)
    .map((row) => {
      if (row.kind === 'input')
        return `<li class="input" value="${row.index}">input: <code>${escapeHtml(row.text)}</code></li>`;
      const a = f.actions[row.index]!;
      const origin = a.origin === 'stream' ? '' : ` <em>(${a.origin})</em>`;
      const fate = a.fate ? ` <span class="fate">${escapeHtml(a.fate)}</span>` : '';
      return `<li id="${id(row.index)}" value="${row.index}"${row.nested ? ' class="nested"' : ''}><code>${escapeHtml(a.text)}</code>${origin}${fate}</li>`;
    })
    .join('\n');
  const rows = f.instructions.map((i) => instructionRow(f, i, id)).join('\n');
  return `<section id="f${n}">
<h2>@${escapeHtml(f.name)} <small>(${escapeHtml(target)}: ${escapeHtml(moveCounts(f))})</small></h2>
<h3>Actions</h3>
<ol class="actions" start="0">
${actions}
</ol>
<h3>Instructions</h3>
<table>
<thead><tr><th>offset</th><th>bytes</th><th>what</th><th>assembly</th><th>implements</th><th>candidates</th><th>live after</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h3>Listing</h3>
<pre class="listing">${escapeHtml(f.listing)}</pre>
</section>`;
}

function instructionRow(
  f: FunctionExplanation,
  i: ExplainedInstruction,
  id: (k: number) => string,
): string {
  const implementsCell =
    i.covers.length > 0
      ? i.covers
          .map(
            (k) => `<a href="#${id(k)}">#${k}</a> <code>${escapeHtml(f.actions[k]!.text)}</code>`,
          )
          .join('<br>')
      : escapeHtml(purpose(f, i));
  const live = i.live
    ? i.live.length === 0
      ? '(none)'
      : i.live.map((v) => `<code>${escapeHtml(liveText(v))}</code>`).join(' ')
    : '—';
  return `<tr class="${i.role}">
<td class="mono">${hexOffset(i.offset)}</td>
<td class="mono">${hexBytes(i.bytes)}</td>
<td class="role">${ROLE_NAMES[i.role]}</td>
<td class="mono">${escapeHtml(i.assembly).replace(/\n/g, '<br>')}</td>
<td>${implementsCell}</td>
<td>${candidatesCell(i)}</td>
<td class="live">${live}</td>
</tr>`;
}

function candidatesCell(i: ExplainedInstruction): string {
  const candidates = i.candidates ?? [];
  if (candidates.length === 0) return '';
  const rejected = i.rejected ?? [];
  const items = candidates
    .map(
      (c) =>
        `<li class="${c.lost === undefined ? 'won' : 'lost'}">${escapeHtml(candidateText(c))}</li>`,
    )
    .join('');
  const misses = groupRejections(rejected, FORMS_SHOWN)
    .map((g) => `<li>${escapeHtml(g.reason)}: <code>${escapeHtml(groupForms(g))}</code></li>`)
    .join('');
  const missList =
    rejected.length === 0
      ? ''
      : `<details><summary>${rejected.length} form(s) did not match</summary><ul>${misses}</ul></details>`;
  return `<details><summary>${candidates.length} candidate(s)</summary><ul>${items}</ul></details>${missList}`;
}
