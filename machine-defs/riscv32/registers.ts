/**
 * RV32IMFD registers: 32 integer registers x0–x31 (by their ABI names; x0
 * reads as zero and ignores writes) and 32 floating-point registers f0–f31,
 * which hold f32 and f64 values (D extension: 64 bits).
 */
import type { RegisterClass, RegisterDef, SpecialRegisters } from '@lirc/asmquery';

/** ABI names of x0–x31, in encoding order. */
export const GPR_NAMES = [
  'zero',
  'ra',
  'sp',
  'gp',
  'tp',
  't0',
  't1',
  't2',
  's0',
  's1',
  'a0',
  'a1',
  'a2',
  'a3',
  'a4',
  'a5',
  'a6',
  'a7',
  's2',
  's3',
  's4',
  's5',
  's6',
  's7',
  's8',
  's9',
  's10',
  's11',
  't3',
  't4',
  't5',
  't6',
] as const;

/** ABI names of f0–f31, in encoding order. */
export const FPR_NAMES = [
  'ft0',
  'ft1',
  'ft2',
  'ft3',
  'ft4',
  'ft5',
  'ft6',
  'ft7',
  'fs0',
  'fs1',
  'fa0',
  'fa1',
  'fa2',
  'fa3',
  'fa4',
  'fa5',
  'fa6',
  'fa7',
  'fs2',
  'fs3',
  'fs4',
  'fs5',
  'fs6',
  'fs7',
  'fs8',
  'fs9',
  'fs10',
  'fs11',
  'ft8',
  'ft9',
  'ft10',
  'ft11',
] as const;

export const REGISTERS: RegisterDef[] = [
  ...GPR_NAMES.map((name, encoding) => ({ name, encoding, width: 32 })),
  ...FPR_NAMES.map((name, encoding) => ({ name, encoding, width: 64, views: { 32: name } })),
];

export const CLASSES: RegisterClass[] = [
  /**
   * Every integer register, x0 included (as a source it reads 0; as a
   * destination it discards). A 1-bit value in one is 0 or 1 (what slt and
   * the other compares write); an 8- or 16-bit value may have any upper bits
   * (forms that read one ignore them, forms that write one may set them).
   */
  { name: 'gpr', registers: [...GPR_NAMES], widths: [1, 8, 16, 32] },
  { name: 'fpr', registers: [...FPR_NAMES], widths: [32, 64] },
];

/**
 * s0 is the frame pointer; gp and tp belong to the platform. t6 (x31) is
 * the scratch register, never allocated: a load or store reaches only
 * ±2 KiB around its base (a 12-bit immediate), so LIRC reaches a slot
 * further from s0 as `lui t6, hi; add t6, s0, t6` then `[t6 + lo]`.
 * Cranelift's riscv64 keeps x31 as its spill temporary the same way; t6 is
 * caller-saved and carries no argument or result, so no call or return
 * needs it.
 */
export const SPECIAL: SpecialRegisters = {
  stackPointer: 'sp',
  framePointer: 's0',
  zero: 'zero',
  returnAddress: 'ra',
  reserved: ['gp', 'tp'],
  scratch: 't6',
};
