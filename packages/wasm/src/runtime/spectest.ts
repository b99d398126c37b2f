/**
 * The `spectest` host module that the WebAssembly spec tests import: print
 * functions (which print nothing here: the tests check no output),
 * `global_i32` = 666, `global_i64` = 666, `global_f32` = 666.6,
 * `global_f64` = 666.6, a table of 10 to 20 entries and a memory of 1 to 2
 * pages. The functions are Low IR, compiled with the store, so they run on
 * every target.
 */
import type { FuncType, ValType } from '../binary/module.js';
import type { ExternValue, Store } from './store.js';

const PRINTS: [string, ValType[]][] = [
  ['print', []],
  ['print_i32', ['i32']],
  ['print_i64', ['i64']],
  ['print_f32', ['f32']],
  ['print_f64', ['f64']],
  ['print_i32_f32', ['i32', 'f32']],
  ['print_f64_f64', ['f64', 'f64']],
];

const F32_666_6 = 0x4426_a666n;
const F64_666_6 = 0x4084_d4cc_cccc_cccdn;

/** Adds the spectest module to `store`; returns its exports. */
export function spectest(store: Store): Map<string, ExternValue> {
  const P = store.P;
  const exports = new Map<string, ExternValue>();
  const text = [`module ptr${P}`];
  for (const [name, params] of PRINTS) {
    const fn = `spectest_${name}`;
    const ps = params.map((t, k) => `, %a${k}: ${t === 'i32' || t === 'f32' ? 32 : 64}`).join('');
    const drops = params.map((_t, k) => `  drop %a${k}`);
    text.push(`func @${fn}(%ctx: ${P}${ps}) {`, '  drop %ctx', ...drops, '  return', '}');
    const type: FuncType = { params, results: [] };
    exports.set(name, { kind: 'func', type, code: { name: fn }, context: 0n });
  }
  store.extraText.push(text.join('\n'));
  const global = (type: ValType, bits: bigint): ExternValue => ({
    kind: 'global',
    cell: store.allocateGlobal(bits),
    type: { type, mutable: false },
  });
  exports.set('global_i32', global('i32', 666n));
  exports.set('global_i64', global('i64', 666n));
  exports.set('global_f32', global('f32', F32_666_6));
  exports.set('global_f64', global('f64', F64_666_6));
  exports.set('table', {
    kind: 'table',
    descriptor: store.allocateTable({ min: 10, max: 20 }),
    limits: { min: 10, max: 20 },
  });
  exports.set('memory', {
    kind: 'memory',
    descriptor: store.allocateMemory({ min: 1, max: 2 }),
    limits: { min: 1, max: 2 },
  });
  return exports;
}
