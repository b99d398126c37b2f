/**
 * The System V AMD64 calling convention (psABI §3.2): integer arguments in
 * rdi, rsi, rdx, rcx, r8, r9 and float arguments in xmm0–xmm7; results in
 * rax, rdx / xmm0, xmm1; rbx, rbp, r12–r15 (and rsp) preserved by the callee;
 * every xmm register caller-saved; 16-byte stack alignment at a call; a
 * 128-byte red zone below rsp; 8-byte stack argument slots; a return area
 * (memory class results) addressed by a hidden first argument in rdi.
 *
 * Linux (arch/x86/include/uapi and the kernel's x86_64 syscall table): the
 * kernel's struct sigaction is { handler, flags, restorer, mask } and
 * rt_sigaction needs SA_RESTORER with a function that calls rt_sigreturn;
 * stack_t is { ss_sp, ss_flags (int, padded), ss_size }; the ucontext a
 * handler gets holds uc_flags, uc_link, uc_stack (40 bytes), then
 * mcontext's gregs, of which REG_RSP is 15 and REG_RIP is 16 (8 bytes each).
 */
import type { AbiDef } from '@lirc/asmquery';
import { OBJECT } from './object.js';

export const ABI: AbiDef = {
  name: 'sysv',
  args: {
    gpr: ['rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9'],
    xmm: ['xmm0', 'xmm1', 'xmm2', 'xmm3', 'xmm4', 'xmm5', 'xmm6', 'xmm7'],
  },
  results: { gpr: ['rax', 'rdx'], xmm: ['xmm0', 'xmm1'] },
  calleeSaved: ['rbx', 'rbp', 'r12', 'r13', 'r14', 'r15', 'rsp'],
  stackAlignment: 16,
  redZone: 128,
  stackSlotSize: 8,
  returnAreaPointer: 'rdi',
  linux: {
    syscalls: { write: 1, exit: 60, rt_sigaction: 13, rt_sigreturn: 15, sigaltstack: 131 },
    signals: { SIGILL: 4, SIGTRAP: 5, SIGBUS: 7, SIGFPE: 8, SIGSEGV: 11 },
    sigaction: { size: 32, handler: 0, flags: 8, restorer: 16, mask: 24 },
    saFlags: { SA_SIGINFO: 0x4, SA_ONSTACK: 0x0800_0000, SA_RESTORER: 0x0400_0000 },
    sigsetSize: 8,
    stack: { size: 24, sp: 0, flags: 8, bytes: 16 },
    ucontext: { pc: 40 + 16 * 8, sp: 40 + 15 * 8 },
    /** EM_X86_64; no flags (object.ts). */
    elf: { machine: OBJECT.machine, flags: OBJECT.flags },
    emulator: 'qemu-x86_64',
  },
};
