/**
 * WebAssembly text details binaryen's reader does not check and LIRC does
 * (src/text/float-literals.ts, src/binary/reader.ts): float literals that
 * round to infinity are malformed, decided exactly at the rounding boundary
 * (const.wast), and a name keeps a leading U+FEFF (names.wast).
 */
import { decodeModule, prepareModule, WasmError } from '../src/index.js';

/** The error prepareModule gives for the text, or undefined when it accepts it. */
async function problem(text: string): Promise<WasmError | undefined> {
  try {
    await prepareModule({ text, file: 'literals.wat' });
    return undefined;
  } catch (error) {
    if (error instanceof WasmError) return error;
    throw error;
  }
}

const constant = (type: string, literal: string) =>
  `(module (func (${type}.const ${literal}) drop))`;

describe('float literals out of range are malformed', () => {
  test.each([
    ['f32', '0x1.fffffep127'],
    ['f32', '0x1.fffffefffffffffffffp127'], // just under the halfway point to 2^128
    ['f32', '-0x1.fffffefffffffffffffp127'],
    ['f32', '1e38'],
    ['f32', '340282356779733661637539395458142568447'], // halfway - 1
    ['f32', '0x1p-149'],
    ['f32', '1e-1000'],
    ['f32', 'inf'],
    ['f32', '-nan:0x7fffff'],
    ['f64', '0x1.fffffffffffffp1023'],
    ['f64', '1.7976931348623157e308'],
    [
      'f64',
      '179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791',
    ], // halfway - 1
    ['f64', '1_000.000_1e1_0'],
    ['f64', 'nan:0xfffffffffffff'],
  ])('%s.const %s is accepted', async (type, literal) => {
    expect((await problem(constant(type, literal)))?.message).toBeUndefined();
  });

  test.each([
    ['f32', '0x1p128'],
    ['f32', '-0x1.ffffffp127'], // exactly halfway: ties to even, 2^128
    ['f32', '1e39'],
    ['f32', '340282356779733661637539395458142568448'], // exactly halfway
    ['f32', '1e1000000000'],
    ['f64', '0x1p1024'],
    ['f64', '0x1.fffffffffffff8p1023'],
    ['f64', '1.7976931348623159e308'],
    ['f64', '-1e309'],
    ['f64', '0x1_0000_0000_0000_0p1020'],
  ])('%s.const %s is rejected', async (type, literal) => {
    const error = await problem(constant(type, literal));
    expect(error?.message).toMatch(/constant out of range/);
  });

  test.each([
    ['f32', 'nan:0x800000'],
    ['f32', 'nan:0x0'],
    ['f64', 'nan:0x10000000000000'],
  ])('%s.const %s (a NaN payload out of range) is rejected, by binaryen', async (type, literal) => {
    expect((await problem(constant(type, literal)))?.message).toMatch(
      /syntax error: expected f(32|64)/,
    );
  });

  test('the message names the file, the line and the column of the literal', async () => {
    const error = await problem('(module\n  (func\n    (f64.const 1e400) drop))');
    expect(error?.message).toBe(
      'literals.wat:3:16: constant out of range: f64.const 1e400 (rounds to infinity)',
    );
  });

  test('comments and strings are not literals', async () => {
    const text = [
      '(module ;; f32.const 1e39',
      '  (; f32.const 1e39 (; nested ;) f64.const 1e999 ;)',
      '  (func (export "f32.const") (result f32) (f32.const 1.5)))',
    ].join('\n');
    expect((await problem(text))?.message).toBeUndefined();
  });
});

describe('names keep every code point', () => {
  test('an export named U+FEFF is not the empty name', () => {
    // (module (func) (export "\u{feff}" (func 0)))
    const bytes = Uint8Array.from([
      0x00,
      0x61,
      0x73,
      0x6d,
      0x01,
      0x00,
      0x00,
      0x00, // magic, version
      0x01,
      0x04,
      0x01,
      0x60,
      0x00,
      0x00, // type: () -> ()
      0x03,
      0x02,
      0x01,
      0x00, // function 0 of type 0
      0x07,
      0x07,
      0x01,
      0x03,
      0xef,
      0xbb,
      0xbf,
      0x00,
      0x00, // export "\u{feff}" func 0
      0x0a,
      0x04,
      0x01,
      0x02,
      0x00,
      0x0b, // body: end
    ]);
    expect(decodeModule(bytes, 'bom.wasm').exports.map((e) => e.name)).toEqual(['\u{feff}']);
  });
});
