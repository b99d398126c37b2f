/**
 * ELF objects for RV32 (RISC-V ELF psABI): ELF32, EM_RISCV (243), flags
 * EF_RISCV_FLOAT_ABI_DOUBLE (0x4, the ilp32d ABI of abi.ts: ld.lld refuses
 * to link objects of different float ABIs); the relocation types of the
 * kinds the formats ask for: R_RISCV_JAL (17) for `jal ra, f`,
 * R_RISCV_PCREL_HI20 (23) and R_RISCV_PCREL_LO12_I (24) for the auipc + addi
 * of a function's address.
 */
import type { ObjectFormatDef } from '@lirc/asmquery';

export const OBJECT: ObjectFormatDef = {
  elfClass: 32,
  machine: 243,
  flags: 0x4,
  relocations: { R_RISCV_JAL: 17, R_RISCV_PCREL_HI20: 23, R_RISCV_PCREL_LO12_I: 24 },
};
