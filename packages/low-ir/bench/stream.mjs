// Throughput of the streaming Low IR pieces on generated functions of 1K to
// 1M actions: build → verify, build → print, parse → verify, and the
// interpreter's steps per second. Prints actions/s per size and the ratio of
// per-action cost at the largest size to the smallest (≈1 means linear time).
// Each figure is the best of three runs.
// Run after a build: `node packages/low-ir/bench/stream.mjs [maxActions]`.
import {
  Interpreter,
  ModuleBuilder,
  ModuleCollector,
  parseLir,
  TextPrinter,
  Verifier,
} from '../dist/index.js';

const max = Number(process.argv[2] ?? 1_000_000);
const sizes = [1_000, 10_000, 100_000, 1_000_000].filter((n) => n <= max);

/** Straight-line: a chain of ALU actions on two running values. */
function straight(sink, n) {
  const mb = new ModuleBuilder(sink);
  const f = mb.function('f', [{ width: 32 }, { width: 32 }], [32]);
  let [a, b] = f.params;
  const ops = ['add', 'xor', 'sub', 'mul', 'rotl', 'and', 'or', 'shl'];
  for (let i = 0; i < n - 2; i += 2) {
    f.clone(a);
    const c = f.op(ops[i % 8], 32, [a, b]);
    b = f.op(ops[(i + 3) % 8], 32, [a, i]);
    a = c;
  }
  const r = f.op('add', 32, [a, b]);
  f.ret([r]);
  f.end();
  mb.end();
}

/** Loop-heavy: many small blocks, each a labelled loop body with a branch. */
function loops(sink, n) {
  const mb = new ModuleBuilder(sink);
  const f = mb.function('g', [{ width: 32 }], [32]);
  let [x] = f.params;
  const blocks = Math.max(1, Math.floor(n / 8));
  for (let k = 0; k < blocks; k++) {
    const head = f.newLabel();
    const exit = f.newLabel();
    f.jump(head, [x, 3]);
    const [v, i] = f.bind(head, [
      { width: 32, uses: 2 },
      { width: 32, uses: 2 },
    ]);
    const z = f.op('eqz', 32, [i]);
    f.brIf(z, exit, [v]);
    const v2 = f.op('add', 32, [v, k]);
    const i2 = f.op('sub', 32, [i, 1]);
    f.jump(head, [v2, i2]);
    [x] = f.bind(exit, [{ width: 32 }]);
  }
  f.ret([x]);
  f.end();
  mb.end();
}

const counting = {
  module() {},
  beginFunction() {},
  label() {},
  action() {
    this.n++;
  },
  endFunction() {},
  endModule() {},
  n: 0,
};

/** Best of three runs, in seconds (the machine is noisy; the minimum is the most stable). */
function time(fn) {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const t0 = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

function countActions(gen, n) {
  counting.n = 0;
  gen(counting, n);
  return counting.n;
}

// Warm the JIT up so the smallest size is not measured cold.
for (const gen of [straight, loops]) {
  for (let k = 0; k < 3; k++) {
    gen(new Verifier(), 20_000);
    const lines = [];
    gen(new TextPrinter((l) => lines.push(l)), 20_000);
    parseLir(lines.join('\n'), new Verifier());
  }
}

const rows = [];
for (const [name, gen] of [
  ['straight-line', straight],
  ['loop-heavy', loops],
]) {
  for (const n of sizes) {
    const actions = countActions(gen, n);
    const verify = time(() => {
      const v = new Verifier();
      gen(v, n);
      if (!v.ok) throw new Error(v.diagnostics[0].message);
    });
    let bytes = 0;
    const print = time(() => {
      bytes = 0;
      gen(
        new TextPrinter((l) => {
          bytes += l.length + 1;
        }),
        n,
      );
    });
    const lines = [];
    gen(new TextPrinter((l) => lines.push(l)), n);
    const text = lines.join('\n');
    if (text.length + 1 !== bytes) throw new Error('printer output differs between runs');
    const parse = time(() => parseLir(text, new Verifier()));
    let steps = 0;
    let run = 0;
    if (actions <= 100_000) {
      const c = new ModuleCollector();
      gen(c, n);
      const it = new Interpreter(c.result(), { verify: false });
      run = time(() => {
        const r = it.call(
          name === 'straight-line' ? 'f' : 'g',
          name === 'straight-line' ? [3, 5] : [7],
        );
        steps = r.steps;
      });
    }
    rows.push({ name, actions, verify, print, parse, steps, run });
  }
}

const rate = (count, s) => (s > 0 ? `${(count / s / 1e6).toFixed(2)} M/s` : '-');
console.log(
  '| function | actions | build+verify | build+print | parse+verify | interpreter steps/s |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.actions} | ${rate(r.actions, r.verify)} | ${rate(r.actions, r.print)} | ${rate(r.actions, r.parse)} | ${r.steps ? rate(r.steps, r.run) : '-'} |`,
  );
}
for (const name of ['straight-line', 'loop-heavy']) {
  const mine = rows.filter((r) => r.name === name);
  const first = mine[0];
  const last = mine[mine.length - 1];
  const ratio = (k) => (last[k] / last.actions / (first[k] / first.actions)).toFixed(2);
  console.log(
    `${name}: per-action cost ratio ${last.actions}/${first.actions} actions: build+verify ${ratio('verify')}, build+print ${ratio('print')}, parse+verify ${ratio('parse')}`,
  );
}
