// Query throughput of AsmQuery on a realistic action stream, per machine
// definition: the stream mixes what a WebAssembly function compiles to
// (address arithmetic + loads and stores, ALU with registers and
// immediates, compares feeding branches, shifts, multiplies, constants).
// It walks the stream like LIRC does: query the window at the current
// position (up to K actions), take the best candidate, advance by what it
// covers. Prints forms, queries/s, actions/s and candidates per query.
// Run after a build: `node packages/asmquery/bench/query.mjs [actions]`.

import { ModuleBuilder, ModuleCollector } from '../../low-ir/dist/index.js';
import { loadMachine, Matcher } from '../dist/index.js';

const total = Number(process.argv[2] ?? 200_000);
const machines = [];
for (const name of ['x86_64', 'riscv32']) {
  try {
    const mod = await import(`../../../machine-defs/${name}/dist/index.js`);
    machines.push(mod[name]);
  } catch (e) {
    console.log(`${name}: not built (${e.message.split('\n')[0]})`);
  }
}

/** One function of `n` actions for a machine with `ptr`-bit addresses. */
function stream(ptr, n) {
  const c = new ModuleCollector();
  const mb = new ModuleBuilder(c, { pointerWidth: ptr });
  const f = mb.function(
    'f',
    [
      { width: ptr, uses: 1 << 30 },
      { width: 32, uses: 1 << 30 },
    ],
    [],
  );
  const [base, x] = f.params;
  let v = x;
  let k = 0;
  while (k < n) {
    const addr = f.op('add', ptr, [base, (k % 64) * 4]);
    const loaded = f.op('load', 32, [addr]);
    const sum = f.op('add', 32, [loaded, v], { uses: 3 });
    const scaled = f.op('shl', 32, [sum, 2]);
    const mixed = f.op('xor', 32, [scaled, sum]);
    const prod = f.op('mul', 32, [mixed, 3]);
    const addr2 = f.op('add', ptr, [base, (k % 32) * 8 + 4]);
    f.effect('store', 32, [addr2, prod]);
    const cond = f.op('lt_s', 32, [sum, 1000]);
    const done = f.newLabel();
    f.brIf(cond, done, []);
    const label = done;
    f.jump(label, []);
    f.bind(done, []);
    v = f.op('add', 32, [x, k & 1023]);
    k += 12;
  }
  f.ret([]);
  f.end();
  mb.end();
  const body = c.result().functions[0].body;
  return body.filter((i) => i.kind === 'action').map((i) => i.action);
}

function bench(def) {
  const machine = loadMachine(def);
  const matcher = new Matcher(machine);
  const actions = stream(def.pointerWidth, total);
  const gpr = machine.def.classes[0].registers[1];
  const uses = new Map();
  for (const a of actions)
    for (const op of a.operands)
      if (op.kind === 'value') uses.set(op.id, (uses.get(op.id) ?? 0) + 1);
  const labelsPlaced = new Map();
  let queries = 0;
  let candidates = 0;
  let covered = 0;
  const t0 = process.hrtime.bigint();
  let i = 0;
  while (i < actions.length) {
    const window = actions.slice(i, i + matcher.maxLength);
    const result = matcher.query({
      actions: window,
      locations: () => [{ kind: 'reg', reg: gpr }],
      usesLeft: (id) => uses.get(id) ?? 0,
      labelOffset: (id) => labelsPlaced.get(id),
    });
    queries++;
    candidates += result.length;
    const step = result[0]?.covers ?? 1;
    for (const a of window.slice(0, step))
      for (const op of a.operands) if (op.kind === 'value') uses.set(op.id, uses.get(op.id) - 1);
    covered += result[0] ? step : 0;
    i += step;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    name: def.name,
    forms: machine.forms.length,
    k: matcher.maxLength,
    actions: actions.length,
    queries,
    qps: queries / seconds,
    aps: actions.length / seconds,
    perQuery: candidates / queries,
    unmatched: actions.length - covered,
  };
}

console.log(
  '| machine | forms | K | actions | queries | queries/s | actions/s | candidates/query | actions without a form |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
/**
 * `def` plus `n` forms of an action the stream never uses: the per-query cost
 * should not grow with forms that cannot match (the bitsets rule them out).
 */
function withUnrelatedForms(def, n) {
  const model = def.forms.find(
    (f) =>
      Object.keys(f.params).length >= 2 && Object.values(f.params).every((p) => p.kind === 'reg'),
  );
  const [a, b] = Object.keys(model.params);
  const unused = {
    opcode: 'bench_unused',
    category: 'benchmark',
    summary: 'never used by the stream',
    widths: [[32]],
    effects: {
      pure: true,
      readsMemory: false,
      writesMemory: false,
      control: 'none',
      mayTrap: false,
    },
    signature: () => ({
      operands: [
        { kind: 'value', width: 32 },
        { kind: 'value', width: 32 },
      ],
      results: [32],
    }),
  };
  const forms = Array.from({ length: n }, (_, i) => ({
    ...model,
    name: `unused ${i}`,
    params: { [a]: { ...model.params[a], width: 32 }, [b]: { ...model.params[b], width: 32 } },
    semantics: `%out = bench_unused.32 %${a}, %${b}`,
    outputs: { out: a },
    clobbers: [],
  }));
  return {
    ...def,
    name: `${def.name} + ${n} unrelated forms`,
    actions: [...(def.actions ?? []), unused],
    forms: [...def.forms, ...forms],
  };
}

const x86 = machines.find((d) => d.name === 'x86_64');
if (x86) machines.push(withUnrelatedForms(x86, 20_000));
for (const def of machines) {
  bench(def); // warm-up
  const r = bench(def);
  console.log(
    `| ${r.name} | ${r.forms} | ${r.k} | ${r.actions} | ${r.queries} | ${Math.round(r.qps).toLocaleString('en')} | ${Math.round(r.aps).toLocaleString('en')} | ${r.perQuery.toFixed(1)} | ${r.unmatched} |`,
  );
}
