/**
 * Shifts and rotates of a register, by cl, by 1 and by an immediate
 * (SDM vol. 2, "SAL/SAR/SHL/SHR" and "RCL/RCR/ROL/ROR"):
 *
 *   D0/D1 /digit  r/m, 1      D2/D3 /digit  r/m, cl      C0/C1 /digit ib  r/m, imm8
 *
 * x86 masks the count to 5 bits (6 with REX.W); Low IR takes it modulo the
 * width. That agrees for 32- and 64-bit shifts and for rotates of any size
 * (a rotate by 8 is a rotate by 0), not for 8- and 16-bit shifts by cl,
 * which carry a note. Immediate counts are limited to 0…width-1, where both
 * agree. llvm-mc writes a shift by 1 as `shl eax` (D1), so the immediate
 * forms leave 1 out and the by-1 forms print no count.
 *
 * Flags: a shift by 0 leaves them alone and the rest is count-dependent, so
 * every form only clobbers them.
 */
import { enc, type FormDef, group, imm } from '@lirc/asmquery';
import { FLAGS } from '../registers.js';
import { fixedAt, type OperandSize, sem, sizeFields, sizes, snip } from './common.js';

/** mnemonic, /digit, Low IR action, whether the action is a shift (not a rotate). */
const SHIFTS: [string, number, string, boolean][] = [
  ['rol', 0, 'rotl', false],
  ['ror', 1, 'rotr', false],
  ['shl', 4, 'shl', true],
  ['shr', 5, 'shr_u', true],
  ['sar', 7, 'shr_s', true],
];

function shiftForms([mn, digit, action, shift]: (typeof SHIFTS)[number]): FormDef[] {
  return sizes(8, 16, 32, 64).flatMap((s: OperandSize): FormDef[] => {
    const w = s.bits;
    const wide = w === 8 ? 0 : 1;
    const fields = { ...sizeFields(s), digit, rm: 'dst' };
    const log2 = Math.log2(w);
    const counts = Array.from({ length: w }, (_, k) => k).filter((k) => k !== 1);
    const common = { extension: 'base', clobbers: [FLAGS] };
    const masked =
      shift && w < 32
        ? {
            note: `x86 masks the count to 5 bits, not to ${log2}: counts ${w}–31 ${mn === 'sar' ? 'fill every bit with the sign' : 'shift every bit out'}, where Low IR ${action}.${w} takes the count mod ${w}. Producers mask the count first.`,
          }
        : {};
    return [
      {
        name: `${mn} r${w}, cl`,
        ...common,
        ...masked,
        params: { dst: s.gpr, count: fixedAt('rcx', s) },
        ...sem(snip(`%out = ${action}.${w} %dst, %count`, { out: 'dst' })),
        encoding: enc('rm', { ...fields, opcode: [0xd2 + wide] }),
        asm: `${mn} {dst}, cl`,
      },
      {
        name: `${mn} r${w}, 1`,
        ...common,
        params: { dst: s.gpr },
        ...sem(snip(`%out = ${action}.${w} %dst, 1`, { out: 'dst' })),
        encoding: enc('rm', { ...fields, opcode: [0xd0 + wide] }),
        asm: `${mn} {dst}`,
      },
      {
        name: `${mn} r${w}, imm8`,
        ...common,
        params: { dst: s.gpr, count: imm(w, log2, { signed: false, oneOf: counts }) },
        ...sem(snip(`%out = ${action}.${w} %dst, %count`, { out: 'dst' })),
        encoding: enc('rm', { ...fields, opcode: [0xc0 + wide], imm: 'count', immBytes: 1 }),
        asm: `${mn} {dst}, {count}`,
      },
    ];
  });
}

export const SHIFT_FORMS: FormDef[] = group('forms/shift.ts', SHIFTS.flatMap(shiftForms));
