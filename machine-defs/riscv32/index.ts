/**
 * The RV32IMFD machine definition (ilp32d ABI): registers, ABI, formats,
 * the target's own Low IR actions and the instruction forms grouped by
 * extension (forms/base.ts: I; forms/m.ts: M; forms/float.ts: F and D), as
 * data for AsmQuery.
 */
import type { MachineDefinition } from '@lirc/asmquery';
import { ABI } from './abi.js';
import { RISCV32_ACTIONS } from './actions.js';
import { FORMATS } from './formats.js';
import { BASE_FORMS } from './forms/base.js';
import { FLOAT_FORMS } from './forms/float.js';
import { M_FORMS } from './forms/m.js';
import { OBJECT } from './object.js';
import { CLASSES, REGISTERS, SPECIAL } from './registers.js';

export { RISCV32_ACTIONS } from './actions.js';

/** The riscv32 machine definition. */
export const riscv32: MachineDefinition = {
  name: 'riscv32',
  source: 'machine-defs/riscv32',
  pointerWidth: 32,
  registers: REGISTERS,
  classes: CLASSES,
  special: SPECIAL,
  abi: ABI,
  formats: FORMATS,
  forms: [...BASE_FORMS, ...M_FORMS, ...FLOAT_FORMS],
  actions: RISCV32_ACTIONS,
  oracle: {
    triple: 'riscv32',
    assembleArgs: ['-mattr=+m,+f,+d', '-riscv-no-aliases'],
    disassembleArgs: ['-mattr=+m,+f,+d', '-riscv-no-aliases'],
    assemblesNumericLabels: true,
  },
  object: OBJECT,
  /** no linker relaxation and no compressed encodings: the assembler keeps each instruction as written. */
  assembly: { header: ['.option norelax', '.option norvc'], comment: '#' },
};
