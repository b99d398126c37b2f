/**
 * ELF objects for x86-64 (System V psABI, AMD64 supplement, §4 and table
 * 4.10): ELF64, EM_X86_64 (62), no flags; the relocation types of the kinds
 * the formats ask for: R_X86_64_PC32 (2) for a [rip + disp32] that holds a
 * function's address (`lea`), R_X86_64_PLT32 (4) for `call rel32`.
 */
import type { ObjectFormatDef } from '@lirc/asmquery';

export const OBJECT: ObjectFormatDef = {
  elfClass: 64,
  machine: 62,
  flags: 0,
  relocations: { R_X86_64_PC32: 2, R_X86_64_PLT32: 4 },
};
