/**
 * The spec testsuite runner (runSpecFile): first on a small script whose
 * wrong expectations it must catch (so a passing file means something),
 * then on a few files of the 2020 snapshot that must pass with no failure on
 * both targets. The full list runs through `npm run conformance`. The
 * snapshot is ../shared/wasm-testsuite next to the checkout, or the
 * directory in LIRC_WASM_TESTSUITE.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMachine } from '@lirc/asmquery';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';
import { type FileResult, renderText, runSpecFile, targetFor } from '../src/index.js';

const TESTSUITE =
  process.env.LIRC_WASM_TESTSUITE ??
  fileURLToPath(new URL('../../../../shared/wasm-testsuite/', import.meta.url));

const TARGETS = {
  x86_64: targetFor(loadMachine(x86_64)),
  riscv32: targetFor(loadMachine(riscv32)),
};

/** Files that pass with no failure, per target. */
const FILES = {
  x86_64: ['i32', 'br_table', 'call_indirect', 'memory_trap', 'linking'],
  riscv32: ['i32', 'i64', 'br_table', 'memory_trap', 'linking'],
} as const;

let out: string;
beforeAll(() => {
  if (!existsSync(join(TESTSUITE, 'i32.wast')))
    throw new Error(`spec testsuite not found at ${TESTSUITE} (set LIRC_WASM_TESTSUITE)`);
  out = mkdtempSync(join(tmpdir(), 'lirc-spec-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every line of the script below ending in `;; fail` must fail. */
const SCRIPT = `
(module $M
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (export "fadd") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
  (func (export "nan") (result f32) (f32.const nan))
  (func (export "qnan") (result f64) (f64.const nan:0xc000000000000))
  (func (export "snan") (result f32) (f32.const nan:0x200000))
  (func $deep (export "deep") (call $deep))
  (global (export "g") i32 (i32.const 42))
)
(register "M" $M)
(module (func (import "M" "add") (param i32 i32) (result i32)) (export "add2" (func 0)))
(assert_return (invoke "add2" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (invoke $M "add" (i32.const 1) (i32.const 2)) (i32.const 4)) ;; fail
(assert_trap (invoke $M "div" (i32.const 1) (i32.const 0)) "integer divide")
(assert_trap (invoke $M "div" (i32.const 1) (i32.const 0)) "integer overflow") ;; fail
(assert_trap (invoke $M "div" (i32.const 1) (i32.const 1)) "integer divide by zero") ;; fail
(assert_return (invoke $M "fadd" (f64.const 1) (f64.const 2)) (f64.const 3))
(assert_return (invoke $M "nan") (f32.const nan:canonical))
(assert_return (invoke $M "qnan") (f64.const nan:arithmetic))
(assert_return (invoke $M "qnan") (f64.const nan:canonical)) ;; fail
(assert_return (invoke $M "snan") (f32.const nan:arithmetic)) ;; fail
(assert_exhaustion (invoke $M "deep") "call stack exhausted")
(assert_return (get $M "g") (i32.const 42))
(assert_return (get $M "g") (i32.const 43)) ;; fail
(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch") ;; fail
(assert_unlinkable (module (import "M" "nothing" (func))) "unknown import")
(assert_unlinkable (module (memory 1) (data (i32.const 65536) "a")) "data segment does not fit")
(assert_unlinkable (module (memory 1) (data (i32.const 0) "a")) "data segment does not fit") ;; fail
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(module (func $s (drop (f64.add (f64.const 1) (f64.const 2)))) (start $s))
`;

/** The lines of SCRIPT marked `marker`. */
function marked(marker: string): number[] {
  return SCRIPT.split('\n').flatMap((l, i) => (l.endsWith(`;; ${marker}`) ? [i + 1] : []));
}

// On riscv32 (32-bit pointers: f64 goes through the pair stage).
test('the runner counts passes and catches wrong expectations (f64 included)', async () => {
  const path = join(out, 'self.wast');
  writeFileSync(path, SCRIPT);
  const r = await runSpecFile(path, TARGETS.riscv32, { workDir: join(out, 'self') });
  expect(r.failures.map((f) => f.line)).toEqual(marked('fail'));
  expect(r.failed).toBe(marked('fail').length);
  expect(r.skipped).toBe(0);
  expect(r.skipReasons).toEqual(new Map());
  // 3 modules, 7 assertions on actions, 4 on modules.
  expect(r.passed).toBe(14);
  expect(r.failures[0]!.message).toBe(
    '$M.add(i32:0x1, i32:0x2): got [i32:0x3], expected [i32:0x4]',
  );
  expect(r.failures[1]!.message).toMatch(/expected trap "integer overflow", got trap "integer/);
}, 30_000);

async function expectClean(target: keyof typeof TARGETS, file: string): Promise<void> {
  const r: FileResult = await runSpecFile(join(TESTSUITE, `${file}.wast`), TARGETS[target], {
    workDir: join(out, target, file),
  });
  if (r.failed > 0) throw new Error(renderText([r], { maxFailures: 20 }));
  expect(r.passed).toBeGreaterThan(0);
  expect(r.skipped).toBe(0);
}

describe.each(Object.keys(FILES) as (keyof typeof FILES)[])('spec files on %s', (target) => {
  test.each([...FILES[target]])('%s.wast passes', (file) => expectClean(target, file), 60_000);
});
