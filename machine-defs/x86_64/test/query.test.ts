/**
 * The x86_64 forms as the query engine sees them: the matches DESIGN.md §5
 * expects to fall out of matching (memory operands, compare then branch on
 * a flag, lea for an add whose flags nobody needs, folded immediates) and a
 * few forms whose semantics are easy to get subtly unmatchable (division,
 * flags as outputs, scaled addressing, read-modify-write).
 */
import {
  type Candidate,
  inReg,
  loadMachine,
  Matcher,
  type WindowSpec,
  windowQuery,
} from '@lirc/asmquery';
import { x86_64 } from '@lirc/machine-x86_64';

const matcher = new Matcher(loadMachine(x86_64));
const r = (reg: string, width = 32) => ({ width, at: inReg(reg) });

function candidates(spec: WindowSpec): { list: Candidate[]; id: (n: string) => number } {
  const w = windowQuery(spec);
  return { list: matcher.query(w.query), id: w.id };
}

function best(spec: WindowSpec): { c: Candidate; id: (n: string) => number } {
  const { list, id } = candidates(spec);
  if (list.length === 0) throw new Error(`no candidate for ${spec.body}`);
  return { c: list[0]!, id };
}

test('a load folds into imul: add.64 + load.32 + mul.32 is one instruction', () => {
  const { c } = best({
    body: '%p = add.64 %base, 16\n%v = load.32 %p\n%o = mul.32 %x, %v',
    inputs: { base: r('rdi', 64), x: r('rax') },
  });
  expect(c.form.name).toBe('imul r32, m32 [base + disp]');
  expect(c.covers).toBe(3);
  expect(c.bindings.get('disp')).toEqual({ kind: 'imm', value: 16n });
});

test('the loaded value still needed: the load is an instruction of its own, then imul', () => {
  const spec = {
    body: '%p = add.64 %base, 16\n%v = load.32 %p\n%o = mul.32 %x, %v',
    inputs: { base: r('rdi', 64), x: r('rax') },
    liveAfter: { v: 1 },
  };
  const { c } = best(spec);
  expect(c.form.name).toBe('mov r32, m32 [base + disp]');
  expect(c.covers).toBe(2);
  // The next query, on the multiply alone, is an imul of two registers.
  expect(
    best({ body: '%o = mul.32 %x, %v', inputs: { x: r('rax'), v: r('rcx') } }).c.form.name,
  ).toBe('imul r32, r32');
});

test('div_u.32 binds rax and rdx and reports rdx and the flags as written', () => {
  const { c } = best({ body: '%q = div_u.32 %a, %b', inputs: { a: r('rax'), b: r('rcx') } });
  const fixedRegs = Object.entries(c.form.params)
    .filter(([, p]) => p.kind === 'fixed')
    .map(([, p]) => (p as { reg: string }).reg);
  expect(fixedRegs).toContain('rax');
  expect(c.bindings.get('lo')).toMatchObject({ kind: 'value', satisfied: true, reg: 'rax' });
  const written = c.writes.map((x) => x.name);
  expect(written).toContain('rdx');
  expect(written).toContain('cc.e');
  expect(written).toContain('cc.b');
});

test('a scaled index: shl + add + add + load is one mov', () => {
  const { c } = best({
    body: '%si = shl.64 %i, 2\n%p = add.64 %b, %si\n%p2 = add.64 %p, 8\n%v = load.32 %p2',
    inputs: { b: r('rdi', 64), i: r('rsi', 64) },
  });
  expect(c.form.name).toBe('mov r32, m32 [base + index*scale + disp]');
  expect(c.covers).toBe(4);
  expect(c.bindings.get('shift')).toEqual({ kind: 'imm', value: 2n });
});

test('read-modify-write: load, add, store to the same address is add m32, r32', () => {
  const { c } = best({
    body: '%p = add.64 %base, 8\n%v = load.32 %p\n%s = add.32 %v, %x\nstore.32 %p, %s',
    inputs: { base: r('rdi', 64), x: r('rax') },
  });
  expect(c.form.name).toBe('add m32 [base + disp], r32');
  expect(c.covers).toBe(4);
});

test('compare, then branch on the flag it leaves', () => {
  const cmp = candidates({
    body: '%c = lt_s.32 %a, %b\nbr_if %c, ^out',
    inputs: { a: r('rdi'), b: r('rsi') },
    labels: { out: -20 },
    liveAfter: { a: 1, b: 1 },
  });
  const c = cmp.list.find((x) => x.form.name === 'cmp r32, r32')!;
  expect(c.covers).toBe(1);
  expect(c.outputs.get(cmp.id('c'))).toMatchObject({ kind: 'reg', reg: { name: 'cc.l' } });
  const flag = { c: { width: 1, at: inReg('cc.l') } };
  expect(best({ body: 'br_if %c, ^out', inputs: flag, labels: { out: -20 } }).c.form.name).toBe(
    'jl rel8',
  );
  expect(best({ body: 'br_if %c, ^out', inputs: flag }).c.form.name).toBe('jl rel32');
});

test('is-zero and branch: test r, r sets cc.e', () => {
  const { c, id } = best({
    body: '%z = eqz.32 %a\nbr_if %z, ^out',
    inputs: { a: r('rdi') },
    labels: { out: -20 },
  });
  expect(c.form.name).toBe('test r32, r32 (same register)');
  expect(c.outputs.get(id('z'))).toMatchObject({ kind: 'reg', reg: { name: 'cc.e' } });
});

test('float compare: flt is ucomisd with swapped operands, into cc.a', () => {
  const { c, id } = best({
    body: '%c = flt.64 %x, %y\nbr_if %c, ^out',
    inputs: { x: r('xmm0', 64), y: r('xmm1', 64) },
    labels: { out: -20 },
  });
  expect(c.form.name).toBe('ucomisd xmm, xmm (swapped: flt, fle)');
  expect(c.outputs.get(id('c'))).toMatchObject({ kind: 'reg', reg: { name: 'cc.a' } });
});

test('add and its carry in one instruction', () => {
  const { c, id } = best({
    body: '%s = add.32 %a, %b\n%c = add_carry.32 %a, %b',
    inputs: { a: r('rdi'), b: r('rsi') },
    liveAfter: { s: 1, c: 1 },
  });
  expect(c.form.name).toBe('add r32, r32');
  expect(c.covers).toBe(2);
  expect(c.outputs.get(id('c'))).toMatchObject({ kind: 'reg', reg: { name: 'cc.b' } });
});

test('lea for an add whose inputs stay live; add when the input is dead', () => {
  const live = best({
    body: '%s = add.64 %a, %b',
    inputs: { a: r('rdi', 64), b: r('rsi', 64) },
    liveAfter: { a: 1, b: 1 },
  });
  expect(live.c.form.name).toBe('lea r64, [base + index]');
  expect(live.c.writes.map((x) => x.name)).not.toContain('cc.e');
  expect(best({ body: '%s = add.32 %a, 5', inputs: { a: r('rdi') } }).c.form.name).toMatch(
    /^add r32, imm/,
  );
  // No imm32 form takes -1000 for a 32-bit add (see forms/common.ts); lea r32 does.
  expect(best({ body: '%s = add.32 %a, -1000', inputs: { a: r('rdi') } }).c.form.name).toBe(
    'lea r32, [base + disp] (addr32)',
  );
});

test('division: quotient, remainder, or both from one div', () => {
  const inputs = { a: r('rax'), b: r('rcx') };
  expect(best({ body: '%q = div_u.32 %a, %b', inputs }).c.form.name).toBe(
    'xor edx, edx + div r32 (quotient)',
  );
  expect(
    best({ body: '%q = rem_s.64 %a, %b', inputs: { a: r('rax', 64), b: r('rcx', 64) } }).c.form
      .name,
  ).toBe('cqo + idiv r64 (remainder)');
  const both = best({ body: '%q = div_u.32 %a, %b\n%r = rem_u.32 %a, %b', inputs });
  expect(both.c.form.name).toBe('xor edx, edx + div r32');
  expect(both.c.covers).toBe(2);
});

test.each([
  ['%s = shl.32 %a, %n', 'shl r32, cl', { a: r('rdi'), n: r('rcx') }],
  ['%s = shl.32 %a, 1', 'shl r32, 1', { a: r('rdi') }],
  ['%s = rotr.64 %a, 13', 'ror r64, imm8', { a: r('rdi', 64) }],
  ['%s = mul.32 %a, %b', 'imul r32, r32', { a: r('rdi'), b: r('rsi') }],
  ['%s = fadd.64 %x, %y', 'addsd xmm, xmm', { x: r('xmm0', 64), y: r('xmm1', 64) }],
  ['%v = load_u.32.8 %p', 'movzx r32, m8 [base]', { p: r('rdi', 64) }],
  ['%z = zext.64.32 %a', 'mov r32, r32 (zext.64.32)', { a: r('rdi') }],
  ['%x = const.32 -1', 'mov r32, imm32', {}],
  ['%x = const.64 -1', 'mov r64, imm32 (sign-extended)', {}],
  ['%n = clz.64 %a', 'lzcnt r64, r64', { a: r('rdi', 64) }],
  ['%f = itof_s.64.32 %a', 'cvtsi2sd xmm, r32', { a: r('rdi') }],
  ['%sp2 = sub.64 %sp, 8\nstore.64 %sp2, %x', 'push r64', { sp: r('rsp', 64), x: r('rbx', 64) }],
  ['call @f', 'call rel32', {}],
  ['call_indirect %p', 'call r64', { p: r('rax', 64) }],
  ['return', 'ret', {}],
  ['trap unreachable', 'ud2', {}],
  ['%s = stack_pointer', 'mov r64, rsp', {}],
  ['%a = label_addr ^land', 'lea r64, [rip + label]', {}],
] as [string, string, WindowSpec['inputs']][])('%s → %s', (body, name, inputs) => {
  expect(best({ body, inputs }).c.form.name).toBe(name);
});

describe('syscall: one form per number of arguments, each in its register', () => {
  const ARGS = ['rdi', 'rsi', 'rdx', 'r10', 'r8', 'r9'];

  test.each([0, 1, 2, 3, 4, 5, 6])('%i arguments', (n) => {
    const names = Array.from({ length: n }, (_, k) => `x${k}`);
    const inputs = Object.fromEntries([
      ['nr', r('rax', 64)],
      ...names.map((x, k) => [x, r(ARGS[k]!, 64)]),
    ]);
    const { c, id } = best({
      body: `%r = syscall.64 ${['%nr', ...names.map((x) => `%${x}`)].join(', ')}`,
      inputs,
      liveAfter: { r: 1 },
    });
    expect(c.form.name).toBe(`syscall (${n} arg${n === 1 ? '' : 's'})`);
    expect(c.cost).toBe(1); // every input already in its register
    expect(c.outputs.get(id('r'))).toMatchObject({ kind: 'reg', reg: { name: 'rax' } });
    // Besides the result (live, in rax): rcx and r11.
    expect(c.writes.map((x) => x.name).sort()).toEqual(['r11', 'rcx']);
  });

  test('arguments elsewhere are moves; an immediate goes to its register', () => {
    const { c } = best({
      body: '%r = syscall.64 60, %code',
      inputs: { code: r('rbx', 64) },
    });
    expect(c.form.name).toBe('syscall (1 arg)');
    expect(c.bindings.get('nr')).toEqual({ kind: 'imm', value: 60n });
    expect(c.bindings.get('a1')).toMatchObject({ kind: 'value', satisfied: false });
  });
});
