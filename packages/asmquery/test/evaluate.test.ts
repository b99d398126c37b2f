/**
 * evaluateSemantics: a form's Low IR on concrete operands: values,
 * intermediates, memory, taken and untaken branches, Low IR traps.
 */
import { evaluateSemantics, loadMachine } from '@lirc/asmquery';
import { LinearMemory } from '@lirc/low-ir';
import { toy } from './fixtures/toy.js';

const machine = loadMachine(toy);
const form = (name: string) => machine.forms.find((f) => f.name === name)!;

test('values and intermediates, through memory', () => {
  const memory = new LinearMemory(64);
  memory.store(20n, 4, 7n);
  const out = evaluateSemantics(form('ldmul'), (p) => ({ dst: 6n, rs: 4n, imm: 16n })[p]!, memory);
  expect(out.values).toEqual(
    new Map([
      ['a', 20n],
      ['m', 7n],
      ['out', 42n],
    ]),
  );
  expect(out.control).toBeUndefined();
});

test('operands are reduced to their parameter width', () => {
  const out = evaluateSemantics(
    form('add'),
    (p) => (p === 'rs' ? (1n << 40n) + 5n : 1n),
    new LinearMemory(0),
  );
  expect(out.values.get('out')).toBe(6n);
});

test('branches: taken and not taken', () => {
  const taken = evaluateSemantics(
    form('blt'),
    (p) => (p === 'rs' ? 0xffffffffn : 1n),
    new LinearMemory(0),
  );
  expect(taken.control).toEqual({ kind: 'jump', label: 'target' });
  const not = evaluateSemantics(form('blt'), (p) => (p === 'rs' ? 3n : 1n), new LinearMemory(0));
  expect(not.control).toBeUndefined();
  expect(not.values.get('c')).toBe(0n);
});

test('a Low IR trap is reported, not thrown', () => {
  const out = evaluateSemantics(form('ld'), () => 100n, new LinearMemory(16));
  expect(out.trapped).toBe('out_of_bounds');
});
