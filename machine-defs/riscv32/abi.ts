/** The ilp32d calling convention (RISC-V psABI): a0–a7 / fa0–fa7 for arguments, a0–a1 / fa0–fa1 for results. */
import type { AbiDef } from '@lirc/asmquery';
import { FPR_NAMES, GPR_NAMES } from './registers.js';

export const ABI: AbiDef = {
  name: 'ilp32d',
  args: {
    gpr: ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'],
    fpr: ['fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5', 'fa6', 'fa7'],
  },
  results: { gpr: ['a0', 'a1'], fpr: ['fa0', 'fa1'] },
  /** sp and the saved registers s0–s11, fs0–fs11. */
  calleeSaved: ['sp', ...[...GPR_NAMES, ...FPR_NAMES].filter((r) => /^f?s[0-9]+$/.test(r))],
  stackAlignment: 16,
  redZone: 0,
  stackSlotSize: 4,
  returnAreaPointer: 'a0',
};
