/**
 * The pair legalization as a Low IR → Low IR stage, with no machine: random
 * programs with 32- and 64-bit values (and memory, and accesses that may
 * leave it) rewritten by the stage must verify and, run by the interpreter,
 * return what the original returns or trap with the same kind. Directed
 * cases cover the edges of every rewritten action, use counts (`clone`,
 * `drop`, unused results), immediates passed where widths are not known
 * yet, helpers added only when used, and what is refused.
 */
import { loadMachine } from '@lirc/asmquery';
import { PairLegalizer, splitsWideIntegers } from '@lirc/core';
import {
  formatDiagnostic,
  generateProgram,
  Interpreter,
  loadLir,
  type Module,
  ModuleCollector,
  printToString,
  type RunResult,
  replayModule,
  teeSink,
  Verifier,
} from '@lirc/low-ir';
import { riscv32 } from '@lirc/machine-riscv32';
import { x86_64 } from '@lirc/machine-x86_64';

/** The most interpreter steps a rewritten run took per step of the original (divisions loop). */
let ratio = 0;
const SEEDS = Number(process.env.LIRC_PAIRS_COUNT ?? 300);

/** The module rewritten by the pair stage (verified). */
function legalize(module: Module): Module {
  const verifier = new Verifier();
  const collector = new ModuleCollector();
  replayModule(module, new PairLegalizer(teeSink(verifier, collector)));
  const out = collector.result();
  if (!verifier.ok) {
    const problems = verifier.diagnostics.map((d) => formatDiagnostic(d)).join('\n');
    throw new Error(
      `the rewritten module does not verify:\n${problems}\n${printToString((s) => replayModule(out, s))}`,
    );
  }
  return out;
}

/** Arguments split as the stage splits parameters: a 64-bit one as its halves, low first. */
function splitArgs(widths: readonly number[], args: readonly bigint[]): bigint[] {
  return args.flatMap((a, k) =>
    widths[k] === 64 ? [BigInt.asUintN(32, a), BigInt.asUintN(32, a >> 32n)] : [a],
  );
}

/** Results joined back: two halves make a 64-bit one. */
function joinResults(widths: readonly number[], values: readonly bigint[]): bigint[] {
  let k = 0;
  return widths.map((w) => {
    if (w !== 64) return values[k++]!;
    const lo = values[k++]!;
    const hi = values[k++]!;
    return (hi << 32n) | lo;
  });
}

type Outcome = { kind: 'values'; values: bigint[] } | { kind: 'trap'; trap: string };

function outcome(r: RunResult, widths: readonly number[], split: boolean): Outcome {
  if (r.kind === 'trap') return { kind: 'trap', trap: r.trap };
  const values = split ? joinResults(widths, r.values) : [...r.values];
  return { kind: 'values', values: values.map((v, k) => BigInt.asUintN(widths[k]!, v)) };
}

/** Runs `fn` of the original and of the rewritten module on each case. */
function both(module: Module, fn: string, cases: readonly (readonly bigint[])[]) {
  const header = module.functions.find((f) => f.name === fn)!;
  const params = header.params.map((p) => p.width);
  const results = header.results.map((r) => r.width);
  const split = legalize(module);
  return cases.map((args) => {
    // Fresh interpreters for each case: each starts with the module's memory.
    const reference = new Interpreter(module, { maxSteps: 5_000_000 }).call(fn, args);
    // A 64-bit division takes a few thousand steps: a broken rewrite that
    // loops stops at the budget (a step_limit trap) instead of running on.
    const rewritten = new Interpreter(split, { maxSteps: 100_000 + 3000 * reference.steps });
    const r = rewritten.call(fn, splitArgs(params, args));
    ratio = Math.max(ratio, r.steps / reference.steps);
    return {
      args,
      expected: outcome(reference, results, false),
      actual: outcome(r, results, true),
    };
  });
}

test('the criterion is data: riscv32 splits 64-bit integers, x86_64 does not', () => {
  expect(splitsWideIntegers(riscv32)).toBe(true);
  expect(splitsWideIntegers(x86_64)).toBe(false);
  expect(loadMachine(riscv32).def.pointerWidth).toBe(32);
});

test(`random programs with 64-bit values: ${SEEDS} seeds agree with the interpreter`, () => {
  let traps = 0;
  const failures: string[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const p = generateProgram(seed, {
      pointerWidth: 32,
      widths: [32, 64],
      outOfBounds: 0.02,
      unguardedDivision: 0.1,
    });
    const { expected, actual } = both(p.module, p.entry, [p.args])[0]!;
    if (expected.kind === 'trap') traps++;
    if (JSON.stringify(expected, big) !== JSON.stringify(actual, big))
      failures.push(
        `seed ${seed}: expected ${JSON.stringify(expected, big)}, got ${JSON.stringify(actual, big)}`,
      );
  }
  console.log(
    `pairs: ${SEEDS} programs, ${traps} trapping, ${failures.length} disagreed, at most ${Math.ceil(ratio)} steps per original step`,
  );
  expect(failures).toEqual([]);
});

function big(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

/** Each case's original and rewritten outcomes must be the same. */
function agreeOn(text: string, fn: string, cases: readonly (readonly bigint[])[]): void {
  const runs = both(loadLir(text.startsWith('module') ? text : `module ptr32\n${text}`), fn, cases);
  const wrong = runs.filter(
    (r) => JSON.stringify(r.expected, big) !== JSON.stringify(r.actual, big),
  );
  expect(wrong.map((w) => JSON.stringify(w, big))).toEqual([]);
}

const EDGES = [
  0n,
  1n,
  2n,
  -1n,
  -2n,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x100000000n,
  0x1ffffffffn,
  0x7fffffffffffffffn,
  -0x8000000000000000n,
  0x123456789abcdef0n,
  -0x0fedcba987654321n,
];
const PAIRS = EDGES.flatMap((a) => EDGES.map((b) => [a, b]));
const COUNTS = [0n, 1n, 5n, 31n, 32n, 33n, 40n, 63n, 64n, 65n, 100n, -1n, 0x100000020n];

describe('every rewritten action at the edges', () => {
  const BINARY = ['add', 'sub', 'mul', 'mulh_s', 'mulh_u', 'and', 'or', 'xor'];
  const DIVISION = ['div_s', 'div_u', 'rem_s', 'rem_u'];
  const SHIFTS = ['shl', 'shr_u', 'shr_s', 'rotl', 'rotr'];
  const FLAGS = ['eq', 'ne', 'lt_s', 'lt_u', 'le_s', 'le_u', 'gt_s', 'gt_u', 'ge_s', 'ge_u'];
  const SIDE = ['add_carry', 'add_overflow', 'sub_overflow'];
  const binary = (op: string) =>
    `func @f(%a: 64, %b: 64) -> (64) {\n  %r = ${op}.64 %a, %b\n  return %r\n}\n`;
  const withImmediate = (op: string, b: bigint) =>
    `func @f(%a: 64) -> (64) {\n  %r = ${op}.64 %a, ${b}\n  return %r\n}\n`;
  const flag = (op: string) =>
    `func @f(%a: 64, %b: 64) -> (1) {\n  %r = ${op}.64 %a, %b\n  return %r\n}\n`;
  test.each([...BINARY, ...DIVISION, ...FLAGS.concat(SIDE)])('%s by values', (op) => {
    agreeOn(FLAGS.includes(op) || SIDE.includes(op) ? flag(op) : binary(op), 'f', PAIRS);
  });
  test.each([...BINARY, ...DIVISION])('%s by immediates', (op) => {
    for (const b of EDGES)
      agreeOn(
        withImmediate(op, b),
        'f',
        EDGES.map((a) => [a]),
      );
  });
  test.each(SHIFTS)('%s by values and by every immediate count', (op) => {
    agreeOn(
      binary(op),
      'f',
      EDGES.flatMap((a) => COUNTS.map((c) => [a, c])),
    );
    for (let c = -1n; c <= 129n; c++)
      agreeOn(
        withImmediate(op, c),
        'f',
        EDGES.map((a) => [a]),
      );
  });
  test.each(['neg', 'not', 'clz', 'ctz', 'popcnt', 'copy'])('%s', (op) => {
    const text = `func @f(%a: 64) -> (64) {\n  %r = ${op}.64 %a\n  return %r\n}\n`;
    const bits = Array.from({ length: 64 }, (_v, k) => [1n << BigInt(k)]);
    agreeOn(text, 'f', [...EDGES.map((a) => [a]), ...bits]);
  });
  test('eqz, sign, conversions, select and constants', () => {
    const text = `func @f(%a: 64, %b: 64, %c: 1) -> (1, 1, 64, 64, 64, 64, 32, 1, 64, 64) {
  %z = eqz.64 %a
  %s = sign.64 %b
  %lo = trunc.32.64 %a
  %sx = sext.64.32 %lo
  %zx = zext.64.32 %lo
  %t = trunc.1.64 %a
  %s1 = sext.64.1 %c
  %z1 = zext.64.1 %c
  %sel = select.64 %c, %a, %b
  %k = const.64 -0x7edcba9876543210
  %m = select.64 %c, %k, 0x8000000000000000
  %n = add.64 %sx, %m
  %tr = trunc.32.64 %sx
  return %z, %s, %zx, %s1, %z1, %sel, %tr, %t, %n, %b
}
`;
    agreeOn(text, 'f', [
      ...PAIRS.map(([a, b]) => [a!, b!, 0n]),
      ...PAIRS.map(([a, b]) => [a!, b!, 1n]),
    ]);
  });
  test('loads and stores of every width, and an access that leaves memory', () => {
    const text = `module ptr32
memory 64
func @f(%p: 32, %v: 64) -> (64, 64, 64, 64, 64, 64, 64) {
  store.64 %p, %v
  %a = load.64 %p
  %q = add.32 %p, 8
  store.64.32 %q, %v
  %q2 = add.32 %p, 16
  store.64.16 %q2, %v
  %q3 = add.32 %p, 20
  store.64.8 %q3, %v
  %b = load.64 %q
  %c = load_s.64.32 %p
  %d = load_u.64.32 %p
  %e = load_s.64.16 %q2
  %f = load_u.64.8 %q3
  %g = load_s.64.8 %p
  %h = load_u.64.16 %p
  %i = add.64 %c, %d
  %j = xor.64 %e, %f
  %k = add.64 %g, %h
  %l = load.64 %q2
  return %a, %b, %i, %j, %k, %l, %v
}
`;
    agreeOn(
      text,
      'f',
      EDGES.flatMap((v) => [0n, 3n, 40n, 56n, 57n, 60n, 0xfffffffcn].map((p) => [p, v])),
    );
  });
  test('use counts: clones, drops, values used twice by one action, unused results', () => {
    const text = `func @f(%a*2: 64, %b*2: 64) -> (64, 64) {
  clone %a, 2
  %unused*0 = add.64 %a, %b
  drop %a
  %t*2 = mul.64 %a, %a
  %c*2 = const.64 0x123456789
  clone %c, 1
  %u = add.64 %t, %c
  %v = xor.64 %u, %c
  %w = sub.64 %c, %t
  drop %b
  %q*0 = div_u.64 %v, 3
  return %v, %w
}
`;
    agreeOn(text, 'f', PAIRS);
  });
});

/** The rewritten module as text. */
function rewrittenText(text: string): string {
  const out = legalize(loadLir(`module ptr32\n${text}`));
  return printToString((s) => replayModule(out, s));
}

describe('conversions between 64-bit integers and floats (rules-float.ts), random inputs', () => {
  let state = 0x9e3779b97f4a7c15n;
  const next = () => {
    state ^= (state << 13n) & 0xffff_ffff_ffff_ffffn;
    state ^= state >> 7n;
    state ^= (state << 17n) & 0xffff_ffff_ffff_ffffn;
    return state;
  };
  const f64 = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0]!;
  const f32 = (x: number) => BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]!);
  // Integers of every magnitude (a random value shifted right by 0–63), either
  // sign; and values just above a midpoint between two f32s, which a rounding
  // through f64 first would make a tie (24 bits, the half bit, a last 1).
  const integers = [
    ...Array.from({ length: 400 }, () => next() >> (next() % 64n)),
    ...Array.from({ length: 40 }, (_, k) => {
      const shift = BigInt(30 + (k % 10));
      const v = (((next() & 0x7f_ffffn) | 0x80_0000n) << shift) | (1n << (shift - 1n)) | 1n;
      return k % 2 ? -v : v;
    }),
  ];
  // Floats near every power of two up to 2^65, either sign, and random patterns.
  const reals = Array.from({ length: 400 }, (_, k) => {
    const r = next();
    if (k % 4 === 3) return Number(r % 1_000_000n) / 1000 - 500;
    const magnitude = 2 ** Number(r % 66n) * (1 + Number((r >> 8n) % 1024n) / 1024);
    return (r >> 20n) & 1n ? -magnitude : magnitude;
  });
  const conversion = (op: string, widths: string, from: number, to: number) =>
    `func @f(%a: ${from}) -> (${to}) {\n  %r = ${op}.${widths} %a\n  return %r\n}\n`;
  test.each([
    ['itof_s', '64.64'],
    ['itof_u', '64.64'],
    ['itof_s', '32.64'],
    ['itof_u', '32.64'],
  ])('%s.%s', (op, widths) => {
    agreeOn(
      conversion(op, widths, 64, Number(widths.split('.')[0])),
      'f',
      integers.map((v) => [v]),
    );
  });
  test.each(
    ['ftoi_s', 'ftoi_u', 'ftoi_sat_s', 'ftoi_sat_u'].flatMap((op) => [
      [op, '64.64'],
      [op, '64.32'],
    ]),
  )('%s.%s', (op, widths) => {
    const from = Number(widths.split('.')[1]);
    const bits = reals.map((x) => [from === 64 ? f64(x) : f32(x)]);
    const randomBits = integers.slice(0, 100).map((v) => [BigInt.asUintN(from, v)]);
    agreeOn(conversion(op, widths, from, 64), 'f', [...bits, ...randomBits]);
  });
});

describe('arguments whose width is not known yet', () => {
  test('an immediate to a label not defined yet goes through a stub before the label', () => {
    const text = `func @f(%a: 64, %c: 32) -> (64) {
  %z = eqz.32 %c
  br_if %z, ^join(5, -1)
  jump ^join(%a, 7)
^join(%x: 64, %y: 32):
  %yy = zext.64.32 %y
  %r = add.64 %x, %yy
  return %r
}
`;
    agreeOn(text, 'f', [
      [0x1234567890n, 0n],
      [0x1234567890n, 1n],
      [-1n, 0n],
    ]);
    const out = rewrittenText(text);
    expect(out).toContain('br_if %z, ^join.0()');
    // The jump right before ^join waits for it and needs no stub.
    expect(out).toContain(
      '  jump ^join(%a.lo, %a.hi, 7)\n^join.0:\n  jump ^join(5, 0, -1)\n^join(%x.lo: 32, %x.hi: 32, %y: 32):',
    );
  });
  test('a branch after one that passed a value knows the width: no stub', () => {
    const text = `func @f(%a: 64, %c: 32) -> (64) {
  %z = eqz.32 %c
  br_if %z, ^join(%a)
  jump ^join(-3)
^join(%x: 64):
  return %x
}
`;
    agreeOn(text, 'f', [
      [0x1234567890n, 0n],
      [0x1234567890n, 1n],
    ]);
    expect(rewrittenText(text)).toContain('jump ^join(4294967293, 4294967295)');
  });
  test('an immediate to a function defined later is narrow; a 64-bit parameter there is refused', () => {
    const narrow = `func @g() -> (64) {\n  %r: 64 = call @h(5)\n  return %r\n}\nfunc @h(%x: 32) -> (64) {\n  %w = sext.64.32 %x\n  return %w\n}\n`;
    agreeOn(narrow, 'g', [[]]);
    const wide = narrow
      .replace('@h(%x: 32)', '@h(%x: 64)')
      .replace('%w = sext.64.32 %x', '%w = copy.64 %x');
    expect(() => rewrittenText(wide)).toThrow(
      '@h is called before its definition with an immediate for its 64-bit parameter 1',
    );
    // An immediate that needs 64 bits is split wherever it goes.
    agreeOn(wide.replace('@h(5)', '@h(0x500000005)'), 'g', [[]]);
  });
  test('call_indirect: an immediate needs the callee from a func_addr of the block', () => {
    const known = `func @h(%x: 64, %y: 32) -> (64) {\n  %w = sext.64.32 %y\n  %s = add.64 %x, %w\n  return %s\n}\nfunc @g(%k: 32) -> (64) {\n  %p = func_addr @h\n  %r: 64 = call_indirect %p, -2, %k\n  return %r\n}\n`;
    agreeOn(known, 'g', [[7n], [-9n]]);
    const unknown = `func @g(%p: 32) -> (64) {\n  %r: 64 = call_indirect %p, 5\n  return %r\n}\n`;
    expect(() => rewrittenText(unknown)).toThrow(
      '@g: call_indirect through a value that is not a func_addr of this block, with the immediate 5 as argument 1',
    );
  });
});

describe('headers, helpers and what is refused', () => {
  test('64-bit parameters and results split low half first, generic locations kept', () => {
    const out = rewrittenText(
      'func @f(%a: 64 in gpr, %b: 32) -> (64 in gpr, 1) {\n  %c = trunc.1.32 %b\n  return %a, %c\n}\n',
    );
    expect(out).toContain(
      'func @f(%a.lo: 32 in gpr, %a.hi: 32 in gpr, %b: 32) -> (32 in gpr, 32 in gpr, 1)',
    );
    expect(out).toContain('return %a.lo, %a.hi, %c');
  });
  test('a 64-bit entry in a concrete location is refused', () => {
    expect(() => rewrittenText('func @f(%a: 64 in $a0) -> () {\n  drop %a\n  return\n}\n')).toThrow(
      'parameter 1 of @f is a 64-bit value declared in $a0',
    );
    expect(() => rewrittenText('func @f() -> (64 in [8]) {\n  return 1\n}\n')).toThrow(
      'result 1 of @f is a 64-bit value declared in [8]',
    );
  });
  test('helpers are added after the first function that uses them, with those they call, once', () => {
    const text = `func @a(%x: 64, %y: 64) -> (64) {\n  %q = div_s.64 %x, %y\n  return %q\n}\nfunc @b(%x: 64, %y: 64) -> (64) {\n  %q = div_u.64 %x, %y\n  return %q\n}\nfunc @c(%x: 64) -> (64) {\n  return %x\n}\n`;
    const names = [...rewrittenText(text).matchAll(/^func @(\w+)/gm)].map((m) => m[1]);
    expect(names).toEqual(['a', 'lirc_div_s64', 'lirc_udivmod64', 'b', 'lirc_div_u64', 'c']);
    expect(
      rewrittenText('func @f(%x: 64) -> (64) {\n  %y = add.64 %x, 1\n  return %y\n}\n'),
    ).not.toContain('lirc_');
  });
  test('division traps with the interpreter kinds', () => {
    const text = 'func @f(%a: 64, %b: 64) -> (64) {\n  %q = div_s.64 %a, %b\n  return %q\n}\n';
    const runs = both(loadLir(`module ptr32\n${text}`), 'f', [
      [5n, 0n],
      [-0x8000000000000000n, -1n],
    ]);
    expect(runs.map((r) => r.actual)).toEqual([
      { kind: 'trap', trap: 'int_divide_by_zero' },
      { kind: 'trap', trap: 'int_overflow' },
    ]);
  });
  test('a 64-bit float is kept whole between float actions, split where halves are needed', () => {
    const text =
      'func @f(%a: 64, %b: 64) -> (64) {\n  %c = fadd.64 %a, %b\n  %d*2 = fmul.64 %c, %c\n  %e = add.64 %d, 1\n  %g = fsub.64 %d, 4611686018427387904\n  %h = xor.64 %e, %g\n  return %h\n}\n';
    const out = rewrittenText(text);
    // Pairs joined for the float actions; fmul reads fadd's result whole; its
    // result split twice (for add.64 and xor.64's other operand comes from fsub).
    expect(out.match(/join\.64\.32/g)?.length).toBe(3);
    expect(out).toMatch(/= fmul\.64 %\w+, %\w+/);
    expect(out.match(/high\.32\.64/g)?.length).toBe(2);
    agreeOn(text, 'f', [
      [0x3ff0_0000_0000_0000n, 0x4000_0000_0000_0000n],
      [0x7ff8_0000_0000_0000n, 0n],
      [0x8000_0000_0000_0000n, 1n],
    ]);
  });
});
