/**
 * The verifier rejects ill-formed Low IR with a diagnostic that names the
 * place (line:column, function, action) and says why. One case per rule, plus
 * the same checks on a builder stream (no positions).
 */
import {
  formatDiagnostic,
  LowIrVerificationError,
  loadLir,
  ModuleBuilder,
  Verifier,
} from '@lirc/low-ir';

/** The formatted diagnostics for `text` (empty when it verifies). */
function problems(text: string): string[] {
  try {
    loadLir(text, { file: 'v.lir' });
    return [];
  } catch (e) {
    if (!(e instanceof LowIrVerificationError)) throw e;
    return e.diagnostics.map((d) => formatDiagnostic(d, 'v.lir'));
  }
}

const ok = (text: string) => expect(problems(text)).toEqual([]);

describe('accepts valid programs', () => {
  test('loop with label parameters, calls, externs, clone and drop', () => {
    ok(`module ptr64
memory 64
data 0 "abc"
extern @host(32) -> (32)

func @main(%n: 32) -> (32) {
  %h: 32 = call @host(%n)
  jump ^loop(%h, 0)
^loop(%i*2: 32, %acc*2: 32):
  clone %i, 2
  %done = eqz.32 %i
  br_if %done, ^exit(%acc)
  %acc2 = add.32 %acc, %i
  %i2 = sub.32 %i, 1
  drop %i
  jump ^loop(%i2, %acc2)
^exit(%r: 32):
  %p*0 = func_addr @later
  return %r
}

func @later() -> () {
  return
}
`);
  });
});

const fn = (params: string, body: string, results = '32') =>
  `func @f(${params}) -> (${results}) {\n${body}\n}\n`;

describe('rejects, naming the place and the reason', () => {
  test.each([
    [
      'operand width mismatch',
      fn('%a: 64, %b: 32', '  %x = add.32 %a, %b\n  return %x'),
      'v.lir:2:8: in @f, action #0, `%x = add.32 %a, %b`: operand 1: %a has width 64, but add expects 32',
    ],
    [
      'immediate too wide',
      fn('%a: 8', '  %x = add.8 %a, 300\n  %y = zext.32.8 %x\n  return %y'),
      'v.lir:2:8: in @f, action #0, `%x = add.8 %a, 300`: operand 2: immediate 300 does not fit 8 bits',
    ],
    [
      'symbol where a value is expected',
      fn('%a: 32', '  %x = add.32 %a, foo\n  return %x'),
      'v.lir:2:8: in @f, action #0, `%x = add.32 %a, foo`: operand 2: expected a value or immediate, found a sym',
    ],
    [
      'condition is not 1-bit',
      fn('%a*2: 32', '  br_if %a, ^L(%a)\n  trap unreachable\n^L(%x: 32):\n  return %x'),
      'v.lir:2:3: in @f, action #0, `br_if %a, ^L(%a)`: operand 1: %a has width 32, but br_if expects 1',
    ],
    [
      'too many uses',
      fn('%a*1: 32', '  %x = add.32 %a, %a\n  return %x'),
      'v.lir:2:8: in @f, action #0, `%x = add.32 %a, %a`: %a is used more times than its declared uses allow',
    ],
    [
      'uses left at a jump',
      fn('%a*2: 32', '  jump ^L(%a)\n^L(%x: 32):\n  return %x'),
      'v.lir:2:3: in @f, action #0, `jump ^L(%a)`: %a still has 1 unconsumed use(s) at the end of the block (jump); drop it or lower its declared uses',
    ],
    [
      'uses left at a return',
      fn('%a: 32', '  %x*2 = add.32 %a, 1\n  return %x'),
      'v.lir:3:3: in @f, action #1, `return %x`: %x still has 1 unconsumed use(s) at the end of the block (return); drop it or lower its declared uses',
    ],
    [
      'value used after its block',
      fn('%a*2: 32', '  jump ^L(%a)\n^L(%x: 32):\n  %y = add.32 %x, %a\n  return %y'),
      'v.lir:4:8: in @f, action #1, `%y = add.32 %x, %a`: operand 2: %a is not live here: it was defined before a label; pass it as a label parameter',
    ],
    [
      'fallthrough into a label',
      fn('%a: 32', '  %x = add.32 %a, 1\n^L:\n  return %x'),
      'v.lir:3:1: in @f, `^L:`: label ^L is reached by falling through; end the previous block with jump, return or trap',
    ],
    [
      'action after the end of a block',
      fn('%a: 32', '  return %a\n  %x*0 = const.32 1'),
      'v.lir:3:10: in @f, action #1, `%x*0 = const.32 1`: unreachable action after the end of a block; start a new block with a label',
    ],
    [
      'label defined twice',
      fn('%a: 32', '  jump ^L(%a)\n^L(%x: 32):\n  jump ^L(%x)\n^L(%y: 32):\n  return %y'),
      'v.lir:5:1: in @f, `^L(%y: 32):`: label ^L is defined twice',
    ],
    [
      'label never defined',
      fn('%a: 32', '  jump ^nowhere(%a)'),
      'v.lir:1:1: in @f, `func @f`: label ^nowhere is used but never defined',
    ],
    [
      'jump arguments do not match (label defined later)',
      fn('%a: 32', '  jump ^L(%a)\n^L(%x: 64):\n  %y = trunc.32.64 %x\n  return %y'),
      'v.lir:2:3: in @f, action #0, `jump ^L(%a)`: jump to ^L: argument 1 is a 32-bit value, expected 64 bits',
    ],
    [
      'jump argument count (label defined earlier)',
      fn('%a: 32', '  jump ^L(%a)\n^L(%x*2: 32):\n  jump ^L(%x, %x)'),
      'v.lir:4:3: in @f, action #1, `jump ^L(%x, %x)`: jump to ^L passes 2 value(s), expected 1',
    ],
    [
      'return of the wrong width',
      fn('%a: 64', '  return %a'),
      'v.lir:2:3: in @f, action #0, `return %a`: return: argument 1 is a 64-bit value, expected 32 bits',
    ],
    [
      'control falls off the end',
      fn('%a: 32', '  %x*0 = add.32 %a, 1'),
      'v.lir:1:1: in @f, `func @f`: control reaches the end of the function; end it with return, jump or trap',
    ],
    [
      'call to an undefined function',
      fn('%a: 32', '  %r: 32 = call @g(%a)\n  return %r'),
      'v.lir:2:12: in @f, action #0, `%r: 32 = call @g(%a)`: @g is neither a function of the module nor an extern',
    ],
    [
      'call with wrong arguments and results',
      `${fn('%a: 32', '  %r: 64 = call @g(%a, 1)\n  %t = trunc.32.64 %r\n  return %t')}\nfunc @g(%x: 64) -> (32) {\n  %y = trunc.32.64 %x\n  return %y\n}\n`,
      'v.lir:2:12: in @f, action #0, `%r: 64 = call @g(%a, 1)`: call to @g passes 2 value(s), expected 1',
    ],
    [
      'clone of a value with no use left',
      fn('%a*0: 32', '  clone %a, 1\n  return %a'),
      'v.lir:2:3: in @f, action #0, `clone %a, 1`: %a has no use left, so it cannot be cloned (clone it before its last use)',
    ],
    [
      'clone by zero',
      fn('%a: 32', '  clone %a, 0\n  return %a'),
      'v.lir:2:3: in @f, action #0, `clone %a, 0`: operand 2: clone count must be at least 1',
    ],
    [
      'two parameters in one register',
      fn('%a: 32 in $r1, %b*0: 32 in $r1', '  return %a'),
      'v.lir:1:1: in @f, `func @f`: parameters: two values are assigned the same location $r1',
    ],
    [
      'misaligned stack slot',
      fn('%a: 64 in [4]', '  %t = trunc.32.64 %a\n  return %t'),
      'v.lir:1:1: in @f, `func @f`: parameters: stack slot [4] of %a is not aligned to 8 bytes',
    ],
    [
      'data outside memory',
      'memory 4\ndata 2 "abc"\n',
      'v.lir:2:1: data segment at 2 (3 bytes) does not fit in memory of 4 bytes',
    ],
    [
      'function defined twice',
      `${fn('%a: 32', '  return %a')}${fn('%a: 32', '  return %a')}`,
      'v.lir:4:1: in @f, `func @f`: function @f is defined twice',
    ],
  ])('%s', (_name, text, message) => {
    expect(problems(text)).toContain(message);
  });

  test('extra results of a call are reported with the call', () => {
    const text = `${fn('%a: 32', '  %r: 32, %s*0: 32 = call @g(%a)\n  return %r')}\nfunc @g(%x: 32) -> (32) {\n  return %x\n}\n`;
    expect(problems(text)).toEqual([
      'v.lir:2:22: in @f, action #0, `%r: 32, %s*0: 32 = call @g(%a)`: call to @g declares results (32, 32), but it returns (32)',
    ]);
  });
});

describe('builder streams (no source positions)', () => {
  test('diagnostics name the function and action index', () => {
    const v = new Verifier();
    const mb = new ModuleBuilder(v);
    const f = mb.function('g', [{ width: 32, name: 'a' }], [32]);
    const x = f.op('add', 64, [f.params[0]!, 1]);
    f.ret([x]);
    f.end();
    mb.end();
    expect(v.diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      'in @g, action #0, `%1 = add.64 %a, 1`: operand 1: %a has width 32, but add expects 64',
      'in @g, action #1, `return %1`: return: argument 1 is a 64-bit value, expected 32 bits',
    ]);
  });
});
