/**
 * Queries a compiler writer would make of riscv32, with the answers they
 * expect: compare-and-branch fuses into one branch, loads fold their offset,
 * constants use x0 or fold into immediates, and a branch to a label not yet
 * placed takes the far form.
 */
import { inReg, loadMachine, Matcher, type WindowSpec, windowQuery } from '@lirc/asmquery';
import { riscv32 } from '@lirc/machine-riscv32';

const matcher = new Matcher(loadMachine(riscv32));
const ab = { a: { width: 32, at: inReg('a0') }, b: { width: 32, at: inReg('a1') } };

function best(spec: WindowSpec) {
  const w = windowQuery({ pointerWidth: 32, ...spec });
  const c = matcher.best(w.query);
  if (!c) throw new Error('no candidate');
  return { c, id: w.id };
}

test('lt_s.32 + br_if is one blt', () => {
  const { c } = best({
    body: '%c = lt_s.32 %a, %b\nbr_if %c, ^loop',
    inputs: ab,
    labels: { loop: -40 },
  });
  expect(c.form.name).toBe('blt');
  expect(c.covers).toBe(2);
  expect(c.bindings.get('rs1')).toMatchObject({ kind: 'value', satisfied: true, reg: 'a0' });
  expect(c.bindings.get('target')).toMatchObject({ kind: 'label', offset: -40 });
});

test('a forward branch (label not placed yet) takes the far form', () => {
  const { c } = best({ body: '%c = lt_s.32 %a, %b\nbr_if %c, ^exit', inputs: ab });
  expect(c.form.name).toBe('blt (far)');
  expect(c.covers).toBe(2);
});

test('a load folds its offset; a store of zero uses x0', () => {
  expect(best({ body: '%p = add.32 %a, -8\n%v = load.32 %p', inputs: ab }).c.form.name).toBe('lw');
  const { c } = best({ body: '%p = add.32 %a, 12\nstore.32 %p, 0', inputs: ab });
  expect(c.form.name).toBe('sw');
  expect(c.bindings.get('rs2')).toEqual({ kind: 'reg', reg: 'zero' });
});

test('immediates are read modulo 2^32: and with 0xfffffff0 is andi -16', () => {
  const { c } = best({ body: '%m = and.32 %a, 0xfffffff0', inputs: ab });
  expect(c.form.name).toBe('andi');
  expect(c.bindings.get('imm')).toEqual({ kind: 'imm', value: -16n });
});

test('a copy is addi rd, rs, 0 (mv)', () => {
  expect(best({ body: '%c = copy.32 %a', inputs: ab }).c.form.name).toMatch(/^mv/);
});

test('every result lands in the rd the caller picks', () => {
  const { c, id } = best({ body: '%s = add.32 %a, %b', inputs: ab });
  expect(c.form.name).toBe('add');
  expect(c.outputs.get(id('s'))).toEqual({ kind: 'param', param: 'rd' });
  expect(c.bindings.get('rd')).toEqual({ kind: 'free' });
});

test('host glue: stack_pointer, label_addr, and syscall by its number of arguments', () => {
  expect(best({ body: '%s = stack_pointer', inputs: {} }).c.form.name).toBe('mv (stack_pointer)');
  expect(best({ body: '%l = label_addr ^land', inputs: {} }).c.form.name).toBe('lla (label)');
  const { c, id } = best({
    body: '%r = syscall.32 64, %a, %b, 5',
    inputs: ab,
    liveAfter: { r: 1 },
  });
  expect(c.form.name).toBe('ecall (syscall, 3 args)');
  expect(c.bindings.get('nr')).toEqual({ kind: 'imm', value: 64n });
  expect(c.bindings.get('arg1')).toMatchObject({ kind: 'value', satisfied: true, reg: 'a0' });
  expect(c.bindings.get('arg2')).toMatchObject({ kind: 'value', satisfied: true, reg: 'a1' });
  expect(c.bindings.get('arg3')).toEqual({ kind: 'imm', value: 5n });
  expect(c.outputs.get(id('r'))).toMatchObject({ kind: 'reg', reg: { name: 'a0' } });
  expect(c.writes).toEqual([]);
});
