/**
 * The ilp32d calling convention (RISC-V psABI): a0–a7 / fa0–fa7 for arguments, a0–a1 / fa0–fa1 for results.
 *
 * Linux (the asm-generic syscall numbers and structures RISC-V uses): the
 * kernel's struct sigaction is { handler, flags, mask } (no restorer: the
 * kernel provides the return trampoline); stack_t is { ss_sp, ss_flags,
 * ss_size }; the ucontext a handler gets holds uc_flags, uc_link, uc_stack,
 * uc_sigmask (8 bytes) and padding to 148 bytes, then uc_mcontext aligned to
 * 16 (160), whose registers are pc then x1..x31 (4 bytes each): pc at 160,
 * sp (x2) at 168.
 */
import type { AbiDef } from '@lirc/asmquery';
import { OBJECT } from './object.js';
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
  linux: {
    syscalls: { write: 64, exit: 93, rt_sigaction: 134, rt_sigreturn: 139, sigaltstack: 132 },
    signals: { SIGILL: 4, SIGTRAP: 5, SIGBUS: 7, SIGFPE: 8, SIGSEGV: 11 },
    sigaction: { size: 16, handler: 0, flags: 4, mask: 8 },
    saFlags: { SA_SIGINFO: 0x4, SA_ONSTACK: 0x0800_0000 },
    sigsetSize: 8,
    stack: { size: 12, sp: 0, flags: 4, bytes: 8 },
    ucontext: { pc: 160, sp: 168 },
    /** EM_RISCV; EF_RISCV_FLOAT_ABI_DOUBLE (ilp32d; object.ts). */
    elf: { machine: OBJECT.machine, flags: OBJECT.flags },
    emulator: 'qemu-riscv32',
  },
};
