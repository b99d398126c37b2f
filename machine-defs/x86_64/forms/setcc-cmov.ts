/**
 * Conditions into registers: setcc r8 (0F 90+cc /0) and cmovcc r, r
 * (0F 40+cc /r) for the sixteen condition codes. The condition is a fixed
 * flag register (cc.l, …) whose encoding is the condition number added to
 * the opcode.
 */
import { enc, type FormDef, fixed, group } from '@lirc/asmquery';
import { CONDITIONS, flag } from '../registers.js';
import { SIZES, sem, sizeFields, sizes, snip } from './common.js';

const setcc = CONDITIONS.map(
  (cc): FormDef => ({
    name: `set${cc} r8`,
    extension: 'base',
    params: { dst: SIZES[8].gpr, c: fixed(flag(cc), 1) },
    ...sem(snip('%out = zext.8.1 %c', { out: 'dst' })),
    encoding: enc('rm', { opcode: [0x0f, 0x90], cc: 'c', digit: 0, rm: 'dst' }),
    asm: `set${cc} {dst}`,
  }),
);

const cmovcc = CONDITIONS.flatMap((cc) =>
  sizes(16, 32, 64).map(
    (s): FormDef => ({
      name: `cmov${cc} r${s.bits}, r${s.bits}`,
      extension: 'base',
      params: { dst: s.gpr, src: s.gpr, c: fixed(flag(cc), 1) },
      ...sem(snip(`%out = select.${s.bits} %c, %src, %dst`, { out: 'dst' })),
      encoding: enc('rm', {
        ...sizeFields(s),
        opcode: [0x0f, 0x40],
        cc: 'c',
        reg: 'dst',
        rm: 'src',
      }),
      asm: `cmov${cc} {dst}, {src}`,
    }),
  ),
);

export const SETCC_CMOV_FORMS: FormDef[] = group('forms/setcc-cmov.ts', [...setcc, ...cmovcc]);
