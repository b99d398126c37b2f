/**
 * The code buffer: backward branches are encoded with their offset, forward
 * branches are patched when the label is placed, and a target out of reach is
 * an error naming the form, not wrong bytes.
 */
import { CodeBuffer, EncodeError, encodeForm, loadMachine } from '@lirc/asmquery';
import { toy } from './fixtures/toy.js';

const machine = loadMachine(toy);
const form = (name: string) => machine.forms.find((f) => f.name === name)!;
const word = (bytes: Uint8Array, at: number) =>
  bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);

test('forward branches are patched when the label is placed; backward ones are direct', () => {
  const buf = new CodeBuffer(machine);
  const add = { rd: { reg: 'r1' }, rs: { reg: 'r2' }, rt: { reg: 'r3' } };
  buf.bind(1); // loop head at 0
  buf.emit(form('add'), add);
  const fwd = buf.emit(form('blt'), {
    rs: { reg: 'r1' },
    rt: { reg: 'r2' },
    target: { labelId: 2 },
  });
  expect(buf.labelOffset(1)).toBe(-8);
  const back = buf.emit(form('blt'), {
    rs: { reg: 'r1' },
    rt: { reg: 'r2' },
    target: { labelId: 1 },
  });
  buf.emit(form('add'), add);
  buf.bind(2); // exit at 16
  const code = buf.finish();
  expect(code.bytes).toHaveLength(16);
  const expected = (target: number, at: number) =>
    encodeForm(machine, form('blt'), {
      rs: { reg: 'r1' },
      rt: { reg: 'r2' },
      target: { label: target - at },
    }).bytes;
  expect([...code.bytes.subarray(fwd, fwd + 4)]).toEqual(expected(16, fwd));
  expect([...code.bytes.subarray(back, back + 4)]).toEqual(expected(0, back));
  // the offset field (low 12 bits) holds +12 and -8
  expect(word(code.bytes, fwd) & 0xfff).toBe(12);
  expect(word(code.bytes, back) & 0xfff).toBe(0x1000 - 8);
});

test('a label placed out of reach is an error, not wrong bytes', () => {
  const buf = new CodeBuffer(machine);
  buf.emit(form('blt'), { rs: { reg: 'r1' }, rt: { reg: 'r2' }, target: { labelId: 7 } });
  for (let k = 0; k < 600; k++) buf.emit(form('mv'), { rd: { reg: 'r1' }, rs: { reg: 'r2' } });
  expect(() => buf.bind(7)).toThrow(EncodeError);
  expect(() => new CodeBuffer(machine).bind(3)).not.toThrow();
});

test('unplaced labels are reported at the end', () => {
  const buf = new CodeBuffer(machine);
  buf.emit(form('blt'), { rs: { reg: 'r1' }, rt: { reg: 'r2' }, target: { labelId: 9 } });
  expect(() => buf.finish()).toThrow('branches to labels that were never placed: 9');
});

test('operands are checked: a register outside the class, an immediate out of range', () => {
  expect(() =>
    encodeForm(machine, form('add'), { rd: { reg: 'r9' }, rs: { reg: 'r1' }, rt: { reg: 'r1' } }),
  ).toThrow("add: operand 'rd': register 'r9' is not allowed here");
  expect(() =>
    encodeForm(machine, form('addi'), { rd: { reg: 'r1' }, rs: { reg: 'r1' }, imm: { imm: 2048 } }),
  ).toThrow("addi: operand 'imm': 2048 is not a signed 12-bit value");
});

test('a call to a function at a known place is encoded pc-relative, else it asks for a relocation', () => {
  const known = encodeForm(machine, form('call'), { callee: { func: 'f', offset: 40 } });
  expect(word(Uint8Array.from(known.bytes), 0) & 0xfff).toBe(40);
  expect(known.relocations).toEqual([]);
  const unknown = encodeForm(machine, form('call'), { callee: { func: 'f' } });
  expect(word(Uint8Array.from(unknown.bytes), 0) & 0xfff).toBe(0);
});
