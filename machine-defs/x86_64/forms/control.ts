/**
 * Control flow: jcc and jmp with rel8 and rel32 (relative to the end of the
 * instruction), call rel32 (a relocation R_X86_64_PLT32 to the callee),
 * call through a register or memory, ret, ud2.
 *
 *   jcc rel8  70+cc cb     jcc rel32  0F 80+cc cd     jmp rel8 EB cb    jmp rel32 E9 cd
 *   call rel32 E8 cd       call r/m64 FF /2           ret C3            ud2 0F 0B
 */
import { enc, type FormDef, fixed, func, group, label, reg, sym } from '@lirc/asmquery';
import { CONDITIONS, flag, GPR } from '../registers.js';
import { MEMORY, sem, snip } from './common.js';

/** Branch displacement sizes: bits, bytes, the opcode of jcc (before +cc) and of jmp. */
const REL: [8 | 32, 1 | 4, number[], number[]][] = [
  [8, 1, [0x70], [0xeb]],
  [32, 4, [0x0f, 0x80], [0xe9]],
];

const branches = REL.flatMap(([bits, relBytes, jcc, jmp]): FormDef[] => {
  const target = label(bits, { relativeTo: 'end' });
  return [
    ...CONDITIONS.map(
      (cc): FormDef => ({
        name: `j${cc} rel${bits}`,
        extension: 'base',
        params: { c: fixed(flag(cc), 1), target },
        semantics: 'br_if %c, ^target',
        encoding: enc('d', { opcode: jcc, cc: 'c', target: 'target', relBytes }),
        asm: `j${cc} {target}`,
      }),
    ),
    {
      name: `jmp rel${bits}`,
      extension: 'base',
      params: { target },
      semantics: 'jump ^target',
      encoding: enc('d', { opcode: jmp, target: 'target', relBytes }),
      asm: 'jmp {target}',
    },
  ];
});

const calls: FormDef[] = [
  {
    name: 'call rel32',
    extension: 'base',
    params: { callee: func() },
    semantics: 'call @callee',
    encoding: enc('d', { opcode: [0xe8], target: 'callee', relBytes: 4 }),
    asm: 'call {callee}',
  },
  {
    name: 'call r64',
    extension: 'base',
    params: { target: reg(GPR, 64) },
    semantics: 'call_indirect %target',
    encoding: enc('rm', { opcode: [0xff], digit: 2, rm: 'target' }),
    asm: 'call {target}',
  },
  ...MEMORY.map(
    (m): FormDef => ({
      name: `call m64 ${m.tag}`,
      extension: 'base',
      params: { ...m.params },
      ...sem(snip([...m.ea.lines, `%target = load.64 ${m.ea.ref}`, 'call_indirect %target'])),
      encoding: enc('rm', { opcode: [0xff], digit: 2, ...m.fields }),
      asm: `call qword ptr ${m.text}`,
    }),
  ),
];

const others: FormDef[] = [
  {
    name: 'ret',
    extension: 'base',
    params: {},
    semantics: 'return',
    encoding: enc('zo', { opcode: [0xc3] }),
    asm: 'ret',
  },
  {
    name: 'ud2',
    extension: 'base',
    params: { kind: sym() },
    semantics: 'trap kind',
    encoding: enc('zo', { opcode: [0x0f, 0x0b] }),
    asm: 'ud2',
  },
];

export const CONTROL_FORMS: FormDef[] = group('forms/control.ts', [
  ...branches,
  ...calls,
  ...others,
]);
