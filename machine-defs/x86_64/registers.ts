/**
 * x86-64 registers: the sixteen general-purpose registers with their 32-, 16-
 * and 8-bit views (eax/ax/al …; spl/bpl/sil/dil and r8b–r15b need a REX
 * prefix, which the encoder adds), the sixteen SSE registers xmm0–xmm15
 * (scalar f32 and f64 live in their low lane), and RFLAGS as sixteen 1-bit
 * registers, one per condition code. The legacy high-byte registers
 * ah/ch/dh/bh are not modelled.
 *
 * A flag register's encoding is its condition-code number (SDM vol. 2,
 * appendix B.1.4.7, "cccc"): the encoder adds it to the opcode of jcc
 * (70+cc, 0F 80+cc), setcc (0F 90+cc) and cmovcc (0F 40+cc).
 */
import type { RegisterClass, RegisterDef, SpecialRegisters } from '@lirc/asmquery';

/** The general-purpose registers in encoding order (REX.B/R/X gives bit 3): 64-, 32-, 16-, 8-bit names. */
export const GPRS = [
  ['rax', 'eax', 'ax', 'al'],
  ['rcx', 'ecx', 'cx', 'cl'],
  ['rdx', 'edx', 'dx', 'dl'],
  ['rbx', 'ebx', 'bx', 'bl'],
  ['rsp', 'esp', 'sp', 'spl'],
  ['rbp', 'ebp', 'bp', 'bpl'],
  ['rsi', 'esi', 'si', 'sil'],
  ['rdi', 'edi', 'di', 'dil'],
  ['r8', 'r8d', 'r8w', 'r8b'],
  ['r9', 'r9d', 'r9w', 'r9b'],
  ['r10', 'r10d', 'r10w', 'r10b'],
  ['r11', 'r11d', 'r11w', 'r11b'],
  ['r12', 'r12d', 'r12w', 'r12b'],
  ['r13', 'r13d', 'r13w', 'r13b'],
  ['r14', 'r14d', 'r14w', 'r14b'],
  ['r15', 'r15d', 'r15w', 'r15b'],
] as const;

/** xmm0–xmm15 in encoding order. */
export const XMMS = Array.from({ length: 16 }, (_, k) => `xmm${k}`);

/** Condition codes by number (the tttn field), as x86 mnemonics spell them: jo, jno, jb, … */
export const CONDITIONS = [
  'o',
  'no',
  'b',
  'ae',
  'e',
  'ne',
  'be',
  'a',
  's',
  'ns',
  'p',
  'np',
  'l',
  'ge',
  'le',
  'g',
] as const;
export type Condition = (typeof CONDITIONS)[number];

/** The flag register that holds condition `cc` (`cc.l`). */
export function flag(cc: Condition): string {
  return `cc.${cc}`;
}

/** The register group every flag belongs to: writing RFLAGS changes all of them. */
export const FLAGS = 'flags';

/** Class of base registers in memory operands and of most operands: all sixteen. */
export const GPR = 'gpr';
/** Class of index registers in memory operands: rsp cannot be one (SIB index 100 means none). */
export const GPR_INDEX = 'gpr_index';
/** Class of divisors of the `xor edx, edx` / `cdq` + `div` sequences: not rdx, which they overwrite first. */
export const GPR_DIVISOR = 'gpr_divisor';
/** Class of scalar float registers. */
export const XMM = 'xmm';

export const REGISTERS: RegisterDef[] = [
  ...GPRS.map(([name, r32, r16, r8], encoding) => ({
    name,
    encoding,
    width: 64,
    views: { 32: r32, 16: r16, 8: r8 },
  })),
  ...XMMS.map((name, encoding) => ({ name, encoding, width: 128, views: { 64: name, 32: name } })),
  ...CONDITIONS.map((cc, encoding) => ({ name: flag(cc), encoding, width: 1, group: FLAGS })),
];

const GPR_NAMES: string[] = GPRS.map(([name]) => name);

/**
 * Allocation order: caller-saved registers first (rax, rcx, rdx, rsi, rdi,
 * r8–r11), then callee-saved ones; rbp and rsp last (special registers, the
 * allocator skips them).
 */
const GPR_ORDER = [
  'rax',
  'rcx',
  'rdx',
  'rsi',
  'rdi',
  'r8',
  'r9',
  'r10',
  'r11',
  'rbx',
  'r12',
  'r13',
  'r14',
  'r15',
  'rbp',
  'rsp',
];

export const CLASSES: RegisterClass[] = [
  /** Every general-purpose register, at any width (1-bit booleans too). */
  { name: GPR, registers: GPR_ORDER, widths: [1, 8, 16, 32, 64] },
  { name: GPR_INDEX, registers: GPR_ORDER.filter((r) => r !== 'rsp'), widths: [32, 64] },
  { name: GPR_DIVISOR, registers: GPR_ORDER.filter((r) => r !== 'rdx'), widths: [16, 32, 64] },
  { name: XMM, registers: XMMS, widths: [32, 64] },
];

if (GPR_ORDER.length !== GPR_NAMES.length || !GPR_NAMES.every((r) => GPR_ORDER.includes(r))) {
  throw new Error('machine-defs/x86_64/registers.ts: GPR_ORDER must list every register once');
}

export const SPECIAL: SpecialRegisters = {
  stackPointer: 'rsp',
  framePointer: 'rbp',
};
