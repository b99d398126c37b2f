/**
 * RV32I base integer instructions (sample rows; the table grows per family).
 */
import { enc, type FormDef, group, imm, label, reg } from '@lirc/asmquery';

const OP = 0b0110011;
const OP_IMM = 0b0010011;
const LOAD = 0b0000011;
const STORE = 0b0100011;
const BRANCH = 0b1100011;
const LUI = 0b0110111;
const JAL = 0b1101111;

const gpr = reg('gpr', 32);

/** R-type ALU rows: mnemonic, action, funct7, funct3. */
const R_ALU: [string, string, number, number][] = [
  ['add', 'add', 0b0000000, 0b000],
  ['sub', 'sub', 0b0100000, 0b000],
];

const rAlu = R_ALU.map(
  ([mn, action, funct7, funct3]): FormDef => ({
    name: mn,
    extension: 'I',
    params: { rd: gpr, rs1: gpr, rs2: gpr },
    semantics: `%out = ${action}.32 %rs1, %rs2`,
    outputs: { out: 'rd' },
    encoding: enc('R', { opcode: OP, funct3, funct7, rd: 'rd', rs1: 'rs1', rs2: 'rs2' }),
    asm: `${mn} {rd}, {rs1}, {rs2}`,
  }),
);

export const BASE_FORMS: FormDef[] = group('forms/base.ts', [
  ...rAlu,
  {
    name: 'addi',
    extension: 'I',
    params: { rd: gpr, rs1: gpr, imm: imm(32, 12) },
    semantics: '%out = add.32 %rs1, %imm',
    outputs: { out: 'rd' },
    encoding: enc('I', { opcode: OP_IMM, funct3: 0, rd: 'rd', rs1: 'rs1', imm: 'imm' }),
    asm: 'addi {rd}, {rs1}, {imm}',
  },
  {
    name: 'lw',
    extension: 'I',
    params: { rd: gpr, rs1: gpr, imm: imm(32, 12) },
    semantics: '%addr = add.32 %rs1, %imm\n%out = load.32 %addr',
    outputs: { out: 'rd' },
    encoding: enc('I', { opcode: LOAD, funct3: 0b010, rd: 'rd', rs1: 'rs1', imm: 'imm' }),
    asm: 'lw {rd}, {imm}({rs1})',
  },
  {
    name: 'sw',
    extension: 'I',
    params: { rs1: gpr, rs2: gpr, imm: imm(32, 12) },
    semantics: '%addr = add.32 %rs1, %imm\nstore.32 %addr, %rs2',
    encoding: enc('S', { opcode: STORE, funct3: 0b010, rs1: 'rs1', rs2: 'rs2', imm: 'imm' }),
    asm: 'sw {rs2}, {imm}({rs1})',
  },
  {
    name: 'blt',
    extension: 'I',
    params: { rs1: gpr, rs2: gpr, target: label(13, { align: 2 }) },
    semantics: '%c = lt_s.32 %rs1, %rs2\nbr_if %c, ^target',
    encoding: enc('B', { opcode: BRANCH, funct3: 0b100, rs1: 'rs1', rs2: 'rs2', imm: 'target' }),
    asm: 'blt {rs1}, {rs2}, {target}',
  },
  {
    name: 'lui',
    extension: 'I',
    params: { rd: gpr, imm: imm(32, 32, { align: 4096 }) },
    semantics: '%out = const.32 %imm',
    outputs: { out: 'rd' },
    encoding: enc('U', { opcode: LUI, rd: 'rd', imm: 'imm' }),
    asm: 'lui {rd}, {imm>>12}',
  },
  {
    name: 'j',
    extension: 'I',
    params: { target: label(21, { align: 2 }) },
    semantics: 'jump ^target',
    encoding: enc('J', { opcode: JAL, rd: 0, imm: 'target' }),
    asm: 'jal zero, {target}',
  },
]);
