/**
 * Traps are results, never exceptions: each trap kind comes back with the
 * function, action index and action text where it happened, and the
 * interpreter stays usable afterwards. Misuse of the interpreter itself (an
 * unknown function, wrong arguments, a missing host) is an InterpreterError.
 */
import { Interpreter, InterpreterError, LowIrVerificationError, parseModule } from '@lirc/low-ir';
import { interp, values } from './helpers/run.js';

const PROGRAM = `
module ptr64
memory 16
extern @missing() -> ()

func @div(%a: 32, %b: 32) -> (32) {
  %q = div_s.32 %a, %b
  return %q
}

func @rem(%a: 32, %b: 32) -> (32) {
  %r = rem_s.32 %a, %b
  return %r
}

func @checked(%x*2: 32) -> (32) {
  %big = gt_u.32 %x, 10
  trap_if %big, too_big
  return %x
}

func @explicit() -> () {
  trap unreachable
}

func @load(%p: 64) -> (64) {
  %v = load.64 %p
  return %v
}

func @deep(%n*2: 64) -> (64) {
  %z = eqz.64 %n
  br_if %z, ^done
  %m = sub.64 %n, 1
  %r: 64 = call @deep(%m)
  %s = add.64 %r, 1
  return %s
^done:
  return 0
}

func @forever(%x: 32) -> () {
  jump ^loop(%x)
^loop(%y: 32):
  %z = add.32 %y, 1
  jump ^loop(%z)
}

func @outer(%a: 32) -> (32) {
  %r: 32 = call @div(%a, 0)
  return %r
}

func @host() -> () {
  call @missing()
  return
}
`;

describe('traps come back as results', () => {
  const it = interp(PROGRAM, { maxSteps: 100_000, maxCallDepth: 1000 });

  test('integer division traps with their kinds', () => {
    expect(it.call('div', [7, 0])).toMatchObject({
      kind: 'trap',
      trap: 'int_divide_by_zero',
      function: 'div',
      actionIndex: 0,
      action: '%q = div_s.32 %a, %b',
    });
    expect(it.call('div', [-2147483648, -1])).toMatchObject({ kind: 'trap', trap: 'int_overflow' });
    expect(values(it.call('rem', [-2147483648, -1]))).toEqual([0n]);
    expect(values(it.call('div', [-7, 2]))).toEqual([BigInt.asUintN(32, -3n)]);
  });

  test('trap_if and trap', () => {
    expect(values(it.call('checked', [10]))).toEqual([10n]);
    expect(it.call('checked', [11])).toMatchObject({
      kind: 'trap',
      trap: 'too_big',
      actionIndex: 1,
    });
    expect(it.call('explicit', [])).toMatchObject({
      kind: 'trap',
      trap: 'unreachable',
      function: 'explicit',
    });
  });

  test('out-of-bounds and straddling accesses', () => {
    expect(values(it.call('load', [8]))).toEqual([0n]);
    expect(it.call('load', [9])).toMatchObject({ kind: 'trap', trap: 'out_of_bounds' });
    expect(it.call('load', [-1])).toMatchObject({ kind: 'trap', trap: 'out_of_bounds' });
  });

  test('deep recursion traps stack_overflow instead of crashing', () => {
    expect(values(it.call('deep', [500]))).toEqual([500n]);
    expect(it.call('deep', [100_000])).toMatchObject({
      kind: 'trap',
      trap: 'stack_overflow',
      function: 'deep',
    });
  });

  test('an endless loop stops at the step limit', () => {
    expect(it.call('forever', [0])).toMatchObject({
      kind: 'trap',
      trap: 'step_limit',
      steps: 100_001,
    });
  });

  test('a trap in a callee reports the callee', () => {
    expect(it.call('outer', [1])).toMatchObject({
      kind: 'trap',
      trap: 'int_divide_by_zero',
      function: 'div',
    });
    // still usable afterwards
    expect(values(it.call('div', [9, 3]))).toEqual([3n]);
  });
});

describe('misuse is an InterpreterError', () => {
  const it = interp(PROGRAM);
  test.each([
    ['no function @nope in the module', () => it.call('nope', [])],
    ['@div takes 2 argument(s), got 1', () => it.call('div', [1])],
    ['extern @missing has no host function', () => it.call('host', [])],
  ])('%s', (message, thunk) => {
    expect(thunk).toThrow(InterpreterError);
    expect(thunk).toThrow(message);
  });

  test('an unverifiable module is rejected before running', () => {
    const bad = parseModule('func @f(%a*1: 32) -> (32) {\n  %b = add.32 %a, %a\n  return %b\n}\n');
    expect(() => new Interpreter(bad)).toThrow(LowIrVerificationError);
  });
});

describe('speed: thousands of small programs', () => {
  test('2000 runs of collatz agree with JS', () => {
    const it = interp(`
func @collatz(%n: 64) -> (32) {
  jump ^loop(%n, 0)
^loop(%x: 64, %steps: 32):
  %one = eq.64 %x, 1
  br_if %one, ^done(%steps)
  %odd = and.64 %x, 1
  %isodd = trunc.1.64 %odd
  %half = shr_u.64 %x, 1
  %t = mul.64 %x, 3
  %t1 = add.64 %t, 1
  %next = select.64 %isodd, %t1, %half
  %s1 = add.32 %steps, 1
  jump ^loop(%next, %s1)
^done(%r: 32):
  return %r
}
`);
    const collatz = (n: bigint): bigint => {
      let steps = 0n;
      for (let x = n; x !== 1n; x = x % 2n ? 3n * x + 1n : x / 2n) steps++;
      return steps;
    };
    for (let n = 1n; n <= 2000n; n++) expect(values(it.call('collatz', [n]))).toEqual([collatz(n)]);
  });
});
