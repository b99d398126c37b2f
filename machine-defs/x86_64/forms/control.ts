/**
 * Control flow: jcc and jmp with rel8 and rel32 (relative to the end of the
 * instruction), call rel32 (a relocation R_X86_64_PLT32 to the callee),
 * call through a register or memory, ret, ud2, and syscall (a Linux system
 * call with 0 to 6 arguments).
 *
 *   jcc rel8  70+cc cb     jcc rel32  0F 80+cc cd     jmp rel8 EB cb    jmp rel32 E9 cd
 *   call rel32 E8 cd       call r/m64 FF /2           ret C3            ud2 0F 0B
 *   syscall 0F 05
 */
import {
  enc,
  type FormDef,
  fixed,
  func,
  group,
  label,
  type ParamDef,
  reg,
  sym,
} from '@lirc/asmquery';
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
        // {disp8}/{disp32} (written {{…}}): the assembler keeps this size instead of choosing one.
        assembler: `{{disp${bits}}} j${cc} {target}`,
      }),
    ),
    {
      name: `jmp rel${bits}`,
      extension: 'base',
      params: { target },
      semantics: 'jump ^target',
      encoding: enc('d', { opcode: jmp, target: 'target', relBytes }),
      asm: 'jmp {target}',
      assembler: `{{disp${bits}}} jmp {target}`,
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

/**
 * Linux system calls (x86-64 psABI, appendix A.2): the number in rax, the arguments in
 * rdi, rsi, rdx, r10, r8, r9 (r10 for the fourth, not rcx as in calls), the result in rax.
 * The syscall instruction saves rip in rcx and rflags in r11, which the kernel's return
 * leaves there, so both are clobbered; the flags come back as they were.
 */
const SYSCALL_ARGS = ['rdi', 'rsi', 'rdx', 'r10', 'r8', 'r9'];

/** One form per number of arguments, 0 to 6. */
const syscalls = Array.from({ length: SYSCALL_ARGS.length + 1 }, (_, n): FormDef => {
  const args = SYSCALL_ARGS.slice(0, n).map((r, k): [string, ParamDef] => [
    `a${k + 1}`,
    fixed(r, 64),
  ]);
  const operands = ['%nr', ...args.map(([name]) => `%${name}`)].join(', ');
  return {
    name: `syscall (${n} arg${n === 1 ? '' : 's'})`,
    extension: 'base',
    params: { nr: fixed('rax', 64), ...Object.fromEntries(args) },
    ...sem(snip(`%out = syscall.64 ${operands}`, { out: 'rax' })),
    clobbers: ['rcx', 'r11'],
    encoding: enc('zo', { opcode: [0x0f, 0x05] }),
    asm: 'syscall',
  };
});

export const CONTROL_FORMS: FormDef[] = group('forms/control.ts', [
  ...branches,
  ...calls,
  ...others,
  ...syscalls,
]);
