/**
 * The riscv32 definition loads, implements every standard action the RV32IMFD
 * forms are meant to cover (by the action keys of the form semantics), marks
 * x0 as the zero register, documents every form whose Low IR traps where the
 * hardware does not, and asks for a relocation on calls.
 */
import { encodeForm, loadMachine } from '@lirc/asmquery';
import { riscv32 } from '@lirc/machine-riscv32';

const machine = loadMachine(riscv32);
const keys = new Set(machine.forms.flatMap((f) => f.semantics.map((a) => a.key)));

/** Action keys a compiler emits that one or more RV32IMFD forms must implement. */
const REQUIRED: Record<string, string[]> = {
  'RV32I ALU': ['add.32', 'sub.32', 'and.32', 'or.32', 'xor.32', 'shl.32', 'shr_u.32', 'shr_s.32'],
  'RV32I compares': ['lt_s.32', 'lt_u.32', 'zext.32.1', 'eq.32', 'ne.32', 'eqz.32'],
  'RV32I swapped and two-instruction compares': [
    'gt_s.32',
    'gt_u.32',
    'ge_s.32',
    'ge_u.32',
    'le_s.32',
    'le_u.32',
  ],
  'RV32I loads': [
    'load.32',
    'load_s.32.8',
    'load_u.32.8',
    'load_s.32.16',
    'load_u.32.16',
    'load.8',
    'load.16',
  ],
  'RV32I stores': ['store.32', 'store.32.8', 'store.32.16', 'store.8', 'store.16'],
  'RV32I control': [
    'br_if',
    'jump',
    'call',
    'call_indirect',
    'return',
    'trap',
    'trap_if',
    'func_addr',
  ],
  'RV32I constants and moves': ['const.32', 'const.1', 'copy.32', 'copy.16', 'copy.8', 'copy.1'],
  'RV32I idioms': [
    'neg.32',
    'not.32',
    'trunc.8.32',
    'trunc.16.32',
    'trunc.1.32',
    'zext.32.8',
    'zext.32.16',
    'sext.32.8',
    'sext.32.16',
    'xor.1',
  ],
  'RV32I target actions': ['rv_auipc.32', 'rv_ecall'],
  'RV32I host glue': ['stack_pointer', 'label_addr', 'syscall.32'],
  RV32M: [
    'mul.32',
    'mulh_s.32',
    'mulh_u.32',
    'rv_mulhsu.32',
    'div_s.32',
    'div_u.32',
    'rem_s.32',
    'rem_u.32',
  ],
  'RV32F/D memory': ['load.64', 'store.64'],
  'RV32F/D arithmetic': [
    'fadd.32',
    'fsub.32',
    'fmul.32',
    'fdiv.32',
    'fsqrt.32',
    'fadd.64',
    'fsub.64',
    'fmul.64',
    'fdiv.64',
    'fsqrt.64',
  ],
  'RV32F/D min, max, fused': [
    'rv_fmin.32',
    'rv_fmax.32',
    'rv_fmin.64',
    'rv_fmax.64',
    'rv_fmadd.32',
    'rv_fmadd.64',
  ],
  'RV32F/D sign injection': [
    'fcopysign.32',
    'fneg.32',
    'fabs.32',
    'rv_fsgnjx.32',
    'copy.64',
    'fcopysign.64',
    'fneg.64',
    'fabs.64',
    'rv_fsgnjx.64',
  ],
  'RV32F/D compares': [
    'feq.32',
    'flt.32',
    'fle.32',
    'fgt.32',
    'fge.32',
    'fne.32',
    'feq.64',
    'flt.64',
    'fle.64',
    'fgt.64',
    'fge.64',
    'fne.64',
  ],
  'RV32F/D conversions': [
    'ftoi_s.32.32',
    'ftoi_u.32.32',
    'ftoi_s.32.64',
    'ftoi_u.32.64',
    'itof_s.32.32',
    'itof_u.32.32',
    'itof_s.64.32',
    'itof_u.64.32',
    'fdemote.32.64',
    'fpromote.64.32',
  ],
  'RV32F/D moves and class': ['reinterpret.32', 'rv_fclass.32', 'rv_fclass.64', 'const.64'],
};

test.each(Object.entries(REQUIRED))('%s: every action has a form', (_family, required) => {
  expect(required.filter((k) => !keys.has(k))).toEqual([]);
});

test('x0 is the zero register, in the gpr class', () => {
  expect(machine.def.special.zero).toBe('zero');
  expect(machine.registers.get('zero')?.encoding).toBe(0);
  expect(machine.classes.get('gpr')?.registers).toContain('zero');
});

test('the scratch register is caller-saved and carries no argument or result', () => {
  const scratch = machine.def.special.scratch!;
  expect(scratch).toBe('t6');
  expect(machine.classes.get('gpr')?.registers).toContain(scratch);
  const abi = machine.def.abi;
  expect(abi.calleeSaved).not.toContain(scratch);
  expect(Object.values(abi.args).flat()).not.toContain(scratch);
  expect(Object.values(abi.results).flat()).not.toContain(scratch);
});

test('form count, by file', () => {
  const byFile = new Map<string, number>();
  for (const f of machine.forms) byFile.set(f.def.source!, (byFile.get(f.def.source!) ?? 0) + 1);
  console.log(
    `riscv32: ${machine.forms.length} forms (${[...byFile].map(([file, n]) => `${file}: ${n}`).join(', ')}), ${keys.size} action keys`,
  );
  expect(machine.forms.length).toBeGreaterThan(200);
  expect([...byFile.keys()].sort()).toEqual(['forms/base.ts', 'forms/float.ts', 'forms/m.ts']);
});

test('a form whose Low IR can trap (other than memory bounds and trap_if) has a note', () => {
  const trapping = machine.forms.filter((f) =>
    f.semantics.some(
      (a) =>
        a.spec.effects.mayTrap &&
        a.spec.effects.control === 'none' &&
        !a.spec.effects.readsMemory &&
        !a.spec.effects.writesMemory &&
        a.opcode !== 'trap_if',
    ),
  );
  expect(trapping.map((f) => f.name).sort()).toEqual(
    ['div', 'divu', 'rem', 'remu', 'fcvt.w.s', 'fcvt.wu.s', 'fcvt.w.d', 'fcvt.wu.d'].sort(),
  );
  for (const f of trapping) expect(f.def.note).toMatch(/does not trap/);
});

test('calls ask for an R_RISCV_JAL relocation', () => {
  const call = machine.forms.find((f) => f.name === 'call')!;
  const { bytes, relocations } = encodeForm(machine, call, { callee: { func: 'memcpy' } });
  expect(bytes).toEqual([0xef, 0x00, 0x00, 0x00]);
  expect(relocations).toEqual([{ at: 0, kind: 'R_RISCV_JAL', symbol: 'memcpy', addend: 0 }]);
});

test('the far branch reaches ±1 MiB from its jal', () => {
  const far = machine.forms.find((f) => f.name === 'blt (far)')!;
  const ops = { rs1: { reg: 'a0' }, rs2: { reg: 'a1' } };
  // bge a0, a1, 8; jal zero, -1048576 (the target is 4 bytes before the jal's reach, from the form's start)
  const back = encodeForm(machine, far, { ...ops, target: { label: -1048576 + 4 } }).bytes;
  expect(back).toEqual([0x63, 0x54, 0xb5, 0x00, 0x6f, 0x00, 0x00, 0x80]);
});
