// Compile time per action of LIRC on generated functions of about 1K, 10K,
// 100K and 1M actions, straight-line and loop-heavy, for both machine
// definitions. Prints actions per second and the ratio of the per-action
// cost at the largest size to the smallest (linear time keeps it near 1).
// Each figure is the best of three runs. Run after a build:
//   node packages/core/bench/compile.mjs [maxActions]
import { loadMachine } from '../../asmquery/dist/index.js';
import { ModuleBuilder } from '../../low-ir/dist/index.js';
import { ModuleCompiler } from '../dist/index.js';

const max = Number(process.argv[2] ?? 1_000_000);
const sizes = [1_000, 10_000, 100_000, 1_000_000].filter((n) => n <= max);
const machines = [];
for (const name of ['x86_64', 'riscv32']) {
  const mod = await import(`../../../machine-defs/${name}/dist/index.js`);
  machines.push(loadMachine(mod[name]));
}

/** Straight-line: a chain of ALU actions on a few running values. */
function straight(sink, ptr, n) {
  const mb = new ModuleBuilder(sink, { pointerWidth: ptr });
  const f = mb.function('f', [{ width: 32 }, { width: 32 }], [32]);
  let [a, b] = f.params;
  const ops = ['add', 'xor', 'sub', 'mul', 'and', 'or', 'shl', 'shr_u'];
  for (let i = 0; i < n - 2; i += 2) {
    f.clone(a);
    const c = f.op(ops[i % 8], 32, [a, b]);
    b = f.op(ops[(i + 3) % 8], 32, [a, (i % 30) + 1]);
    a = c;
  }
  const r = f.op('add', 32, [a, b]);
  f.ret([r]);
  f.end();
  mb.end();
}

/** Loop-heavy: a small counted loop every 8 actions, with a label parameter per loop. */
function loops(sink, ptr, n) {
  const mb = new ModuleBuilder(sink, { pointerWidth: ptr });
  const f = mb.function('g', [{ width: 32 }], [32]);
  let [x] = f.params;
  for (let k = 0; k < Math.max(1, Math.floor(n / 8)); k++) {
    const head = f.newLabel();
    const exit = f.newLabel();
    f.jump(head, [x, 3]);
    const [v, i] = f.bind(head, [
      { width: 32, uses: 2 },
      { width: 32, uses: 2 },
    ]);
    const z = f.op('eqz', 32, [i]);
    f.brIf(z, exit, [v]);
    const v2 = f.op('add', 32, [v, k & 1023]);
    const i2 = f.op('sub', 32, [i, 1]);
    f.jump(head, [v2, i2]);
    [x] = f.bind(exit, [{ width: 32 }]);
  }
  f.ret([x]);
  f.end();
  mb.end();
}

function time(fn) {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const t0 = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

const counter = {
  n: 0,
  module() {},
  beginFunction() {},
  label() {},
  action() {
    this.n++;
  },
  endFunction() {},
  endModule() {},
};
for (const m of machines)
  for (const gen of [straight, loops]) gen(new ModuleCompiler(m), m.def.pointerWidth, 20_000); // warm-up

console.log('| machine | function | actions | actions/s | code bytes |');
console.log('|---|---|---:|---:|---:|');
const ratios = [];
for (const m of machines) {
  for (const [name, gen] of [
    ['straight-line', straight],
    ['loop-heavy', loops],
  ]) {
    const rows = [];
    for (const n of sizes) {
      counter.n = 0;
      gen(counter, m.def.pointerWidth, n);
      let bytes = 0;
      const s = time(() => {
        const mc = new ModuleCompiler(m);
        gen(mc, m.def.pointerWidth, n);
        bytes = mc.functions[0].code.length;
      });
      rows.push({ actions: counter.n, s });
      console.log(
        `| ${m.def.name} | ${name} | ${counter.n} | ${Math.round(counter.n / s).toLocaleString('en')} | ${bytes} |`,
      );
    }
    const first = rows[0];
    const last = rows[rows.length - 1];
    ratios.push(
      `${m.def.name} ${name}: per-action cost at ${last.actions} / at ${first.actions} actions = ${(last.s / last.actions / (first.s / first.actions)).toFixed(2)}`,
    );
  }
}
for (const r of ratios) console.log(r);
