/**
 * Loading machine definitions: a valid one compiles; each kind of mistake is
 * rejected with a message naming the file, the form and the field.
 */
import {
  bitFormat,
  type FormDef,
  formatForm,
  loadMachine,
  type MachineDefinition,
  MachineDefinitionError,
} from '@lirc/asmquery';
import { toy } from './fixtures/toy.js';

function problemsOf(def: MachineDefinition): string[] {
  try {
    loadMachine(def);
  } catch (e) {
    expect(e).toBeInstanceOf(MachineDefinitionError);
    return [...(e as MachineDefinitionError).problems];
  }
  throw new Error('expected the definition to be rejected');
}

function withForm(name: string, change: (f: FormDef) => FormDef): MachineDefinition {
  return { ...toy, forms: toy.forms.map((f) => (f.name === name ? change(f) : f)) };
}

test('the toy machine loads', () => {
  const m = loadMachine(toy);
  expect(m.forms).toHaveLength(toy.forms.length);
  expect(m.forms.find((f) => f.name === 'ldmul')!.semantics.map((a) => a.key)).toEqual([
    'add.32',
    'load.32',
    'mul.32',
  ]);
});

describe('malformed definitions are rejected, naming the form and the field', () => {
  test.each<[string, MachineDefinition, string]>([
    [
      'unknown register in a fixed parameter',
      withForm('jlt', (f) => ({
        ...f,
        params: { ...f.params, c: { kind: 'fixed', reg: 'lx', width: 1 } },
      })),
      "test/fixtures/toy/toy-forms.ts: form 'jlt': params.c: unknown register 'lx'",
    ],
    [
      'unknown register in a class',
      { ...toy, classes: [{ name: 'gpr', registers: ['r0', 'r9'], widths: [32] }] },
      "test/fixtures/toy: classes.gpr: unknown register 'r9'",
    ],
    [
      'tie to a missing parameter',
      withForm('add2', (f) => ({ ...f, outputs: { out: 'dts', z: 'z' } })),
      "test/fixtures/toy/toy-forms.ts: form 'add2': outputs.out: tied to missing parameter or unknown register 'dts'",
    ],
    [
      'overlapping bit fields',
      { ...toy, formats: [bitFormat('A', 'op:8 rd:4 rs:4 rt:4 imm[11:6] imm[6:1]')] },
      "test/fixtures/toy: formats.A: format 'A': bit 6 of field 'imm' appears twice (overlapping bit fields)",
    ],
    [
      'an immediate that does not fit its field',
      withForm('addi', (f) => ({
        ...f,
        params: { ...f.params, imm: { kind: 'imm', width: 32, bits: 16, signed: true } },
      })),
      "test/fixtures/toy/toy-forms.ts: form 'addi': encoding.imm: parameter 'imm' needs 16 bits but the field holds 12",
    ],
    [
      'a constant that does not fit its field',
      withForm('mv', (f) => ({
        ...f,
        encoding: { format: 'A', fields: { op: 300, rd: 'rd', rs: 'rs', rt: 0, imm: 0 } },
      })),
      "test/fixtures/toy/toy-forms.ts: form 'mv': encoding.op: constant 300 does not fit the 8-bit field",
    ],
    [
      'a layout of the wrong size',
      { ...toy, formats: [bitFormat('A', 'op:8 rd:4 rs:4 rt:4 imm[10:0]')] },
      "test/fixtures/toy: formats.A: format 'A': the fields add up to 31 bits, not 32",
    ],
    [
      'semantics that do not parse',
      withForm('mul', (f) => ({ ...f, semantics: '%out = mull.32 %rs, %rt' })),
      "test/fixtures/toy/toy-forms.ts: form 'mul': semantics: line 1, column 8: unknown action 'mull'",
    ],
    [
      'semantics using an undeclared parameter',
      withForm('mul', (f) => ({ ...f, semantics: '%out = mul.32 %rs, %ru' })),
      "test/fixtures/toy/toy-forms.ts: form 'mul': semantics: line 1, column 20: use of undefined value %ru",
    ],
    [
      'an unknown encoding field',
      withForm('li', (f) => ({
        ...f,
        encoding: { format: 'A', fields: { op: 13, rd: 'rd', rs: 0, rt: 0, imm: 'imm', funct: 1 } },
      })),
      "test/fixtures/toy/toy-forms.ts: form 'li': encoding.funct: format 'A' has no field 'funct'",
    ],
    [
      'a missing encoding field',
      withForm('li', (f) => ({
        ...f,
        encoding: { format: 'A', fields: { op: 13, rd: 'rd', imm: 'imm', rs: 0 } },
      })),
      "test/fixtures/toy/toy-forms.ts: form 'li': encoding.rt: format 'A' needs field 'rt'",
    ],
    [
      'an unknown clobber',
      withForm('cmp', (f) => ({ ...f, clobbers: ['flag'] })),
      "test/fixtures/toy/toy-forms.ts: form 'cmp': clobbers: unknown register or register group 'flag'",
    ],
    [
      'a placeholder that is not a parameter',
      withForm('mv', (f) => ({ ...f, asm: 'mv {rd}, {rz}' })),
      "test/fixtures/toy/toy-forms.ts: form 'mv': asm: {rz} is not a parameter",
    ],
    [
      'a relocation operator on a parameter that is not a function',
      withForm('mv', (f) => ({ ...f, asm: 'mv {rd}, {%lo(rs)}' })),
      "test/fixtures/toy/toy-forms.ts: form 'mv': asm: {%lo(rs)}: a relocation operator applies to a function parameter",
    ],
    [
      'an anchor label in asm (it is for the assembler template)',
      withForm('mv', (f) => ({ ...f, asm: '{@}: mv {rd}, {rs}' })),
      "test/fixtures/toy/toy-forms.ts: form 'mv': asm: {@} (a label on the form) is for the assembler template",
    ],
    [
      'a placeholder of the assembler template that is not a parameter',
      withForm('mv', (f) => ({ ...f, assembler: '{{pin}} {@}: mv {rd}, {rz}' })),
      "test/fixtures/toy/toy-forms.ts: form 'mv': assembler: {rz} is not a parameter",
    ],
    [
      'a relocation operator on an unknown parameter',
      withForm('call', (f) => ({ ...f, asm: 'call {%lo(f)}' })),
      "test/fixtures/toy/toy-forms.ts: form 'call': asm: {f} is not a parameter",
    ],
    [
      'a structural error (zod)',
      withForm('mv', (f) => ({
        ...f,
        params: {
          rd: { kind: 'reg', class: 'gpr', width: 'wide' as unknown as number },
          rs: f.params.rs!,
        },
      })),
      "test/fixtures/toy/toy-forms.ts: form 'mv': params.rd.width: Invalid input: expected number, received string",
    ],
    [
      'an unknown scratch register',
      { ...toy, special: { ...toy.special, scratch: 'r9' } },
      "test/fixtures/toy: special.scratch: unknown register 'r9'",
    ],
    [
      'a scratch register that carries arguments',
      { ...toy, special: { ...toy.special, scratch: 'r2' } },
      "test/fixtures/toy: special.scratch: 'r2' carries arguments or results in the ABI",
    ],
    [
      'two forms with one name',
      { ...toy, forms: [...toy.forms, toy.forms[0]!] },
      "test/fixtures/toy/toy-forms.ts: form 'add': name: another form has the same name",
    ],
  ])('%s', (_name, def, message) => {
    expect(problemsOf(def)).toContain(message);
  });
});

test('function placeholders: {f}, {+f}, {%op(f)}; a numeric funcText prints as an immediate', () => {
  const m = loadMachine(
    withForm('call', (f) => ({ ...f, asm: 'call {callee}, [pc{+callee}], {%hi(callee)}' })),
  );
  const call = m.forms.find((f) => f.name === 'call')!;
  const operands = { callee: { func: 'g' } };
  expect(formatForm(m, call, operands)).toBe('call g, [pc + g], %hi(g)');
  expect(formatForm(m, call, operands, { funcText: (n) => `@${n}` })).toBe(
    'call @g, [pc + @g], %hi(@g)',
  );
  expect(formatForm(m, call, operands, { funcText: () => '0' })).toBe('call 0, [pc], 0');
  expect(formatForm(m, call, operands, { funcText: () => '16' })).toBe('call 16, [pc + 16], 16');
});

test('label placeholders: {+target} and the high/low split {target:hiN} / {target:loN}', () => {
  const m = loadMachine(
    withForm('blt', (f) => ({
      ...f,
      asm: 'blt {rs}, {rt}, [pc{+target}], {target:hi4}, {target:lo4}',
    })),
  );
  const blt = m.forms.find((f) => f.name === 'blt')!;
  const at = (label: number) => ({ rs: { reg: 'r1' }, rt: { reg: 'r2' }, target: { label } });
  // lo is the low 4 bits read signed; hi = (offset - lo) >> 4, unsigned in 12 - 4 bits.
  expect(formatForm(m, blt, at(20))).toBe('blt r1, r2, [pc + 20], 1, 4');
  expect(formatForm(m, blt, at(24))).toBe('blt r1, r2, [pc + 24], 2, -8');
  expect(formatForm(m, blt, at(-20))).toBe('blt r1, r2, [pc - 20], 255, -4');
  expect(formatForm(m, blt, at(0))).toBe('blt r1, r2, [pc], 0, 0');
  expect(formatForm(m, blt, at(8), { labelText: () => '.L1' })).toBe(
    'blt r1, r2, [pc + .L1], hi4(.L1), lo4(.L1)',
  );
  expect(
    problemsOf(withForm('addi', (f) => ({ ...f, asm: 'addi {rd}, {rs}, {imm:lo4}' }))),
  ).toContain(
    "test/fixtures/toy/toy-forms.ts: form 'addi': asm: {imm:lo4}: a high/low split applies to a label parameter",
  );
});
