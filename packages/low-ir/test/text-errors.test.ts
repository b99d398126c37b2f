/**
 * Bad `.lir` text is rejected with a LirSyntaxError whose message starts with
 * file:line:column and says what was expected.
 */
import { LirSyntaxError } from '@lirc/low-ir';
import { parse } from './helpers/text.js';

function errorOf(text: string): string {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(LirSyntaxError);
    return (e as Error).message;
  }
  throw new Error('expected a syntax error');
}

const fn = (body: string) => `func @f(%a*4: 32, %w: 64) -> (32) {\n${body}\n}\n`;

describe('syntax errors name the place and what was expected', () => {
  test.each([
    ['unknown action', fn('  %x = frob.32 %a'), "test.lir:2:8: unknown action 'frob'"],
    [
      'wrong width',
      fn('  %x = add.7 %a, %a'),
      'test.lir:2:8: add does not allow width .7; allowed: add.8, add.16, add.32, add.64',
    ],
    [
      'missing width',
      fn('  %x = sext %a'),
      'test.lir:2:8: sext does not allow width (none); allowed: sext.8.1, sext.16.1, sext.16.8, sext.32.1, sext.32.8, sext.32.16, sext.64.1, sext.64.8, sext.64.16, sext.64.32',
    ],
    [
      'undefined value',
      fn('  %x = add.32 %a, %nope'),
      'test.lir:2:19: use of undefined value %nope',
    ],
    [
      'value defined twice',
      fn('  %a = add.32 %a, %a'),
      'test.lir:2:3: value %a is already defined at line 1',
    ],
    [
      'missing result name',
      fn('  add.32 %a, %a'),
      'test.lir:2:3: add has 1 result; write %name = add.32 …, found 0 result name(s)',
    ],
    [
      'result on a store',
      fn('  %x = store.32 %w, %a'),
      'test.lir:2:3: store has no result, found 1 result name(s)',
    ],
    [
      'call result without width',
      fn('  %r = call @f(%a, %w)'),
      'test.lir:2:3: the results of call need a width: write %r: 32',
    ],
    [
      'declared width disagrees',
      fn('  %x: 64 = add.32 %a, %a'),
      'test.lir:2:3: %x is declared 64 bits but add.32 gives 32',
    ],
    [
      'bad operand',
      fn('  %x = add.32 %a, ='),
      "test.lir:2:19: expected an operand (%value, integer, ^label, @function or symbol), found '='",
    ],
    ['junk after action', fn('  return %a )'), "test.lir:2:13: expected end of line, found ')'"],
    [
      'unclosed parameter list',
      'func @f(%a: 32 -> (32) {\n}\n',
      "test.lir:1:16: expected ',' or ')', found '->'",
    ],
    [
      'bad parameter width',
      'func @f(%a: 7) -> () {\n}\n',
      'test.lir:1:13: a width is 1, 8, 16, 32 or 64, not 7',
    ],
    [
      'missing closing brace',
      'func @f() -> () {\n  trap unreachable\n',
      "test.lir:3:1: expected '}' to close function @f",
    ],
    ['unexpected character', fn('  # what'), "test.lir:2:3: unexpected character '#'"],
    ['malformed number', fn('  %x = add.32 %a, 12ab'), "test.lir:2:19: malformed number '12ab'"],
    ['unterminated string', 'memory 4\ndata 0 "abc\n', 'test.lir:2:8: unterminated string'],
    [
      'bad string escape',
      'memory 4\ndata 0 "\\zz"\n',
      'test.lir:2:9: expected two hex digits after \\ in a string',
    ],
    [
      'directive after function',
      `${fn('  return %a')}memory 16\n`,
      "test.lir:4:1: 'memory' must come before the first function",
    ],
    [
      'module not first',
      'memory 16\nmodule ptr32\n',
      "test.lir:2:1: 'module' must be the first directive, once",
    ],
    [
      'bad pointer width',
      'module ptr16\n',
      "test.lir:1:8: expected 'ptr32' or 'ptr64', found 'ptr16'",
    ],
    [
      'bad location',
      'func @f(%a: 32 in 5) -> () {\n}\n',
      "test.lir:1:19: expected a location ('any', a class name, $register or [offset]), found '5'",
    ],
    ['stray token at top level', 'return\n', "test.lir:1:1: expected 'func', found 'return'"],
    ['sigil without name', fn('  %x = add.32 %, %a'), "test.lir:2:15: expected a name after '%'"],
  ])('%s', (_name, text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});
