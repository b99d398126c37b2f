/**
 * Float results in the spec runner: the matcher of assert_return
 * (matchesExpected) on bit patterns, and a small script run on both targets
 * whose functions only make float bits (constants, reinterpretations, neg),
 * so that it does not depend on float arithmetic translating: canonical and
 * arithmetic NaN patterns, NaN payloads and signed zeros compared bit for
 * bit, each with a case that must fail.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMachine } from '@lirc/asmquery';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';
import {
  type ExpectedValue,
  isArithmeticNan,
  isCanonicalNan,
  matchesExpected,
  runSpecFile,
  targetFor,
} from '../src/index.js';

const CANONICAL = 'nan:canonical';
const ARITHMETIC = 'nan:arithmetic';

describe('matchesExpected', () => {
  const f32 = (value: ExpectedValue['value']): ExpectedValue =>
    ({ type: 'f32', value }) as ExpectedValue;
  const f64 = (value: ExpectedValue['value']): ExpectedValue =>
    ({ type: 'f64', value }) as ExpectedValue;

  test.each([
    // [bits, canonical, arithmetic]
    [0x7fc00000n, true, true], // the canonical NaN
    [0xffc00000n, true, true], // negative
    [0x7fc00001n, false, true], // quiet, with a payload
    [0xffe00000n, false, true],
    [0x7fffffffn, false, true],
    [0x7fa00000n, false, false], // signalling (quiet bit clear)
    [0x7f800001n, false, false],
    [0x7f800000n, false, false], // infinity
    [0xff800000n, false, false],
    [0x3fc00000n, false, false], // 1.5: the quiet bit without the exponent
    [0x00000000n, false, false],
  ])('f32 %s: canonical %s, arithmetic %s', (bits, canonical, arithmetic) => {
    expect(isCanonicalNan('f32', bits)).toBe(canonical);
    expect(isArithmeticNan('f32', bits)).toBe(arithmetic);
    expect(matchesExpected(bits, 'f32', f32(CANONICAL))).toBe(canonical);
    expect(matchesExpected(bits, 'f32', f32(ARITHMETIC))).toBe(arithmetic);
  });

  test.each([
    [0x7ff8000000000000n, true, true],
    [0xfff8000000000000n, true, true],
    [0x7ff8000000000001n, false, true],
    [0xfffc000000000000n, false, true],
    [0x7fffffffffffffffn, false, true],
    [0x7ff4000000000000n, false, false], // signalling
    [0x7ff0000000000001n, false, false],
    [0x7ff0000000000000n, false, false], // infinity
    [0x7fc0000000000000n, false, false], // f32's canonical NaN bits, shifted: no f64 NaN
    [0x000000007fc00000n, false, false], // f32's canonical NaN in the low half
  ])('f64 %s: canonical %s, arithmetic %s', (bits, canonical, arithmetic) => {
    expect(isCanonicalNan('f64', bits)).toBe(canonical);
    expect(isArithmeticNan('f64', bits)).toBe(arithmetic);
    expect(matchesExpected(bits, 'f64', f64(CANONICAL))).toBe(canonical);
    expect(matchesExpected(bits, 'f64', f64(ARITHMETIC))).toBe(arithmetic);
  });

  test('exact values compare bit for bit, and of the same type', () => {
    expect(matchesExpected(0x3f800000n, 'f32', f32(0x3f800000n))).toBe(true); // 1.0
    expect(matchesExpected(0x80000000n, 'f32', f32(0x00000000n))).toBe(false); // -0 is not 0
    expect(matchesExpected(0x7fa00000n, 'f32', f32(0x7fa00000n))).toBe(true); // nan:0x200000
    expect(matchesExpected(0x7fc00000n, 'f32', f32(0x7fa00000n))).toBe(false); // another payload
    expect(matchesExpected(0xffc00000n, 'f32', f32(0x7fc00000n))).toBe(false); // another sign
    expect(matchesExpected(0x3f800000n, 'i32', f32(0x3f800000n))).toBe(false);
    expect(matchesExpected(0x7fc00000n, 'i32', f32(CANONICAL))).toBe(false);
    expect(matchesExpected(0x7ff8000000000000n, 'f32', f64(CANONICAL))).toBe(false);
    expect(matchesExpected(5n, 'i64', { type: 'i64', value: 5n })).toBe(true);
  });
});

/** Every line ending in `;; fail` must fail; all other assertions pass. */
const SCRIPT = `
(module
  (func (export "f32") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))
  (func (export "f64") (param i64) (result f64) (f64.reinterpret_i64 (local.get 0)))
  (func (export "neg32") (param f32) (result f32) (f32.neg (local.get 0)))
  (func (export "tenth") (result f32) (f32.const 0.1))
  (func (export "negzero") (result f64) (f64.const -0))
  (func (export "pair") (result f32 f64) (f32.const nan) (f64.const -nan:0xc000000000001))
)
(assert_return (invoke "f32" (i32.const 0x7fc00000)) (f32.const nan:canonical))
(assert_return (invoke "f32" (i32.const 0xffc00000)) (f32.const nan:canonical))
(assert_return (invoke "f32" (i32.const 0x7fc00001)) (f32.const nan:canonical)) ;; fail
(assert_return (invoke "f32" (i32.const 0x7fa00000)) (f32.const nan:canonical)) ;; fail
(assert_return (invoke "f32" (i32.const 0x7fc00001)) (f32.const nan:arithmetic))
(assert_return (invoke "f32" (i32.const 0xffe00000)) (f32.const nan:arithmetic))
(assert_return (invoke "f32" (i32.const 0x7fa00000)) (f32.const nan:arithmetic)) ;; fail
(assert_return (invoke "f32" (i32.const 0x7f800000)) (f32.const nan:arithmetic)) ;; fail
(assert_return (invoke "f32" (i32.const 0x7f800000)) (f32.const inf))
(assert_return (invoke "f32" (i32.const 0x7fa00000)) (f32.const nan:0x200000))
(assert_return (invoke "f32" (i32.const 0x7fc00000)) (f32.const nan:0x200000)) ;; fail
(assert_return (invoke "f32" (i32.const 0x80000000)) (f32.const -0))
(assert_return (invoke "f32" (i32.const 0x80000000)) (f32.const 0)) ;; fail
(assert_return (invoke "neg32" (f32.const nan:0x200000)) (f32.const -nan:0x200000))
(assert_return (invoke "neg32" (f32.const nan:0x200000)) (f32.const nan:0x200000)) ;; fail
(assert_return (invoke "tenth") (f32.const 0.1))
(assert_return (invoke "tenth") (f32.const 0.10000001)) ;; fail
(assert_return (invoke "f64" (i64.const 0x7ff8000000000000)) (f64.const nan:canonical))
(assert_return (invoke "f64" (i64.const 0xfff8000000000000)) (f64.const nan:canonical))
(assert_return (invoke "f64" (i64.const 0x7ff8000000000001)) (f64.const nan:canonical)) ;; fail
(assert_return (invoke "f64" (i64.const 0xfff8000000000001)) (f64.const nan:arithmetic))
(assert_return (invoke "f64" (i64.const 0x7ff4000000000000)) (f64.const nan:arithmetic)) ;; fail
(assert_return (invoke "negzero") (f64.const -0))
(assert_return (invoke "negzero") (f64.const 0)) ;; fail
(assert_return (invoke "pair") (f32.const nan:canonical) (f64.const nan:arithmetic))
(assert_return (invoke "pair") (f32.const nan:canonical) (f64.const nan:canonical)) ;; fail
`;

/** The lines of SCRIPT ending in `;; fail`. */
function failing(): number[] {
  return SCRIPT.split('\n').flatMap((l, i) => (l.endsWith(';; fail') ? [i + 1] : []));
}

const TARGETS = {
  x86_64: targetFor(loadMachine(x86_64)),
  riscv32: targetFor(loadMachine(riscv32)),
};

let out: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'lirc-spec-nan-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.each(Object.keys(TARGETS) as (keyof typeof TARGETS)[])('float results on %s', (target) => {
  test('NaN patterns, payloads and signed zeros', async () => {
    const path = join(out, `${target}.wast`);
    writeFileSync(path, SCRIPT);
    const r = await runSpecFile(path, TARGETS[target], { workDir: join(out, target) });
    expect(r.failures.map((f) => f.line)).toEqual(failing());
    expect(r.skipped).toBe(0);
    const assertions = SCRIPT.split('\n').filter((l) => l.startsWith('(assert_return')).length;
    expect(r.passed).toBe(1 + assertions - failing().length); // the module, and the rest
    const messages = r.failures.map((f) => f.message);
    expect(messages[0]).toBe(
      'f32(i32:0x7fc00001): got [f32:0x7fc00001 (NaN)], expected [f32:nan:canonical]',
    );
    expect(messages).toContain(
      'f32(i32:0x80000000): got [f32:0x80000000 (-0)], expected [f32:0x0 (0)]',
    );
    expect(messages.at(-1)).toBe(
      'pair(): got [f32:0x7fc00000 (NaN), f64:0xfffc000000000001 (NaN)], expected [f32:nan:canonical, f64:nan:canonical]',
    );
  }, 60_000);
});
