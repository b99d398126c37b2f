/**
 * RV32 instruction formats (unprivileged spec, chapter 2 and the F/D
 * chapters), fields written MSB→LSB as the manual draws them. `Ishift` is
 * the I-type variant of the immediate shifts (slli, srli, srai), whose upper
 * immediate bits hold funct7. `J` asks for an R_RISCV_JAL relocation when its
 * offset is a function (a call), since the callee's address is known only
 * when the code is linked or placed.
 */
import { bitFormat, type FormatDef } from '@lirc/asmquery';

export const FORMATS: FormatDef[] = [
  bitFormat('R', 'funct7:7 rs2:5 rs1:5 funct3:3 rd:5 opcode:7'),
  bitFormat('R4', 'rs3:5 funct2:2 rs2:5 rs1:5 funct3:3 rd:5 opcode:7'),
  bitFormat('I', 'imm[11:0] rs1:5 funct3:3 rd:5 opcode:7'),
  bitFormat('Ishift', 'funct7:7 shamt:5 rs1:5 funct3:3 rd:5 opcode:7'),
  bitFormat('S', 'imm[11:5] rs2:5 rs1:5 funct3:3 imm[4:0] opcode:7'),
  bitFormat('B', 'imm[12] imm[10:5] rs2:5 rs1:5 funct3:3 imm[4:1] imm[11] opcode:7'),
  bitFormat('U', 'imm[31:12] rd:5 opcode:7'),
  bitFormat('J', 'imm[20] imm[10:1] imm[11] imm[19:12] rd:5 opcode:7', {
    relocations: { imm: 'R_RISCV_JAL' },
  }),
];
