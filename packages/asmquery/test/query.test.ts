/**
 * The query engine on the toy machine: data-flow matching, longest then
 * cheapest, intermediates only when dead, commutative operands, immediates
 * and literals, the zero register, flags as locations, label reach, effect
 * order, and read-modify-write memory.
 */
import {
  enc,
  type FormDef,
  fixed,
  inReg,
  loadMachine,
  Matcher,
  type WindowSpec,
  windowQuery,
} from '@lirc/asmquery';
import { toy } from './fixtures/toy.js';

const matcher = new Matcher(loadMachine(toy));

function names(spec: WindowSpec): string[] {
  return matcher.query(windowQuery(spec).query).map((c) => `${c.form.name}/${c.covers}`);
}

function best(spec: WindowSpec) {
  const w = windowQuery(spec);
  const c = matcher.best(w.query);
  if (!c) throw new Error('no candidate');
  return { c, id: w.id };
}

const ab = { a: { width: 32, at: inReg('r1') }, b: { width: 32, at: inReg('r2') } };

test('K is the longest form', () => {
  expect(matcher.maxLength).toBe(4);
});

describe('memory operand folding (the seed example)', () => {
  const body = '%p = add.32 %base, 16\n%v = load.32 %p\n%o = mul.32 %x, %v';
  const inputs = { base: { width: 32, at: inReg('r1') }, x: { width: 32, at: inReg('r2') } };

  test('dead intermediates: one instruction for all three actions', () => {
    const { c, id } = best({ body, inputs });
    expect(c.form.name).toBe('ldmul');
    expect(c.covers).toBe(3);
    expect(c.bindings.get('imm')).toEqual({ kind: 'imm', value: 16n });
    expect(c.bindings.get('rs')).toMatchObject({ kind: 'value', id: id('base'), satisfied: true });
    expect(c.outputs.get(id('o'))).toEqual({ kind: 'param', param: 'dst' });
  });

  test('a loaded value still needed: the load is its own instruction', () => {
    expect(names({ body, inputs, liveAfter: { v: 1 } })[0]).toBe('ld/2');
  });

  test('a form is never used for only part of its main computation', () => {
    // ldmul also loads, but its main result (the product) would land in a register operand.
    expect(names({ body: '%p = add.32 %base, 16\n%v = load.32 %p', inputs })).not.toContain(
      'ldmul/2',
    );
  });

  test('the address still needed: it is computed first (add with an immediate)', () => {
    expect(names({ body, inputs, liveAfter: { p: 1 } })[0]).toBe('addi/1');
  });
});

describe('compare and branch', () => {
  const body = '%c = lt_s.32 %a, %b\nbr_if %c, ^out';

  test('fused when the condition is dead', () => {
    expect(names({ body, inputs: ab, labels: { out: -64 } })).toEqual(['blt/2', 'cmp/1']);
  });

  test('condition still needed: compare into the flag location', () => {
    const { c, id } = best({ body, inputs: ab, labels: { out: -64 }, liveAfter: { c: 1 } });
    expect(c.form.name).toBe('cmp');
    expect(c.outputs.get(id('c'))).toMatchObject({ kind: 'reg', reg: { name: 'lt' } });
    // cmp also writes the other flag: it is reported as written (the live output is not).
    expect(c.writes.map((r) => r.name)).toEqual(['z']);
  });

  test('a branch on a value already in the flag', () => {
    const w = {
      body: 'br_if %c, ^out',
      inputs: { c: { width: 1, at: inReg('lt') } },
      labels: { out: -8 },
    };
    const { c } = best(w);
    expect(c.form.name).toBe('jlt');
    expect(c.bindings.get('c')).toMatchObject({ satisfied: true });
  });

  test('label reach: too far back, or not placed yet, rules the short branch out', () => {
    expect(names({ body, inputs: ab, labels: { out: -4096 } })).toEqual(['cmp/1']);
    expect(names({ body, inputs: ab })).toEqual(['cmp/1']);
    expect(names({ body, inputs: ab, labels: { out: 2044 } })).toEqual(['blt/2', 'cmp/1']);
    expect(names({ body, inputs: ab, labels: { out: -2046 } })).toEqual(['cmp/1']); // misaligned
  });
});

describe('operands', () => {
  test('three-operand add is cheaper than a tied add that would overwrite a live input', () => {
    const { c } = best({ body: '%s = add.32 %a, %b', inputs: ab, liveAfter: { a: 1, b: 1 } });
    expect(c.form.name).toBe('add');
    const tied = matcher
      .query(
        windowQuery({ body: '%s = add.32 %a, %b', inputs: ab, liveAfter: { a: 1, b: 1 } }).query,
      )
      .find((x) => x.form.name === 'add2')!;
    expect(tied.overwritesLive).toEqual(['dst']);
  });

  test('commutative: the tied add overwrites the operand that is dead', () => {
    const w = windowQuery({ body: '%s = add.32 %a, %b', inputs: ab, liveAfter: { a: 1 } });
    const tied = matcher.query(w.query).find((x) => x.form.name === 'add2')!;
    expect(tied.overwritesLive).toEqual([]);
    expect(tied.bindings.get('dst')).toMatchObject({ id: w.id('b') });
  });

  test('immediates fold into the operand when they fit, else they are materialised', () => {
    expect(best({ body: '%s = add.32 %a, 2047', inputs: ab }).c.form.name).toBe('addi');
    expect(best({ body: '%s = add.32 %a, -1', inputs: ab }).c.form.name).toBe('addi');
    const big = best({ body: '%s = add.32 %a, 4096', inputs: ab }).c;
    expect(big.form.name).toBe('add');
    expect(big.bindings.get('rt')).toEqual({ kind: 'imm', value: 4096n });
    // an unsigned spelling of a 32-bit pattern is read as its signed value
    expect(best({ body: '%s = add.32 %a, 0xffffffff', inputs: ab }).c.bindings.get('imm')).toEqual({
      kind: 'imm',
      value: -1n,
    });
  });

  test('a constant value binds an immediate parameter', () => {
    const { c } = best({
      body: '%s = add.32 %a, %k',
      inputs: { ...ab, k: { width: 32, at: { kind: 'const', value: 7n } } },
    });
    expect(c.form.name).toBe('addi');
    expect(c.bindings.get('imm')).toEqual({ kind: 'imm', value: 7n });
  });

  test('zero uses the zero register', () => {
    const { c } = best({ body: '%p = add.32 %a, 8\nstore.32 %p, 0', inputs: ab });
    expect(c.form.name).toBe('st');
    expect(c.bindings.get('rt')).toEqual({ kind: 'reg', reg: 'r0' });
  });

  test('a literal in the semantics matches only that immediate', () => {
    expect(names({ body: '%nz = ne.32 %a, 0', inputs: ab, liveAfter: { nz: 1 } })).toContain(
      'tst/1',
    );
    expect(names({ body: '%nz = ne.32 %a, 1', inputs: ab, liveAfter: { nz: 1 } })).not.toContain(
      'tst/1',
    );
  });

  test('a value computed by the same instruction cannot also be its input', () => {
    // %t feeds the second add as an ordinary register operand: two instructions.
    expect(
      names({ body: '%t = add.32 %a, %b\n%u = add.32 %t, %a', inputs: ab, liveAfter: { u: 1 } })[0],
    ).toMatch(/\/1$/);
  });

  test('an output-only register is left for the caller to pick', () => {
    const { c } = best({ body: '%s = add.32 %a, %b', inputs: ab });
    expect(c.bindings.get('rd')).toEqual({ kind: 'free' });
  });

  test('inputs not in a register of the class cost a move', () => {
    const here = best({ body: '%s = mul.32 %a, %b', inputs: ab }).c.cost;
    const spilled = best({
      body: '%s = mul.32 %a, %b',
      inputs: { a: { width: 32, at: { kind: 'stack', offset: 8 } }, b: ab.b },
    }).c;
    expect(spilled.cost).toBe(here + 1);
    expect(spilled.bindings.get('rs')).toMatchObject({ satisfied: false });
  });
});

describe('calls', () => {
  test('a call with results matches the call form; the ABI places the results', () => {
    const w = windowQuery({
      body: '%r: 32, %s: 32 = call @f(%a, %b)',
      inputs: ab,
      liveAfter: { r: 1, s: 1 },
    });
    const c = matcher.best(w.query)!;
    expect(c.form.name).toBe('call');
    expect(c.bindings.get('callee')).toEqual({ kind: 'func', name: 'f' });
    expect(c.outputs.size).toBe(0);
    expect(c.writes.map((x) => x.name)).toEqual(['r1', 'r2', 'r3']);
  });
});

describe('a variadic action that is not control flow (syscall)', () => {
  // One form per arity: the number in r1, arguments in r2 and r3, the result in r1.
  const sys = (n: number): FormDef => {
    const args = ['r2', 'r3'].slice(0, n);
    return {
      name: `sys/${n}`,
      extension: 'base',
      params: {
        nr: fixed('r1', 32),
        ...Object.fromEntries(args.map((r, k) => [`a${k}`, fixed(r, 32)])),
      },
      semantics: `%out = syscall.32 ${['%nr', ...args.map((_, k) => `%a${k}`)].join(', ')}`,
      outputs: { out: 'r1' },
      encoding: enc('A', { op: 16, rd: 0, rs: 0, rt: 0, imm: 0 }),
      asm: 'sys',
    };
  };
  const m = new Matcher(loadMachine({ ...toy, forms: [...toy.forms, sys(0), sys(1), sys(2)] }));
  const inputs = { n: { width: 32, at: inReg('r1') }, x: { width: 32, at: inReg('r2') } };
  const pick = (body: string) =>
    m.query(windowQuery({ body, inputs }).query).map((c) => c.form.name);

  test('the semantics list every operand; a form matches only its own arity', () => {
    expect(loadMachine({ ...toy, forms: [sys(2)] }).forms[0]!.semantics[0]).toMatchObject({
      key: 'syscall.32',
      allOperands: true,
      operandWidths: [32, 32, 32],
    });
    expect(pick('%r = syscall.32 %n')).toEqual(['sys/0']);
    expect(pick('%r = syscall.32 %n, %x')).toEqual(['sys/1']);
    expect(pick('%r = syscall.32 %n, %x, 7')).toEqual(['sys/2']);
  });

  test('each operand binds its fixed register, an immediate to be put there', () => {
    const c = m.best(windowQuery({ body: '%r = syscall.32 %n, %x, 7', inputs }).query)!;
    expect(c.bindings.get('nr')).toMatchObject({ kind: 'value', satisfied: true, reg: 'r1' });
    expect(c.bindings.get('a0')).toMatchObject({ kind: 'value', satisfied: true, reg: 'r2' });
    expect(c.bindings.get('a1')).toEqual({ kind: 'imm', value: 7n });
  });
});

describe('memory effects', () => {
  test('read-modify-write in one instruction when the address is dead', () => {
    const body = '%a = add.32 %p, 4\n%v = load.32 %a\n%s = add.32 %v, %x\nstore.32 %a, %s';
    const inputs = { p: { width: 32, at: inReg('r1') }, x: { width: 32, at: inReg('r2') } };
    expect(names({ body, inputs })[0]).toBe('rmw/4');
  });

  test('no form matches a store and a load in the wrong order', () => {
    const body = '%a = add.32 %p, 4\nstore.32 %a, %x\n%v = load.32 %a';
    const inputs = { p: { width: 32, at: inReg('r1') }, x: { width: 32, at: inReg('r2') } };
    expect(names({ body, inputs, liveAfter: { v: 1 } }).filter((n) => n.startsWith('rmw'))).toEqual(
      [],
    );
  });

  test('nothing implements an action no form has', () => {
    expect(names({ body: '%q = div_u.32 %a, %b', inputs: ab })).toEqual([]);
  });
});
