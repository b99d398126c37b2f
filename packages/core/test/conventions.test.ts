/**
 * Calling conventions beyond the plain ABI, run on both machines and
 * compared with the reference interpreter: labels with more parameters than
 * registers (their arguments in stack slots, conformed through stubs and
 * cycles of slot-to-slot moves, some broken at a slot), labels that declare
 * concrete registers, stack slots and classes (reached by moves when the
 * first branch chose otherwise, or fixed by the label when it comes first),
 * and functions whose parameters and results are declared in registers, in
 * the stack argument area and in the return area. Register names come from
 * each machine's definition, so one program serves both. Misuses are
 * CompileErrors.
 */
import type { LoadedMachine } from '@lirc/asmquery';
import { compile, compileModule, interpret, RV, runRiscv, runX86, X86 } from './helpers/targets.js';

/**
 * Registers of `m` for the programs: A and C argument registers (not the
 * first, which carries a return area's address), B and D the first two
 * callee-saved ones the allocator may use.
 */
function names(m: LoadedMachine): { A: string; B: string; C: string; D: string } {
  const gpr = m.def.abi.args.gpr!;
  const saved = m.def.abi.calleeSaved.filter(
    (r) => m.classes.get('gpr')!.registers.includes(r) && !Object.values(m.def.special).includes(r),
  );
  return { A: gpr[2]!, B: saved[0]!, C: gpr[3]!, D: saved[1]! };
}

/**
 * A loop carrying `n` values through one label: the first branch fixes where
 * they are (registers, then slots), the conditional exit needs moves (a
 * stub), and the back edge rotates them (a cycle through slots). With
 * `exchange`, the back edge exchanges those two values instead, which the
 * loop does not read: for `n` = 40 and positions 30 and 31, both in slots on
 * both machines, conforming is a cycle of two slot-to-slot moves, broken at
 * a slot. The exit weighs each value by its position.
 */
function manyCarried(n: number, exchange?: readonly [number, number]): string {
  const vs = Array.from({ length: n }, (_v, k) => k);
  const ps = (p: string) => vs.map((k) => `%${p}${k}: 32`).join(', ');
  const values = (ks: readonly number[]) => ks.map((k) => `%v${k}`).join(', ');
  const other = ([a, b]: readonly [number, number], k: number) => (k === a ? b : k === b ? a : k);
  const back = exchange
    ? [`  jump ^loop(%i2, ${values(vs.map((k) => other(exchange, k)))})`]
    : [`  %mixed = xor.32 %v0, %i`, `  jump ^loop(%i2, ${values(vs.slice(1))}, %mixed)`];
  const lines = [
    `func @many(%n: 32, %seed: 32) -> (32) {`,
    ...vs.map((k) => `  %a${k} = add.32 %seed, ${k * 7 + 1}`),
    `  jump ^loop(%n, ${vs.map((k) => `%a${k}`).join(', ')})`,
    `^loop(%i: 32, ${ps('v')}):`,
    `  %done = eqz.32 %i`,
    `  br_if %done, ^exit(${values(vs)})`,
    `  %i2 = sub.32 %i, 1`,
    ...back,
    `^exit(${ps('r')}):`,
    `  %s0 = mul.32 %r0, 3`,
    ...vs
      .slice(1)
      .flatMap((k) => [`  %t${k} = mul.32 %s${k - 1}, 3`, `  %s${k} = add.32 %t${k}, %r${k}`]),
    `  return %s${n - 1}`,
    `}`,
  ];
  return lines.join('\n');
}

/** A loop whose label declares two slots, exchanged on the back edge (a cycle of slot-to-slot moves). */
const SLOT_SWAP = `
func @slots(%a: 32, %b: 32, %n: 32) -> (32) {
  jump ^loop(%a, %b, %n)
^loop(%x: 32 in [0], %y: 32 in [8], %i: 32):
  %done = eqz.32 %i
  br_if %done, ^out(%x, %y)
  %i2 = sub.32 %i, 1
  jump ^loop(%y, %x, %i2)
^out(%p: 32, %q: 32):
  %r = mul.32 %p, 100003
  %s = add.32 %r, %q
  return %s
}
`;

/** Labels that declare where their parameters are. */
function concreteLabels(m: LoadedMachine): string {
  const { A, B } = names(m);
  return `
func @gcd(%a: 32, %b: 32) -> (32) {
  jump ^loop(%a, %b)
^loop(%x: 32 in $${B}, %y: 32 in [8]):
  %z = eqz.32 %y
  br_if %z, ^done(%x)
  %r = rem_u.32 %x, %y
  jump ^loop(%y, %r)
^done(%g: 32 in $${A}):
  return %g
}

func @first(%a: 32, %b: 32) -> (32) {
  jump ^pick(%a, %b)
^back(%x: 32 in [0], %y: 32 in $${A}):
  %d = sub.32 %x, %y
  return %d
^pick(%p: 32, %q: 32):
  %c = lt_s.32 %p, %q
  br_if %c, ^back(%q, %p)
  jump ^back(%p, %q)
}

func @swap(%a: 32, %b: 32, %n: 32) -> (32) {
  jump ^loop(%a, %b, %n)
^loop(%x: 32 in $${A}, %y: 32 in $${B}, %i: 32 in gpr):
  %done = eqz.32 %i
  br_if %done, ^out(%x, %y)
  %i2 = sub.32 %i, 1
  %y2 = add.32 %y, %x
  jump ^loop(%y2, %x, %i2)
^out(%p: 32, %q: 32 in $${A}):
  %r = mul.32 %p, 100003
  %s = add.32 %r, %q
  return %s
}
`;
}

/** A function whose CC names registers, argument-area offsets and return-area offsets. */
function concreteFunctions(m: LoadedMachine): string {
  const { B, C, D } = names(m);
  return `
func @callee(%p: 32 in $${C}, %q: 32, %r: 32 in [8], %s: 32 in $${B}, %t: 32, %flag: 1 in [0]) -> (32 in $${D}, 32, 32 in [4]) {
  %pq = sub.32 %p, %q
  %rs = mul.32 %r, %s
  %u = add.32 %pq, %t
  %v = select.32 %flag, %rs, %u
  return %v, %pq, %rs
}

func @caller(%a: 32, %b: 32, %c: 32, %d: 32) -> (32) {
  %flag = lt_s.32 %a, %b
  %x: 32, %y: 32, %z: 32 = call @callee(%a, %b, %c, %d, 17, %flag)
  %x3 = mul.32 %x, 3
  %y5 = mul.32 %y, 5
  %s = add.32 %x3, %y5
  %t = xor.32 %s, %z
  return %t
}

func @keeper(%a: 32, %b: 32, %c: 32, %d: 32) -> (32) {
  %k1 = mul.32 %a, 7
  %k2 = add.32 %b, 11
  %flag = lt_s.32 %c, %d
  %x: 32, %y: 32, %z: 32 = call @callee(%a, %b, %c, %d, 5, %flag)
  %s = add.32 %x, %k1
  %t = sub.32 %s, %k2
  %u = xor.32 %t, %y
  %v = add.32 %u, %z
  return %v
}
`;
}

/** Cases of @many: iterations (some odd, so that an exchange shows) and a seed. */
const CARRIED = [
  [0n, 5n],
  [1n, -9n],
  [7n, 123n],
  [45n, 100000n],
];

const PAIRS = [
  [48n, 18n],
  [17n, 5n],
  [-3n, 9n],
  [1071n, 462n],
];

describe.each([
  ['x86_64', X86],
  ['riscv32', RV],
] as const)('%s', (_name, m) => {
  const run = (text: string, fn: string, cases: bigint[][]) =>
    m === X86 ? Promise.resolve(runX86(text, fn, cases)) : runRiscv(text, fn, cases);

  test.each([6, 40])('a label carrying %i values (some in slots)', async (n) => {
    const text = manyCarried(n);
    expect(await run(text, 'many', CARRIED)).toEqual(interpret(text, 'many', CARRIED));
  });

  test('a back edge exchanging two label parameters in slots', async () => {
    const text = manyCarried(40, [30, 31]);
    expect(await run(text, 'many', CARRIED)).toEqual(interpret(text, 'many', CARRIED));
  });

  test.each(['gcd', 'first'])('labels with concrete locations: @%s', async (fn) => {
    const text = concreteLabels(m);
    const cases = PAIRS.map(([a, b]) => [BigInt.asUintN(32, a!), b!]);
    expect(await run(text, fn, cases)).toEqual(interpret(text, fn, cases));
  });

  test('a loop whose label declares registers and a class', async () => {
    const text = concreteLabels(m);
    const cases = PAIRS.map(([a, b]) => [a!, b!, 5n]);
    expect(await run(text, 'swap', cases)).toEqual(interpret(text, 'swap', cases));
  });

  test('a loop whose label declares two slots, exchanged on the back edge', async () => {
    const cases = PAIRS.map(([a, b], k) => [a!, b!, BigInt(k + 2)]);
    expect(await run(SLOT_SWAP, 'slots', cases)).toEqual(interpret(SLOT_SWAP, 'slots', cases));
  });

  test.each(['caller', 'keeper'])(
    'a function whose calling convention names locations, called by @%s',
    async (fn) => {
      // @keeper keeps values across the call: in callee-saved registers, but
      // not in the one the callee returns a result in (nor the one it takes
      // an argument in).
      const text = concreteFunctions(m);
      const cases = PAIRS.map(([a, b]) => [a!, b!, a! * 3n, b! - 1n]);
      expect(await run(text, fn, cases)).toEqual(interpret(text, fn, cases));
    },
  );

  test('the declared registers are the ones used', () => {
    const { A, B, C } = names(m);
    // The caller puts the arguments where the callee declares them...
    const caller = compileListing(m, concreteFunctions(m), 'caller');
    expect(caller).toMatch(new RegExp(`→ \\$${C}\\b`));
    expect(caller).toMatch(new RegExp(`→ \\$${B}\\b`));
    // ...and a label's parameters go where it declares them.
    const gcd = compileListing(m, concreteLabels(m), 'gcd');
    expect(gcd).toMatch(new RegExp(`→ \\$${B}\\b`));
    expect(gcd).toMatch(new RegExp(`→ \\$${A}\\b`));
  });
});

/** The listing of one compiled function. */
function compileListing(m: LoadedMachine, text: string, fn: string): string {
  const source = m === RV ? `module ptr32\n${text}` : text;
  const { functions } = compileModule(m, source, { listing: true });
  return functions.find((f) => f.name === fn)!.listing!;
}

describe('misuse', () => {
  const x86 = (text: string) => () => compile(X86, text);
  test('a label parameter in a register the machine cannot allocate', () => {
    expect(
      x86('func @f(%a: 64) -> (64) {\n  jump ^l(%a)\n^l(%x: 64 in $nosuch):\n  return %x\n}\n'),
    ).toThrow(
      '@f: parameter 1 of ^l is declared in $nosuch, which is not a register x86_64 can allocate',
    );
    const sp = X86.def.special.stackPointer;
    expect(
      x86(`func @f(%a: 64) -> (64) {\n  jump ^l(%a)\n^l(%x: 64 in $${sp}):\n  return %x\n}\n`),
    ).toThrow(
      `parameter 1 of ^l is declared in $${sp}, which is not a register x86_64 can allocate`,
    );
  });
  test('a 64-bit value in one register of a machine that splits it in two', () => {
    const { C } = names(RV);
    expect(() =>
      compile(RV, `module ptr32\nfunc @f(%a: 64 in $${C}) -> () {\n  drop %a\n  return\n}\n`),
    ).toThrow(`parameter 1 of @f is a 64-bit value declared in $${C}`);
  });
  test('a parameter in the register of the return area address', () => {
    const r0 = X86.def.abi.args.gpr![0]!;
    expect(x86(`func @f(%a: 64 in $${r0}) -> (64, 64, 64) {\n  return %a, 1, 2\n}\n`)).toThrow(
      `parameter 1 of @f is declared in $${r0}, which carries the return area address`,
    );
  });
  test('a call that precedes a header naming locations', () => {
    const { C } = names(X86);
    expect(
      x86(
        `func @g() -> (64) {\n  %r: 64 = call @f(1)\n  return %r\n}\nfunc @f(%a: 64 in $${C}) -> (64) {\n  return %a\n}\n`,
      ),
    ).toThrow('@f is called before its definition');
  });
});
