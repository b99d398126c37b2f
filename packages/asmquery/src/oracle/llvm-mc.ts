/**
 * Running llvm-mc in batches: assemble many lines of assembly, or
 * disassemble many lines of bytes, in one process, and map the output back to
 * the input lines (llvm-mc skips failing lines and reports them on stderr).
 */
import { spawnSync } from 'node:child_process';

/** llvm-mc's answer for one input line. */
export type McResult =
  | { readonly ok: true; readonly text: string; readonly bytes?: number[] }
  | { readonly ok: false; readonly error: string };

function run(args: readonly string[], input: string): { stdout: string; stderr: string } {
  const r = spawnSync('llvm-mc', [...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error)
    throw new Error(`cannot run llvm-mc (install LLVM: apt-get install llvm): ${r.error.message}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** Lines of stderr diagnostics by input line number (1-based). */
function diagnostics(stderr: string): Map<number, string> {
  const out = new Map<number, string>();
  const lines = stderr.split('\n');
  lines.forEach((line, k) => {
    const m = /^<stdin>:(\d+):\d+: (error|warning): (.*)$/.exec(line);
    if (m && !out.has(Number(m[1])))
      out.set(Number(m[1]), `${m[2]}: ${m[3]}${lines[k + 1] ? ` (${lines[k + 1]!.trim()})` : ''}`);
  });
  return out;
}

/** Instruction lines of llvm-mc output (no directives, no comment-only lines). */
function instructionLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('.') && !l.trim().startsWith('#'));
}

/**
 * One byte of llvm-mc's `encoding: [...]`: `0x1f`, a byte a fixup fills
 * wholly (`A`, read as 0), or one it fills partly, in binary with the fixup's
 * bits as letters (`0bAAAA0101`, read with those bits 0).
 */
function fixupByte(text: string): number {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text, 16);
  if (/^0b[01a-z]{8}$/i.test(text))
    return Number.parseInt(text.slice(2).replace(/[a-z]/gi, '0'), 2);
  return 0;
}

/** Assembles each line; returns llvm-mc's text and encoding for each (unresolved fixup bytes read as 0). */
export function assembleLines(
  triple: string,
  args: readonly string[],
  lines: readonly string[],
): McResult[] {
  const { stdout, stderr } = run(
    [`-triple=${triple}`, ...args, '-show-encoding'],
    `${lines.join('\n')}\n`,
  );
  const errors = diagnostics(stderr);
  const outputs = instructionLines(stdout);
  const results: McResult[] = [];
  let next = 0;
  lines.forEach((_line, k) => {
    const error = errors.get(k + 1);
    if (error?.startsWith('error')) {
      results.push({ ok: false, error });
      return;
    }
    const out = outputs[next++];
    const m = out === undefined ? null : /^(.*?)#\s*encoding:\s*\[([^\]]*)\]/.exec(out);
    if (!m) {
      results.push({ ok: false, error: `no encoding in llvm-mc output: ${out ?? '(none)'}` });
      return;
    }
    const bytes = m[2]!
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== '')
      .map(fixupByte);
    results.push({ ok: true, text: m[1]!.trim(), bytes });
  });
  return results;
}

/**
 * Disassembles each line of bytes (one instruction expected per line, or
 * `counts[k]` for a sequence). Returns the instruction texts joined with
 * newlines, or the error.
 */
export function disassembleLines(
  triple: string,
  args: readonly string[],
  byteLines: readonly number[][],
  counts: readonly number[],
): McResult[] {
  const hex = (bytes: readonly number[]) =>
    bytes.map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
  const batch = (from: number, to: number): McResult[] | undefined => {
    const { stdout, stderr } = run(
      [`-triple=${triple}`, ...args, '--disassemble'],
      `${byteLines.slice(from, to).map(hex).join('\n')}\n`,
    );
    const outputs = instructionLines(stdout);
    const expected = counts.slice(from, to).reduce((a, b) => a + b, 0);
    if (stderr.trim() !== '' || outputs.length !== expected) return undefined;
    const results: McResult[] = [];
    let next = 0;
    for (let k = from; k < to; k++) {
      const text = outputs
        .slice(next, next + counts[k]!)
        .map((l) => l.trim())
        .join('\n');
      next += counts[k]!;
      results.push({ ok: true, text });
    }
    return results;
  };
  /** Disassembles lines [from, to); a range with a problem is split in halves until the bad line is alone. */
  const solve = (from: number, to: number): McResult[] => {
    const whole = batch(from, to);
    if (whole) return whole;
    if (to - from > 1) {
      const mid = (from + to) >>> 1;
      return [...solve(from, mid), ...solve(mid, to)];
    }
    const { stdout, stderr } = run(
      [`-triple=${triple}`, ...args, '--disassemble'],
      `${hex(byteLines[from]!)}\n`,
    );
    const said = instructionLines(stdout)
      .map((l) => l.trim())
      .join(' / ');
    return [{ ok: false, error: `llvm-mc: ${stderr.trim().split('\n')[0] ?? ''} ${said}`.trim() }];
  };
  // Large chunks keep the process count low.
  const results: McResult[] = [];
  const chunk = 10_000;
  for (let from = 0; from < byteLines.length; from += chunk) {
    results.push(...solve(from, Math.min(byteLines.length, from + chunk)));
  }
  return results;
}
