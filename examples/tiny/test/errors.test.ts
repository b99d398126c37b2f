/**
 * Problems with a Tiny program are errors that name the file, the line and
 * the column: from the lexer, the parser and the name checks.
 */
import { TinyError } from '../src/errors.js';
import { frontEnd } from '../src/frontend.js';

/** The message frontEnd throws for `text` (as file bad.tiny). */
function problem(text: string): string {
  try {
    frontEnd(text, 'bad.tiny');
  } catch (e) {
    expect(e).toBeInstanceOf(TinyError);
    return (e as TinyError).message;
  }
  throw new Error('no error');
}

describe('errors name file:line:col', () => {
  test.each([
    ['fn main() { return 1 $ 2; }', "bad.tiny:1:22: unexpected character '$'"],
    ['fn main() {\n  return 12ab;\n}', "bad.tiny:2:10: bad number '12a'"],
    ['fn main() {\n  return 1 +;\n}', "bad.tiny:2:13: expected an expression, found ';'"],
    ['fn main() { return 1 }', "bad.tiny:1:22: expected ';', found '}'"],
    ['fn main() {\n  var x = 1;\n', "bad.tiny:3:1: expected '}', found end of file"],
    ['fn main(a b) { return a; }', "bad.tiny:1:11: expected ',' or ')', found 'b'"],
    ['return 1;', "bad.tiny:1:1: expected 'fn' (a function), found 'return'"],
    ['fn main() { return 1 < 2 < 3; }', 'bad.tiny:1:26: comparisons do not chain'],
    ['fn main() { return 2147483648; }', 'bad.tiny:1:20: number 2147483648 is too large'],
    ['fn main() {\n  return y;\n}', "bad.tiny:2:10: unknown variable 'y'"],
    ['fn main() { y = 1; return 0; }', "bad.tiny:1:13: unknown variable 'y'"],
    ['fn main() { return f(1); }', "bad.tiny:1:20: unknown function 'f'"],
    [
      'fn f(a) { return a; }\nfn main() { return f(1, 2); }',
      "bad.tiny:2:20: 'f' takes 1 argument(s), got 2",
    ],
    [
      'fn f() { return 0; }\nfn f() { return 1; }',
      "bad.tiny:2:1: function 'f' is already defined at line 1",
    ],
    ['fn f(a, a) { return a; }', "bad.tiny:1:1: parameter 'a' of 'f' appears twice"],
    [
      'fn f() { var a = 1; var a = 2; return a; }',
      "bad.tiny:1:21: variable 'a' is already declared here",
    ],
    ['fn f() { if 1 { var a = 1; } return a; }', "bad.tiny:1:37: unknown variable 'a'"],
  ])('%j', (text, message) => {
    expect(problem(text)).toContain(message);
  });

  test('a variable may shadow one of an outer block, and code after return is still checked', () => {
    expect(() =>
      frontEnd('fn f(a) { if a { var a = 2; return a; } return a; }', 'ok.tiny'),
    ).not.toThrow();
    expect(problem('fn f() { return 1; return x; }')).toContain("unknown variable 'x'");
  });
});
