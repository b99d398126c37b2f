/**
 * The x86_64 definition loads, has a form for every Low IR action the
 * instruction set implements (keys computed from the forms' semantics),
 * claims no action it does not implement exactly (fmin/fmax), rejects
 * malformed encoding specs at load time with messages that name the form
 * and the field, and its target actions evaluate as documented.
 */
import {
  enc,
  type FormDef,
  loadMachine,
  type MachineDefinition,
  MachineDefinitionError,
  reg,
} from '@lirc/asmquery';
import { f32ToBits, f64ToBits } from '@lirc/low-ir';
import { x86_64 } from '@lirc/machine-x86_64';
import { ACTIONS } from '../actions.js';

const machine = loadMachine(x86_64);
const keys = new Set(machine.forms.flatMap((f) => f.semantics.map((a) => a.key)));

const INT = [8, 16, 32, 64];
const WIDE = [16, 32, 64];
const FLOAT = [32, 64];
const EXTENSIONS = ['16.8', '32.8', '64.8', '32.16', '64.16', '64.32'];
const CONVERSIONS = ['32.32', '32.64', '64.32', '64.64'];
const each = (actions: string[], widths: (number | string)[]) =>
  actions.flatMap((a) => widths.map((w) => `${a}.${w}`));

const EXPECTED = [
  ...each(['add', 'sub', 'and', 'or', 'xor', 'neg', 'not'], INT),
  ...each(['shl', 'shr_u', 'shr_s', 'rotl', 'rotr'], INT),
  ...each(['eq', 'ne', 'lt_s', 'ge_s', 'le_s', 'gt_s', 'lt_u', 'ge_u', 'le_u', 'gt_u'], INT),
  ...each(['eqz', 'sign', 'add_carry', 'add_overflow', 'sub_overflow'], INT),
  ...each(['copy', 'const', 'load', 'store'], INT),
  ...each(['mul', 'mulh_u', 'mulh_s', 'div_u', 'div_s', 'rem_u', 'rem_s', 'select'], WIDE),
  ...each(['clz', 'ctz', 'popcnt', 'x86_bsf', 'x86_bsr'], WIDE),
  ...each(['zext', 'sext', 'load_u', 'load_s'], EXTENSIONS),
  'zext.8.1',
  ...each(['fadd', 'fsub', 'fmul', 'fdiv', 'fsqrt', 'x86_min', 'x86_max'], FLOAT),
  ...each(['ffloor', 'fceil', 'ftrunc', 'fnearest', 'copy', 'load', 'store'], FLOAT),
  ...each(['funo', 'fgt', 'fge', 'flt', 'fle', 'reinterpret'], FLOAT),
  ...each(['itof_s', 'ftoi_s'], CONVERSIONS),
  'fpromote.64.32',
  'fdemote.32.64',
  'br_if',
  'jump',
  'call',
  'call_indirect',
  'func_addr',
  'return',
  'trap',
  'stack_pointer',
  'label_addr',
  'syscall.64',
];

test('the definition loads; form counts per file', () => {
  const perFile = new Map<string, number>();
  for (const f of machine.forms) {
    perFile.set(f.def.source!, (perFile.get(f.def.source!) ?? 0) + 1);
  }
  console.log(
    `x86_64: ${machine.forms.length} forms, ${keys.size} action keys\n` +
      [...perFile].map(([file, n]) => `  ${file}: ${n}`).join('\n'),
  );
  expect(machine.forms.length).toBeGreaterThan(1000);
});

test('every action key the instruction set implements has a form', () => {
  expect(EXPECTED.filter((k) => !keys.has(k))).toEqual([]);
});

test('no form claims fmin/fmax (minss/maxss differ on NaN and ±0) or clz/ctz from bsr/bsf', () => {
  expect([...keys].filter((k) => /^f(min|max)\./.test(k))).toEqual([]);
  const scans = machine.forms.filter((f) => /^bs[fr] /.test(f.name));
  expect(scans.flatMap((f) => f.semantics.map((a) => a.opcode))).not.toContain('clz');
  expect(scans.flatMap((f) => f.semantics.map((a) => a.opcode))).not.toContain('ctz');
});

test('every flag-writing form clobbers the flags', () => {
  const writesFlags = machine.forms.filter((f) =>
    [...f.outputs.values()].some((o) => o.kind === 'reg' && o.reg.name.startsWith('cc.')),
  );
  expect(writesFlags.filter((f) => !f.def.clobbers?.includes('flags')).map((f) => f.name)).toEqual(
    [],
  );
});

describe('malformed encodings are rejected at load time', () => {
  const withForm = (form: Partial<FormDef>): MachineDefinition => ({
    ...x86_64,
    forms: [
      {
        name: 'bad form',
        extension: 'test',
        params: { dst: reg('gpr', 32), src: reg('gpr', 32) },
        semantics: '%out = add.32 %dst, %src',
        outputs: { out: 'dst' },
        encoding: enc('rm', { opcode: [0x01], reg: 'src', rm: 'dst' }),
        asm: 'add {dst}, {src}',
        source: 'forms/test.ts',
        ...form,
      },
    ],
  });
  const problems = (form: Partial<FormDef>): string => {
    try {
      loadMachine(withForm(form));
    } catch (e) {
      if (e instanceof MachineDefinitionError) return e.problems.join('\n');
      throw e;
    }
    return '(loaded)';
  };

  test.each([
    [
      'reg and digit',
      { encoding: enc('rm', { opcode: [0x01], reg: 'src', digit: 0, rm: 'dst' }) },
      "set exactly one of 'reg'",
    ],
    [
      'no r/m operand',
      { encoding: enc('rm', { opcode: [0x01], reg: 'src' }) },
      "set exactly one of 'rm'",
    ],
    [
      'four opcode bytes',
      { encoding: enc('rm', { opcode: [0x0f, 0x38, 0x01, 0x02], reg: 'src', rm: 'dst' }) },
      "field 'opcode' must list 1 to 3 bytes",
    ],
    [
      'a REX byte as a prefix',
      { encoding: enc('rm', { prefix: [0x48], opcode: [0x01], reg: 'src', rm: 'dst' }) },
      "field 'prefix' must list legacy prefixes",
    ],
    [
      'a misspelt parameter',
      { encoding: enc('rm', { opcode: [0x01], reg: 'scr', rm: 'dst' }) },
      "'scr' is not a parameter",
    ],
    [
      'rsp allowed as an index',
      {
        params: { dst: reg('gpr', 32), base: reg('gpr', 64), index: reg('gpr', 64) },
        semantics: '%a = add.64 %base, %index\n%out = load.32 %a',
        encoding: enc('rm', { opcode: [0x8b], reg: 'dst', base: 'base', index: 'index', scale: 0 }),
      },
      "parameter 'index' allows rsp, which cannot be an index",
    ],
    [
      'a 32-bit base without the 67 prefix',
      {
        params: { dst: reg('gpr', 32), base: reg('gpr', 32) },
        semantics: '%out = load.32 %base',
        encoding: enc('rm', { opcode: [0x8b], reg: 'dst', base: 'base' }),
      },
      'must be a 64-bit register',
    ],
    [
      'an immediate without its size',
      {
        params: { dst: reg('gpr', 32), imm: { kind: 'imm', width: 32, bits: 32, signed: true } },
        semantics: '%out = add.32 %dst, %imm',
        encoding: enc('rm', { opcode: [0x81], digit: 0, rm: 'dst', imm: 'imm' }),
      },
      "fields 'imm' and 'immBytes' go together",
    ],
    [
      'an immediate wider than its field',
      {
        params: { dst: reg('gpr', 32), imm: { kind: 'imm', width: 32, bits: 32, signed: true } },
        semantics: '%out = add.32 %dst, %imm',
        encoding: enc('rm', { opcode: [0x83], digit: 0, rm: 'dst', imm: 'imm', immBytes: 1 }),
      },
      "immediate 'imm' has 32 bits but the field holds 8",
    ],
  ] as [string, Partial<FormDef>, string][])('%s', (_what, form, message) => {
    const text = problems(form);
    expect(text).toContain("machine-defs/x86_64/forms/test.ts: form 'bad form': encoding");
    expect(text).toContain(message);
  });
});

describe('target actions', () => {
  const evaluator = (opcode: string, width: number) =>
    ACTIONS.find((a) => a.opcode === opcode)!.evaluate!([width]);
  const memory = { memory: { load: () => 0n, store: () => {} } };

  test('x86_bsf / x86_bsr give the lowest / highest set bit and refuse 0', () => {
    expect(evaluator('x86_bsf', 32)([0x50n], memory)).toBe(4n);
    expect(evaluator('x86_bsr', 32)([0x50n], memory)).toBe(6n);
    expect(evaluator('x86_bsr', 64)([1n << 63n], memory)).toBe(63n);
    expect(() => evaluator('x86_bsf', 16)([0n], memory)).toThrow(/undefined/);
  });

  test('x86_min / x86_max return the second operand on NaN and on two zeros', () => {
    const min = evaluator('x86_min', 32);
    const max = evaluator('x86_max', 64);
    const [one, two, nan, pz, nz] = [1, 2, Number.NaN, 0, -0].map(f32ToBits);
    expect(min([one!, two!], memory)).toBe(one);
    expect(min([two!, one!], memory)).toBe(one);
    expect(min([nan!, one!], memory)).toBe(one);
    expect(min([one!, nan!], memory)).toBe(nan);
    expect(min([pz!, nz!], memory)).toBe(nz);
    expect(min([nz!, pz!], memory)).toBe(pz);
    const [d1, d2, dz] = [1, 2, -0].map(f64ToBits);
    expect(max([d1!, d2!], memory)).toBe(d2);
    expect(max([dz!, f64ToBits(0)], memory)).toBe(f64ToBits(0));
  });
});
