/**
 * Spec testsuite reports: per-file results of the spec runner rendered as a
 * plain-text table for the terminal and as the markdown of
 * docs/conformance.md (a table per target, totals, skip reasons, failures).
 * Both are deterministic (no dates, sorted), so the document diffs cleanly.
 */

/** The results of one .wast file on one target. */
export interface FileResult {
  /** The file's name, e.g. `i32.wast`. */
  file: string;
  /** The target it ran on (a machine name, or e.g. `interpreter`). */
  target: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Why commands were skipped: reason → number of commands. */
  skipReasons: Map<string, number>;
  /** The failed commands: line in the .wast file and what went wrong. */
  failures: { line: number; message: string }[];
}

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** The command that regenerates the document (named in its header). */
  command: string;
  /** A sentence on what was run, e.g. the testsuite snapshot (optional). */
  description?: string;
  /** Failures listed per file (default 3); the rest are counted. */
  maxFailures?: number;
}

/** Options of {@link renderText}. */
export interface TextOptions {
  /** Failures listed per file under the table (default 5). */
  maxFailures?: number;
}

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
  skipReasons: Map<string, number>;
}

/** The results grouped by target (in order of first appearance), files sorted. */
function byTarget(results: readonly FileResult[]): Map<string, FileResult[]> {
  const groups = new Map<string, FileResult[]>();
  for (const r of results) {
    const group = groups.get(r.target);
    if (group) group.push(r);
    else groups.set(r.target, [r]);
  }
  for (const group of groups.values()) group.sort((a, b) => compare(a.file, b.file));
  return groups;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function totals(results: readonly FileResult[]): Totals {
  const t: Totals = { passed: 0, failed: 0, skipped: 0, skipReasons: new Map() };
  for (const r of results) {
    t.passed += r.passed;
    t.failed += r.failed;
    t.skipped += r.skipped;
    for (const [reason, n] of r.skipReasons)
      t.skipReasons.set(reason, (t.skipReasons.get(reason) ?? 0) + n);
  }
  return t;
}

/** Reasons most frequent first (then by name). */
function sortedReasons(reasons: Map<string, number>): [string, number][] {
  return [...reasons].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]));
}

/** `reason (n); reason (n)`. */
function reasonList(reasons: Map<string, number>): string {
  return sortedReasons(reasons)
    .map(([reason, n]) => `${reason} (${n})`)
    .join('; ');
}

/** Up to `max` failures of a file as `file:line: message`, and a count of the rest. */
function failureLines(r: FileResult, max: number): string[] {
  const lines = r.failures.slice(0, max).map((f) => `${r.file}:${f.line}: ${f.message}`);
  const rest = r.failures.length - Math.min(max, r.failures.length);
  if (rest > 0) lines.push(`${r.file}: ${rest} more failure${rest > 1 ? 's' : ''}`);
  return lines;
}

// --- terminal ------------------------------------------------------------

/** Formats rows as columns: numbers right-aligned, text (the first and last column) left. */
function columns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const last = widths.length - 1;
  return rows.map((row) =>
    row
      .map((cell, i) =>
        i === 0 || i === last ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
      )
      .join('  ')
      .trimEnd(),
  );
}

/**
 * A plain-text report for the terminal: per target, a table of files
 * (passed, failed, skipped, skip reasons), a total line, then the first
 * failures of each file.
 */
export function renderText(results: readonly FileResult[], options: TextOptions = {}): string {
  const max = options.maxFailures ?? 5;
  const out: string[] = [];
  for (const [target, files] of byTarget(results)) {
    const t = totals(files);
    const rows = [['file', 'passed', 'failed', 'skipped', 'skip reasons']];
    for (const r of files)
      rows.push([r.file, `${r.passed}`, `${r.failed}`, `${r.skipped}`, reasonList(r.skipReasons)]);
    rows.push(['total', `${t.passed}`, `${t.failed}`, `${t.skipped}`, '']);
    const lines = columns(rows);
    const rule = '-'.repeat(Math.max(...lines.map((l) => l.length)));
    out.push(`target ${target}`, lines[0]!, rule, ...lines.slice(1, -1), rule, lines.at(-1)!);
    const failures = files.flatMap((r) => failureLines(r, max));
    if (failures.length > 0) out.push('failures:', ...failures.map((l) => `  ${l}`));
    out.push('');
  }
  return out.join('\n');
}

// --- docs/conformance.md -------------------------------------------------

/** A table cell: no pipes or newlines. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** Markdown inline code that survives backticks in the text. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/**
 * The markdown of docs/conformance.md: a header naming the command that
 * regenerates it, then per target a table (file | passed | failed | skipped |
 * skip reasons) with a totals row, the skip reasons over all files, and the
 * first failures of each file.
 */
export function renderMarkdown(results: readonly FileResult[], options: MarkdownOptions): string {
  const max = options.maxFailures ?? 3;
  const groups = byTarget(results);
  const out = [
    '# Spec conformance',
    '',
    `Generated by ${code(options.command)}; do not edit by hand, run the command again.`,
  ];
  if (options.description) out.push('', options.description);
  out.push('', '| target | passed | failed | skipped |', '| --- | ---: | ---: | ---: |');
  for (const [target, files] of groups) {
    const t = totals(files);
    out.push(`| ${cell(target)} | ${t.passed} | ${t.failed} | ${t.skipped} |`);
  }
  for (const [target, files] of groups) {
    const t = totals(files);
    out.push('', `## ${target}`, '');
    out.push('| file | passed | failed | skipped | skip reasons |');
    out.push('| --- | ---: | ---: | ---: | --- |');
    for (const r of files) {
      const reasons = cell(reasonList(r.skipReasons));
      out.push(`| ${cell(r.file)} | ${r.passed} | ${r.failed} | ${r.skipped} | ${reasons} |`);
    }
    out.push(`| **total** | **${t.passed}** | **${t.failed}** | **${t.skipped}** | |`);
    if (t.skipReasons.size > 0) {
      out.push('', 'Skip reasons over all files:', '');
      for (const [reason, n] of sortedReasons(t.skipReasons)) out.push(`- ${reason}: ${n}`);
    }
    const failures = files.flatMap((r) => failureLines(r, max));
    if (failures.length > 0) {
      out.push('', 'Failures:', '');
      for (const line of failures) out.push(`- ${line.replace(/\s*\n\s*/g, ' ')}`);
    }
  }
  out.push('');
  return out.join('\n');
}
