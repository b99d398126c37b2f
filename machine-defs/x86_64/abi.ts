/**
 * The System V AMD64 calling convention (psABI §3.2): integer arguments in
 * rdi, rsi, rdx, rcx, r8, r9 and float arguments in xmm0–xmm7; results in
 * rax, rdx / xmm0, xmm1; rbx, rbp, r12–r15 (and rsp) preserved by the callee;
 * every xmm register caller-saved; 16-byte stack alignment at a call; a
 * 128-byte red zone below rsp; 8-byte stack argument slots; a return area
 * (memory class results) addressed by a hidden first argument in rdi.
 */
import type { AbiDef } from '@lirc/asmquery';

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
};
