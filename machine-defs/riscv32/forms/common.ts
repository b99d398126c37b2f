/**
 * Pieces the riscv32 form files share: the major opcodes (inst[6:0]), the
 * usual parameters, and generators for families that more than one
 * extension has: loads and stores (each with an offset, and without one for
 * an address that is just a register), and comparisons whose 1-bit result
 * lands in a gpr (zero-extended to 32 bits, or kept as a 1-bit value).
 *
 * A 1-bit value in a gpr is 0 or 1 (every instruction that produces one,
 * slt and friends, writes 0 or 1), so a branch on it is bne against zero.
 */
import { type EncodingSpec, enc, type FormDef, imm, type ParamDef, reg } from '@lirc/asmquery';

/** Major opcodes (RISC-V unprivileged spec, table "RISC-V base opcode map"). */
export const OPCODE = {
  LOAD: 0b0000011,
  LOAD_FP: 0b0000111,
  OP_IMM: 0b0010011,
  AUIPC: 0b0010111,
  STORE: 0b0100011,
  STORE_FP: 0b0100111,
  OP: 0b0110011,
  LUI: 0b0110111,
  MADD: 0b1000011,
  MSUB: 0b1000111,
  NMSUB: 0b1001011,
  NMADD: 0b1001111,
  OP_FP: 0b1010011,
  BRANCH: 0b1100011,
  JALR: 0b1100111,
  JAL: 0b1101111,
  SYSTEM: 0b1110011,
} as const;

/** Encoding of x0, x1 and x2 (zero, ra, sp) where a form fixes them in a field. */
export const X0 = 0;
export const RA = 1;
export const SP = 2;

/** An integer register holding a 32-bit value. */
export const gpr = reg('gpr', 32);
/** An integer register holding a 1-bit value (0 or 1). */
export const bool = reg('gpr', 1);
/** The signed 12-bit immediate of I- and S-type instructions, standing for a 32-bit operand. */
export const imm12 = imm(32, 12);

/** The name of a variant of a form: 'lw' → 'lw (no offset)', 'lbu (load.8)' → 'lbu (load.8, no offset)'. */
export function variant(name: string, tag: string): string {
  return name.endsWith(')') ? `${name.slice(0, -1)}, ${tag})` : `${name} (${tag})`;
}

/** A load: `name rd, imm(rs1)`, loading with `action` into `rd`. */
export interface LoadRow {
  readonly name: string;
  readonly extension: string;
  /** The load action with its widths: 'load.32', 'load_s.32.8'. */
  readonly action: string;
  readonly rd: ParamDef;
  readonly opcode: number;
  readonly funct3: number;
}

/** A store: `name rs2, imm(rs1)`, storing `rs2` with `action`. */
export interface StoreRow {
  readonly name: string;
  readonly extension: string;
  /** The store action with its widths: 'store.32', 'store.32.8'. */
  readonly action: string;
  readonly rs2: ParamDef;
  readonly opcode: number;
  readonly funct3: number;
}

/**
 * Each load twice: with a 12-bit offset (`%addr = add.32 %rs1, %imm`), and
 * with offset 0 for an address that is a register already (same encoding,
 * imm field 0), named '<row> (no offset)'.
 */
export function loadForms(rows: readonly LoadRow[]): FormDef[] {
  return rows.flatMap((r): FormDef[] => {
    const fields = { opcode: r.opcode, funct3: r.funct3, rd: 'rd', rs1: 'rs1' };
    const mnemonic = r.name.split(' ')[0]!;
    return [
      {
        name: r.name,
        extension: r.extension,
        params: { rd: r.rd, rs1: gpr, imm: imm12 },
        semantics: `%addr = add.32 %rs1, %imm\n%out = ${r.action} %addr`,
        outputs: { out: 'rd' },
        encoding: enc('I', { ...fields, imm: 'imm' }),
        asm: `${mnemonic} {rd}, {imm}({rs1})`,
      },
      {
        name: variant(r.name, 'no offset'),
        extension: r.extension,
        params: { rd: r.rd, rs1: gpr },
        semantics: `%out = ${r.action} %rs1`,
        outputs: { out: 'rd' },
        encoding: enc('I', { ...fields, imm: 0 }),
        asm: `${mnemonic} {rd}, 0({rs1})`,
      },
    ];
  });
}

/** Each store with a 12-bit offset and with offset 0, as for loads. */
export function storeForms(rows: readonly StoreRow[]): FormDef[] {
  return rows.flatMap((r): FormDef[] => {
    const fields = { opcode: r.opcode, funct3: r.funct3, rs1: 'rs1', rs2: 'rs2' };
    const mnemonic = r.name.split(' ')[0]!;
    return [
      {
        name: r.name,
        extension: r.extension,
        params: { rs1: gpr, rs2: r.rs2, imm: imm12 },
        semantics: `%addr = add.32 %rs1, %imm\n${r.action} %addr, %rs2`,
        encoding: enc('S', { ...fields, imm: 'imm' }),
        asm: `${mnemonic} {rs2}, {imm}({rs1})`,
      },
      {
        name: variant(r.name, 'no offset'),
        extension: r.extension,
        params: { rs1: gpr, rs2: r.rs2 },
        semantics: `${r.action} %rs1, %rs2`,
        encoding: enc('S', { ...fields, imm: 0 }),
        asm: `${mnemonic} {rs2}, 0({rs1})`,
      },
    ];
  });
}

/**
 * A comparison computed by one instruction that writes 0 or 1 to `rd`:
 * `cond` is the Low IR action giving the 1-bit result (`lt_s.32 %rs1, %rs2`).
 */
export interface CompareRow {
  readonly name: string;
  readonly extension: string;
  /** The input parameters (rd is added). */
  readonly params: Readonly<Record<string, ParamDef>>;
  readonly cond: string;
  /** The encoding, with `rd: 'rd'` (several for a sequence). */
  readonly encoding: EncodingSpec | readonly EncodingSpec[];
  readonly asm: string;
  readonly cost?: number;
}

/**
 * Each comparison twice: as a 32-bit 0/1 (`%c = cond` then `%out = zext.32.1
 * %c`, the shape a producer writes for C's or Wasm's comparisons), and as the
 * 1-bit value itself in a gpr, named '<row> (bool)'.
 */
export function compareForms(rows: readonly CompareRow[]): FormDef[] {
  return rows.flatMap((r): FormDef[] => [
    {
      name: r.name,
      extension: r.extension,
      params: { rd: gpr, ...r.params },
      semantics: `%c = ${r.cond}\n%out = zext.32.1 %c`,
      outputs: { out: 'rd' },
      encoding: r.encoding,
      asm: r.asm,
      ...(r.cost !== undefined ? { cost: r.cost } : {}),
    },
    {
      name: variant(r.name, 'bool'),
      extension: r.extension,
      params: { rd: bool, ...r.params },
      semantics: `%out = ${r.cond}`,
      outputs: { out: 'rd' },
      encoding: r.encoding,
      asm: r.asm,
      ...(r.cost !== undefined ? { cost: r.cost } : {}),
    },
  ]);
}
