/**
 * The `--stats` report of `lirc run` and `lirc compile`: one `name: value`
 * line per figure, values aligned, or with `--json` one JSON object on one
 * line (the WasmStats fields; times in milliseconds), printed on stderr
 * (stdout keeps the results). A Low IR input has no WebAssembly figures
 * (code section, binaryen): its compile time is `compile`.
 */

/** The figures of compiling (and perhaps running) one module. */
export interface WasmStats {
  readonly target: string;
  /** How the code ran (`native`, `emulated`), for runs. */
  readonly ran?: string;
  /** Functions the module defines. */
  readonly functions: number;
  /** Bytes of the (validated, perhaps optimised) module's code section (WebAssembly only). */
  readonly codeSectionBytes?: number;
  /** Low IR actions translated from the functions. */
  readonly actions: number;
  /** Bytes of machine code (for runs, with the runtime's glue). */
  readonly machineCodeBytes: number;
  /** Milliseconds in binaryen: loading it (the first time), validation, and optimisation with -O (WebAssembly only). */
  readonly binaryenMs?: number;
  /** Whether binaryen optimised the module. */
  readonly optimized?: boolean;
  /** Milliseconds decoding, translating to Low IR and compiling (and linking); compiling only for Low IR. */
  readonly compileMs: number;
  /** Milliseconds loading and running the code, for runs. */
  readonly runMs?: number;
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

/** The report: one figure per line, or with `json` the figures as one line of JSON (WasmStats's names, times in milliseconds). */
export function formatStats(s: WasmStats, json = false): string {
  // Times to a tenth of a millisecond, as the text shows them.
  if (json)
    return `${JSON.stringify(s, (key, value) => (key.endsWith('Ms') ? Math.round(value * 10) / 10 : value))}\n`;
  const wasm = s.binaryenMs !== undefined;
  const rows: [string, string][] = [
    ['target', s.ran === undefined ? s.target : `${s.target} (${s.ran})`],
    ['functions', String(s.functions)],
  ];
  if (s.codeSectionBytes !== undefined) rows.push(['wasm code bytes', String(s.codeSectionBytes)]);
  rows.push(
    ['low ir actions', String(s.actions)],
    ['machine code bytes', String(s.machineCodeBytes)],
  );
  if (s.binaryenMs !== undefined)
    rows.push([
      s.optimized ? 'binaryen load+validation+optimization' : 'binaryen load+validation',
      ms(s.binaryenMs),
    ]);
  rows.push([wasm ? 'decode+translate+compile' : 'compile', ms(s.compileMs)]);
  if (s.runMs !== undefined) rows.push(['run', ms(s.runMs)]);
  const width = Math.max(...rows.map(([name]) => name.length)) + 1;
  return rows.map(([name, value]) => `${`${name}:`.padEnd(width)} ${value}\n`).join('');
}
