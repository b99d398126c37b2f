/**
 * RV32M multiply and divide (unprivileged spec, chapter "M" extension): one
 * table row per instruction, R-type with funct7 = 0000001.
 *
 * RISC-V division never traps, where Low IR's div_s/div_u/rem_s/rem_u trap
 * on a zero divisor (and div_s on INT_MIN / -1): the rows say what the
 * hardware gives instead, and LIRC checks those inputs before every division
 * (packages/core/src/compiler/guards.ts).
 */
import { enc, type FormDef, group } from '@lirc/asmquery';
import { gpr, OPCODE } from './common.js';

const MULDIV = 0b0000001;

/** mnemonic, action (with width), funct3, note. */
const M_OPS: [string, string, number, string?][] = [
  ['mul', 'mul.32', 0b000],
  ['mulh', 'mulh_s.32', 0b001],
  ['mulhsu', 'rv_mulhsu.32', 0b010],
  ['mulhu', 'mulh_u.32', 0b011],
  [
    'div',
    'div_s.32',
    0b100,
    'RISC-V div does not trap: a zero divisor gives -1 and INT_MIN / -1 gives INT_MIN (Low IR div_s traps on both); LIRC checks the divisor first (core guards).',
  ],
  [
    'divu',
    'div_u.32',
    0b101,
    'RISC-V divu does not trap: a zero divisor gives 2^32 - 1 (Low IR div_u traps); LIRC checks the divisor first (core guards).',
  ],
  [
    'rem',
    'rem_s.32',
    0b110,
    'RISC-V rem does not trap: a zero divisor gives the dividend (Low IR rem_s traps); INT_MIN rem -1 is 0 in both. Producers check the divisor first.',
  ],
  [
    'remu',
    'rem_u.32',
    0b111,
    'RISC-V remu does not trap: a zero divisor gives the dividend (Low IR rem_u traps); LIRC checks the divisor first (core guards).',
  ],
];

export const M_FORMS: FormDef[] = group(
  'forms/m.ts',
  M_OPS.map(
    ([mn, action, funct3, note]): FormDef => ({
      name: mn,
      extension: 'M',
      params: { rd: gpr, rs1: gpr, rs2: gpr },
      semantics: `%out = ${action} %rs1, %rs2`,
      outputs: { out: 'rd' },
      encoding: enc('R', {
        opcode: OPCODE.OP,
        funct7: MULDIV,
        funct3,
        rd: 'rd',
        rs1: 'rs1',
        rs2: 'rs2',
      }),
      asm: `${mn} {rd}, {rs1}, {rs2}`,
      ...(note !== undefined ? { note } : {}),
    }),
  ),
);
