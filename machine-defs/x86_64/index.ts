/**
 * The x86-64 machine definition (System V ABI): registers, ABI, the x86
 * encoder as formats, target actions and instruction forms grouped by
 * family, as data for AsmQuery.
 */
import type { MachineDefinition } from '@lirc/asmquery';
import { ABI } from './abi.js';
import { ACTIONS } from './actions.js';
import { FORMATS } from './formats.js';
import { ALU_FORMS } from './forms/alu.js';
import { BIT_FORMS } from './forms/bits.js';
import { CONTROL_FORMS } from './forms/control.js';
import { MOV_FORMS } from './forms/mov.js';
import { MUL_DIV_FORMS } from './forms/mul-div.js';
import { SETCC_CMOV_FORMS } from './forms/setcc-cmov.js';
import { SHIFT_FORMS } from './forms/shift.js';
import { SSE_FORMS } from './forms/sse.js';
import { OBJECT } from './object.js';
import { CLASSES, REGISTERS, SPECIAL } from './registers.js';

/** The x86_64 machine definition. */
export const x86_64: MachineDefinition = {
  name: 'x86_64',
  source: 'machine-defs/x86_64',
  pointerWidth: 64,
  registers: REGISTERS,
  classes: CLASSES,
  special: SPECIAL,
  abi: ABI,
  formats: FORMATS,
  forms: [
    ...MOV_FORMS,
    ...ALU_FORMS,
    ...MUL_DIV_FORMS,
    ...SHIFT_FORMS,
    ...BIT_FORMS,
    ...SETCC_CMOV_FORMS,
    ...CONTROL_FORMS,
    ...SSE_FORMS,
  ],
  actions: ACTIONS,
  oracle: {
    triple: 'x86_64',
    assembleArgs: ['-x86-asm-syntax=intel', '-output-asm-variant=1'],
    disassembleArgs: ['-output-asm-variant=1'],
    assemblesNumericLabels: false,
  },
  object: OBJECT,
  /** Intel syntax, as the forms' templates are written. */
  assembly: { header: ['.intel_syntax noprefix'], comment: '#' },
};
