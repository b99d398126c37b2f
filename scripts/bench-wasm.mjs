#!/usr/bin/env node
/**
 * LIRC against V8 on the WebAssembly corpus (../shared/corpus), side by side
 * in one run: compile throughput, generated code size, execution. Run after
 * a build (`npm run bench:wasm` sets up and builds first):
 *
 *   node scripts/bench-wasm.mjs [--runs 3] [--only compile,size,exec] [--big]
 *
 * - compile: MB/s of code-section bytes, single thread. LIRC (x86_64 and
 *   riscv32): decodeModule (validation included) + translateModule +
 *   ModuleCompiler + link, the path of `lirc compile`; binaryen's
 *   prepareModule timed on its own. An instruction the translator does not
 *   support would compile as a trap (`unsupported: 'trap'`) and be counted
 *   (none is left: every 2020 instruction translates on both targets). V8:
 *   `new WebAssembly.Module` in a child node per tier (Liftoff:
 *   --liftoff-only; TurboFan: --no-liftoff --no-wasm-tier-up), with
 *   --no-wasm-lazy-compilation --no-wasm-native-module-cache-enabled
 *   --single-threaded. spidermonkey.wasm is compiled by LIRC only with --big
 *   (about ten minutes per target and run).
 * - size: machine-code bytes per code-section byte. LIRC: the linked code
 *   (functions and glue); V8: the `codesize` of each function printed by
 *   --trace-wasm-compilation-times.
 * - exec: CoreMark's `run()` (score and wall time) and the `run(n)`
 *   micro-benchmarks, on LIRC x86_64 (natively, the call only: the store's
 *   run minus its compile time), V8 Liftoff and V8 TurboFan.
 *
 * Each figure is given as min/median over the runs (best/median for scores).
 * The corpus is ../shared/corpus next to the checkout, or LIRC_WASM_CORPUS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = dirname(dirname(SCRIPT));

const V8_COMMON = [
  '--no-wasm-lazy-compilation',
  '--no-wasm-native-module-cache-enabled',
  '--single-threaded',
];
const TIERS = [
  { name: 'V8 Liftoff', flags: ['--liftoff-only', ...V8_COMMON] },
  { name: 'V8 TurboFan', flags: ['--no-liftoff', '--no-wasm-tier-up', ...V8_COMMON] },
];
const TARGETS = ['x86_64', 'riscv32'];
const COMPILE_MODULES = [
  'coremark.wasm',
  'erc20.wasm',
  'bz2.wasm',
  'pulldown-cmark.wasm',
  'spidermonkey.wasm',
];
/** Modules LIRC compiles only with --big. */
const BIG = new Set(['spidermonkey.wasm']);
/** The micro-benchmarks and their `run(n)` argument (about 0.5–2 s on V8 TurboFan here). */
const MICRO = [
  { file: 'counter-local.wat', type: 'i32', n: 2_000_000_000 },
  { file: 'fibonacci-iter.wat', type: 'i64', n: 3_000_000_000 },
  { file: 'fibonacci-rec.wat', type: 'i64', n: 40 },
];

// --- child mode: one V8 measurement, JSON on stderr ------------------------

/** A JS value of WebAssembly type `type` from its decimal text. */
const jsArg = (type, text) => (type === 'i64' ? BigInt(text) : Number(text));

/** Whatever a corpus module imports, for V8: only `env.clock_ms` is ever called. */
function v8Imports(module) {
  const start = performance.now();
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind !== 'function') continue;
    imports[imp.module] ??= {};
    imports[imp.module][imp.name] = () => Math.floor(performance.now() - start);
  }
  return imports;
}

function child(args) {
  const [mode, file, runsText, type, n] = args;
  const bytes = readFileSync(file);
  const runs = Number(runsText);
  if (mode === 'compile') {
    new WebAssembly.Module(bytes); // warm-up
    const ms = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      new WebAssembly.Module(bytes);
      ms.push(performance.now() - t0);
    }
    return { ms };
  }
  if (mode === 'size') {
    new WebAssembly.Module(bytes);
    return {};
  }
  // exec
  const module = new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(module, v8Imports(module));
  const ms = [];
  const results = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = n === undefined ? instance.exports.run() : instance.exports.run(jsArg(type, n));
    ms.push(performance.now() - t0);
    results.push(String(r));
  }
  return { ms, results };
}

/** Runs this script as a child node with `flags` and returns its JSON (and V8's output). */
function v8(flags, args) {
  const r = spawnSync(process.execPath, [...flags, SCRIPT, '--child', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) return { error: (r.stderr || `exit ${r.status}`).trim().split('\n')[0] };
  const json = r.stderr.split('\n').findLast((line) => line.startsWith('{'));
  return { ...JSON.parse(json), output: r.stdout };
}

// --- figures and tables -------------------------------------------------------

const min = (xs) => Math.min(...xs);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, digits) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
/** Three significant digits (throughputs from 0.005 to 50 MB/s). */
const sig = (x) => x.toLocaleString('en-US', { maximumSignificantDigits: 3 });
/** "min / median" of `xs` with `digits`. */
const minMed = (xs, digits = 0) => `${fmt(min(xs), digits)} / ${fmt(median(xs), digits)}`;
/** Throughput "at best / at median" in MB/s for `bytes` over times `ms`. */
const mbps = (bytes, ms) => {
  const rate = (t) => bytes / 1e6 / (t / 1000);
  return `${sig(rate(min(ms)))} / ${sig(rate(median(ms)))}`;
};

function table(title, head, rows, notes = []) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(head));
  console.log(line(head.map((_, i) => (i === 0 ? '---' : '---:'))));
  for (const row of rows) console.log(line(row));
  for (const note of notes) console.log(`\n${note}`);
}

// --- LIRC ------------------------------------------------------------------------

async function loadLirc() {
  const { loadMachine } = await import('../packages/asmquery/dist/index.js');
  const core = await import('../packages/core/dist/index.js');
  const wasm = await import('../packages/wasm/dist/index.js');
  const machines = {};
  for (const name of TARGETS)
    machines[name] = loadMachine((await import(`../machine-defs/${name}/dist/index.js`))[name]);
  return { ...core, ...wasm, machines };
}

/**
 * `lirc compile`'s path (packages/cli/src/wasm-compile.ts), an instruction
 * the translator does not support as a trap: decode, translate into the ModuleCompiler, link. Returns the
 * times, the code and the number of `unsupported` traps written.
 */
function lircCompile(L, bytes, file, machine) {
  const t0 = performance.now();
  const module = L.decodeModule(bytes, file);
  const t1 = performance.now();
  const compiler = new L.ModuleCompiler(machine, { file });
  let traps = 0;
  const isUnsupported = (a) =>
    a.opcode === 'trap' && a.operands.some((o) => o.name === L.UNSUPPORTED_TRAP);
  const sink = {
    module: () => {},
    endModule: () => {},
    beginFunction: (h) => compiler.beginFunction(h),
    label: (l) => compiler.label(l),
    action: (a) => {
      if (isUnsupported(a)) traps++;
      compiler.action(a);
    },
    endFunction: () => compiler.endFunction(),
  };
  const pointerWidth = machine.def.pointerWidth;
  compiler.module({ pointerWidth, data: [], externs: [] });
  const { actions } = L.translateModule(module, sink, { pointerWidth, unsupported: 'trap' });
  compiler.endModule();
  const code = compiler.link();
  const t2 = performance.now();
  return {
    decodeMs: t1 - t0,
    totalMs: t2 - t0,
    codeBytes: module.codeBytes,
    machineBytes: code.code.length,
    actions,
    traps,
  };
}

/** The first instruction of `module` the translator does not support, or undefined. */
function firstUnsupported(L, module) {
  const sink = {
    module: () => {},
    endModule: () => {},
    beginFunction: () => {},
    label: () => {},
    action: () => {},
    endFunction: () => {},
  };
  try {
    L.translateModule(module, sink, { pointerWidth: 64 });
    return undefined;
  } catch (e) {
    if (e instanceof L.UnsupportedError) return e.feature;
    throw e;
  }
}

const errorText = (e) => String(e?.message ?? e).split('\n')[0];

/** A table cell for an error; the whole message goes to `notes`. */
function errorCell(notes, where, text) {
  notes.push(`${where}: ${text}`);
  return `error (note ${notes.length})`;
}

// --- the parts ------------------------------------------------------------------

async function compilePart(ctx) {
  const { L, corpus, runs, big } = ctx;
  const rows = [];
  const bodyRows = [];
  const notes = [];
  await L.prepareModule({ bytes: readFileSync(join(corpus, 'coremark.wasm')), file: 'warm-up' });
  // Warm LIRC's JavaScript up on small modules first (their errors are reported below).
  for (const t of TARGETS)
    for (const file of ['coremark.wasm', 'erc20.wasm'])
      try {
        lircCompile(L, readFileSync(join(corpus, file)), file, L.machines[t]);
      } catch {}
  for (const file of COMPILE_MODULES) {
    const path = join(corpus, file);
    const bytes = readFileSync(path);
    const codeBytes = L.decodeModule(bytes, file).codeBytes;
    const cells = [file, fmt(codeBytes, 0)];
    const binaryen = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await L.prepareModule({ bytes, file });
      binaryen.push(performance.now() - t0);
    }
    for (const tier of TIERS) {
      const r = v8(tier.flags, ['compile', path, String(runs)]);
      cells.push(
        r.error ? errorCell(notes, `${file} ${tier.name}`, r.error) : mbps(codeBytes, r.ms),
      );
    }
    const lirc = {};
    let traps = '';
    let decode = [];
    for (const t of TARGETS) {
      if (BIG.has(file) && !big) {
        cells.push('skipped (--big)');
        continue;
      }
      const ms = [];
      try {
        for (let i = 0; i < runs; i++) {
          const r = lircCompile(L, bytes, file, L.machines[t]);
          ms.push(r.totalMs);
          decode.push(r.decodeMs);
          traps = String(r.traps);
          lirc[t] = r;
        }
        cells.push(mbps(codeBytes, ms));
        bodyRows.push([file, t, fmt(lirc[t].actions, 0), minMed(ms)]);
      } catch (e) {
        cells.push(errorCell(notes, `${file} LIRC ${t}`, errorText(e)));
        lirc[t] = { error: errorText(e) };
      }
    }
    if (decode.length === 0) decode = [Number.NaN];
    cells.push(Number.isNaN(decode[0]) ? '-' : mbps(codeBytes, decode), mbps(codeBytes, binaryen));
    cells.push(traps === '' ? '-' : traps);
    rows.push(cells);
    ctx.lircSizes[file] = lirc;
  }
  table(
    `Compile throughput, MB/s of code-section bytes (at min / at median time of ${runs} runs)`,
    [
      'module',
      'code bytes',
      'V8 Liftoff',
      'V8 TurboFan',
      'LIRC x86_64',
      'LIRC riscv32',
      'LIRC decode+validate only',
      'binaryen prepareModule',
      'unsupported instrs as traps',
    ],
    rows,
    [
      'LIRC = decodeModule (validation included) + translateModule + ModuleCompiler + link, one thread; ' +
        "the last column counts the instructions compiled as `unsupported` traps (0: every instruction translates). binaryen's validation is not in the LIRC figure.",
      ...notes.map((n, i) => `Note ${i + 1}: ${n}`),
    ],
  );
  table(
    'LIRC compile time per module (ms, min / median)',
    ['module', 'target', 'Low IR actions', 'ms'],
    bodyRows,
  );
}

async function sizePart(ctx) {
  const { L, corpus, big } = ctx;
  const rows = [];
  const notes = [];
  for (const file of COMPILE_MODULES) {
    const path = join(corpus, file);
    const bytes = readFileSync(path);
    const codeBytes = L.decodeModule(bytes, file).codeBytes;
    const cells = [file, fmt(codeBytes, 0)];
    for (const tier of TIERS) {
      const r = v8([...tier.flags, '--trace-wasm-compilation-times'], ['size', path, '1']);
      if (r.error) {
        cells.push(errorCell(notes, `${file} ${tier.name}`, r.error));
        continue;
      }
      let code = 0;
      for (const m of r.output.matchAll(/^Compiled function .* codesize (\d+)/gm)) code += +m[1];
      cells.push(`${fmt(code / codeBytes, 2)} (${fmt(code, 0)})`);
    }
    for (const t of TARGETS) {
      let r = ctx.lircSizes[file]?.[t];
      if (r === undefined && !(BIG.has(file) && !big)) {
        try {
          r = lircCompile(L, bytes, file, L.machines[t]);
        } catch (e) {
          cells.push(errorCell(notes, `${file} LIRC ${t}`, errorText(e)));
          continue;
        }
      }
      if (r?.error) cells.push(errorCell(notes, `${file} LIRC ${t}`, r.error));
      else
        cells.push(
          r ? `${fmt(r.machineBytes / codeBytes, 2)} (${fmt(r.machineBytes, 0)})` : 'skipped',
        );
    }
    rows.push(cells);
  }
  table(
    'Generated code size: machine-code bytes per code-section byte (total bytes)',
    ['module', 'code bytes', 'V8 Liftoff', 'V8 TurboFan', 'LIRC x86_64', 'LIRC riscv32'],
    rows,
    [
      "V8: the sum of `codesize` of the functions in --trace-wasm-compilation-times (no wrappers). LIRC: the linked code (the module's functions, one entry per export, the instantiation routine).",
      ...notes.map((n, i) => `Note ${i + 1}: ${n}`),
    ],
  );
}

/** LIRC x86_64: `runs` stores each making one call of `run`; ms of the calls (run minus compile). */
async function lircExec(L, bytes, file, args, runs) {
  const ms = [];
  const results = [];
  for (let i = 0; i < runs; i++) {
    const store = L.createStore(L.targetFor(L.machines.x86_64));
    store.unsupported = 'trap';
    const module = L.decodeModule(bytes, file);
    const start = performance.now();
    const clock = L.hostFunction(
      store,
      { params: [], results: ['i32'] },
      () => Math.floor(performance.now() - start),
      'env.clock_ms',
    );
    const instance = store.instantiate(module, (m, n) =>
      m === 'env' && n === 'clock_ms' ? clock : undefined,
    );
    const call = L.invokeTyped(store, instance, 'run', args);
    const t0 = performance.now();
    const stats = await L.runStore(store);
    ms.push(performance.now() - t0 - stats.translateAndCompileMs);
    try {
      results.push(String(L.typedResult(call)));
    } catch (e) {
      results.push(`trap: ${errorText(e)}`);
    }
  }
  return { ms, results };
}

async function execPart(ctx) {
  const { L, corpus, runs, scratch } = ctx;
  const rows = [];
  const notes = [];
  const benches = [
    { file: 'coremark.wasm', path: join(corpus, 'coremark.wasm'), args: [] },
    ...(await Promise.all(
      MICRO.map(async ({ file, type, n }) => {
        const text = readFileSync(join(corpus, file), 'utf8');
        const bytes = await L.prepareModule({ text, file });
        const path = join(scratch, `${basename(file, '.wat')}.wasm`);
        writeFileSync(path, bytes);
        return { file: `${file} run(${fmt(n, 0)})`, path, args: [jsArg(type, n)], type, n };
      }),
    )),
  ];
  for (const b of benches) {
    const bytes = readFileSync(b.path);
    const cells = [b.file];
    const scoreCells = [];
    const measured = [];
    for (const tier of TIERS) {
      const r = v8(
        tier.flags,
        b.n === undefined
          ? ['exec', b.path, String(runs)]
          : ['exec', b.path, String(runs), b.type, String(b.n)],
      );
      measured.push({ name: tier.name, ...r });
    }
    let lirc;
    try {
      lirc = await lircExec(L, bytes, b.file, b.args, runs);
    } catch (e) {
      lirc = { error: errorText(e) };
    }
    measured.push({ name: 'LIRC x86_64', ...lirc });
    const turbofan = measured[1].ms ? median(measured[1].ms) : undefined;
    for (const m of measured) {
      if (m.error) {
        cells.push(errorCell(notes, `${b.file} ${m.name}`, m.error));
        scoreCells.push('-');
        continue;
      }
      const trapped = m.results.find((r) => r.startsWith('trap'));
      const ratio = turbofan ? ` (${fmt(median(m.ms) / turbofan, 2)}x)` : '';
      cells.push(trapped ? `${trapped}, after ${minMed(m.ms)}` : `${minMed(m.ms)}${ratio}`);
      if (b.file === 'coremark.wasm') {
        const scores = m.results.map(Number).filter((x) => !Number.isNaN(x));
        if (scores.length === 0) {
          const feature = firstUnsupported(L, L.decodeModule(bytes, b.file));
          scoreCells.push(`no score (unsupported instruction ${feature ?? '?'})`);
        } else {
          const zero = scores.filter((x) => x === 0).length;
          scoreCells.push(
            `${fmt(Math.max(...scores), 0)} / ${fmt(median(scores), 0)}${zero ? ` (${zero} run(s) scored 0)` : ''}`,
          );
        }
      } else {
        const distinct = [...new Set(m.results)];
        if (distinct.length > 1 || distinct[0] !== measured[1].results?.[0])
          notes.push(`${b.file}: ${m.name} returned ${distinct.join(', ')}`);
      }
    }
    rows.push(cells);
    if (b.file === 'coremark.wasm') ctx.coremark = scoreCells;
  }
  table(
    `Execution time, ms (min / median of ${runs} runs; in brackets median over V8 TurboFan's median)`,
    ['benchmark', 'V8 Liftoff', 'V8 TurboFan', 'LIRC x86_64'],
    rows,
    [
      "LIRC: the call only (runStore's time minus its compile time); V8: the call of the export.",
      ...notes,
    ],
  );
  if (ctx.coremark)
    table(
      'CoreMark score (best / median; higher is better)',
      ['', 'V8 Liftoff', 'V8 TurboFan', 'LIRC x86_64'],
      [['coremark.wasm run()', ...ctx.coremark]],
    );
}

// --- main -------------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      only: { type: 'string', default: 'compile,size,exec' },
      big: { type: 'boolean', default: false },
      child: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: false,
  });
  if (values.child) {
    const args = process.argv.slice(process.argv.indexOf('--child') + 1);
    // On stderr: V8's traces go to stdout, unsynchronised with Node's writes.
    process.stderr.write(`${JSON.stringify(child(args))}\n`);
    return;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
  const parts = new Set(String(values.only).split(','));
  for (const p of parts)
    if (!['compile', 'size', 'exec'].includes(p)) throw new Error(`--only: unknown part ${p}`);
  const corpus = resolve(process.env.LIRC_WASM_CORPUS ?? join(ROOT, '..', 'shared', 'corpus'));
  if (!existsSync(corpus)) throw new Error(`no corpus at ${corpus} (set LIRC_WASM_CORPUS)`);
  const scratch = mkdtempSync(join(tmpdir(), 'lirc-bench-wasm-'));
  const L = await loadLirc();
  const ctx = { L, corpus, runs, big: values.big, scratch, lircSizes: {} };
  console.log(
    `bench-wasm: ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ` +
      `${runs} run(s), parts ${[...parts].join(',')}; V8 flags ${V8_COMMON.join(' ')}`,
  );
  try {
    if (parts.has('compile')) await compilePart(ctx);
    if (parts.has('size')) await sizePart(ctx);
    if (parts.has('exec')) await execPart(ctx);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
