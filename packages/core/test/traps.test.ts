/**
 * Traps reported by the running machine, with their kind, on both targets:
 * the host glue (Low IR guarded entries and signal handler, compiled by
 * LIRC) catches the fault, the module's trap sites name it, and execution
 * goes on with the next case (in this process on x86_64, in the same
 * executable under qemu on riscv32). Each case is checked against the
 * reference interpreter. A fault that is no trap (a bad address, a stack
 * overflow) is reported as a fault with its signal, not as a trap.
 */
import { Interpreter, loadLir } from '@lirc/low-ir';
import { type CaseOutcome, executeRiscv, executeX86 } from './helpers/execute.js';

/** @t(op, x, y): op 0 div_s, 1 rem_u, 2 unreachable, 3 a custom trap_if, 4 a load from address x, 5 deep recursion, else x + y. */
function program(ptr: 32 | 64): string {
  return `func @t(%op: 32, %x: 32, %y: 32) -> (32) {
  %is0 = eq.32 %op, 0
  br_if %is0, ^div(%x, %y)
  %is1 = eq.32 %op, 1
  br_if %is1, ^rem(%x, %y)
  %is2 = eq.32 %op, 2
  br_if %is2, ^never
  %is3 = eq.32 %op, 3
  %big = gt_u.32 %x, 100
  %custom = and.1 %is3, %big
  trap_if %custom, custom_check
  %is4 = eq.32 %op, 4
  br_if %is4, ^load(%x)
  %is5 = eq.32 %op, 5
  br_if %is5, ^deep(%x)
  %sum = add.32 %x, %y
  return %sum
^div(%a: 32, %b: 32):
  %q = div_s.32 %a, %b
  return %q
^rem(%c: 32, %d: 32):
  %r = rem_u.32 %c, %d
  return %r
^never:
  trap unreachable
^load(%p: 32):
  %addr = zext.${ptr}.32 %p
  %v = load.32 %addr
  return %v
^deep(%n: 32):
  %depth: 32 = call @down(%n)
  return %depth
}
func @down(%n: 32) -> (32) {
  %more = add.32 %n, 1
  %r: 32 = call @down(%more)
  %s = add.32 %r, 1
  return %s
}
`.replace(`%addr = zext.32.32 %p`, `%addr = copy.32 %p`);
}

const MIN = -(2n ** 31n);
const CASES: { args: bigint[]; expect: CaseOutcome | 'interpreter' }[] = [
  { args: [9n, 2n, 3n], expect: 'interpreter' },
  { args: [0n, 7n, 0n], expect: 'interpreter' },
  { args: [9n, 4n, 5n], expect: 'interpreter' },
  { args: [0n, MIN, -1n], expect: 'interpreter' },
  { args: [0n, -7n, 2n], expect: 'interpreter' },
  { args: [1n, 7n, 0n], expect: 'interpreter' },
  { args: [2n, 0n, 0n], expect: 'interpreter' },
  { args: [3n, 101n, 0n], expect: 'interpreter' },
  { args: [3n, 100n, 1n], expect: 'interpreter' },
  { args: [4n, 8n, 0n], expect: { kind: 'fault', signal: 11, offset: -1 } },
  { args: [9n, -1n, -2n], expect: 'interpreter' },
  { args: [5n, 0n, 0n], expect: { kind: 'fault', signal: 11, offset: -1 } },
  { args: [9n, 40n, 2n], expect: 'interpreter' },
];

/** The interpreter's outcome of one case. */
function reference(text: string, args: readonly bigint[]): CaseOutcome {
  const r = new Interpreter(loadLir(text)).call('t', args);
  if (r.kind === 'trap') return { kind: 'trap', trap: r.trap };
  return { kind: 'values', values: [BigInt.asIntN(32, r.values[0]!)] };
}

/** Outcomes with the fault's offset hidden (it depends on the code). */
const comparable = (o: CaseOutcome) => (o.kind === 'fault' ? { ...o, offset: -1 } : o);

describe.each([
  ['x86_64', 64 as const, executeX86],
  ['riscv32', 32 as const, executeRiscv],
])('traps on %s', (_name, ptr, execute) => {
  const text = `module ptr${ptr}\n${program(ptr)}`;
  const expected = CASES.map((c) =>
    c.expect === 'interpreter' ? reference(text, c.args) : c.expect,
  );

  test('the interpreter traps where the cases say', () => {
    expect(
      expected.filter((e) => e.kind === 'trap').map((e) => (e as { trap: string }).trap),
    ).toEqual([
      'int_divide_by_zero',
      'int_overflow',
      'int_divide_by_zero',
      'unreachable',
      'custom_check',
    ]);
  });

  test('each case returns, traps with its kind, or faults, and the next case runs', async () => {
    const body = program(ptr);
    const actual = await execute(
      body,
      't',
      CASES.map((c) => c.args),
    );
    expect(actual.map(comparable)).toEqual(expected);
  });
});
