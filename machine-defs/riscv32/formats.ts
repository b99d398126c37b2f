/**
 * RV32 instruction formats (unprivileged spec, chapter 2 and the F/D
 * chapters), fields written MSB→LSB as the manual draws them. `Ishift` is
 * the I-type variant of the immediate shifts (slli, srli, srai), whose upper
 * immediate bits hold funct7. `J` asks for an R_RISCV_JAL relocation when its
 * offset is a function (a call), since the callee's address is known only
 * when the code is linked or placed.
 *
 * `Upcrel` and `Ipcrel` are U and I with the immediate computed from the
 * place of a function or a label: the pair
 *
 *   auipc rd, hi20          rd = pc_auipc + (hi20 << 12)
 *   addi  rd, rd, lo12      rd = rd + sext(lo12)
 *
 * gives the target's address pc-relatively (the `lla` expansion), with
 *
 *   off  = f − pc_auipc
 *   hi20 = (off + 0x800) >> 12        rounds up when bit 11 of off is set,
 *   lo12 = off − (hi20 << 12)         so that lo12 is in [−2048, 2047]
 *
 * Both halves are relative to the auipc's pc, but the encoder gives each
 * instruction the target's offset from its own start: `Ipcrel`'s field
 * `auipcBefore` says how many bytes before the addi the auipc is (so a label
 * 100 bytes after the auipc reaches the addi as 96, and the addi adds
 * auipcBefore back: off = 100). While a function's place is unknown both
 * immediates are 0 and each instruction asks for its relocation naming the
 * function: R_RISCV_PCREL_HI20 at the auipc, R_RISCV_PCREL_LO12_I at the addi
 * (its `pairedBack` is auipcBefore: an ELF writer points it at a label on
 * the auipc, where the linker finds the HI20 it pairs with). A label is resolved in the function
 * and needs no relocation: both immediates are 0 until it is placed, then the
 * pair is encoded again. Its offset is any 32-bit value: on RV32 the sum
 * wraps at 32 bits, so hi20 = 0x80000 (−2^31) also reaches the top 2 KiB
 * below +2^31 that the signed reckoning leaves out.
 */
import {
  bitFormat,
  type FormatDef,
  type FormatField,
  type RelocationRequest,
} from '@lirc/asmquery';

const U = 'imm[31:12] rd:5 opcode:7';
const I = 'imm[11:0] rs1:5 funct3:3 rd:5 opcode:7';

/** The auipc and addi immediates of a pc-relative offset: off = (hi << 12) + lo, lo in [−2048, 2047]. */
function pcrelParts(off: number): { hi: number; lo: number } {
  const hi = Math.floor((off + 0x800) / 0x1000);
  return { hi, lo: off - hi * 0x1000 };
}

/** `layout` (U or I) with its immediate taken from the function or label in field `target`. */
function pcrelFormat(name: string, layout: string, part: 'hi' | 'lo'): FormatDef {
  const inner = bitFormat(name, layout);
  const { imm: _imm, ...fields } = inner.fields;
  const target: FormatField = { bits: 0, required: true, accepts: ['func', 'label'] };
  const kind = part === 'hi' ? 'R_RISCV_PCREL_HI20' : 'R_RISCV_PCREL_LO12_I';
  return {
    name,
    fields: {
      ...fields,
      target,
      ...(part === 'lo' ? { auipcBefore: { bits: 0, required: true, accepts: ['const'] } } : {}),
    },
    ...(inner.problems ? { problems: inner.problems } : {}),
    check(spec) {
      const before = spec.fields.auipcBefore;
      return part === 'lo' && (typeof before !== 'number' || before <= 0 || before % 4 !== 0)
        ? ["field 'auipcBefore' must be a positive multiple of 4 (bytes back to the auipc)"]
        : [];
    },
    encode(values, ctx) {
      const { target, auipcBefore, ...rest } = values;
      const back = auipcBefore?.kind === 'const' ? Number(auipcBefore.value) : 0;
      const field = (imm: bigint) =>
        inner.encode({ ...rest, imm: { kind: 'imm', value: imm } }, ctx);
      if (target?.kind === 'label') {
        // The label's offset from this instruction, made relative to the auipc; 0 while unknown.
        // The bit layout keeps the low 20 bits of hi20 (it wraps: see above) and of lo12.
        if (!target.known) return field(0n);
        const { hi, lo } = pcrelParts(target.offset + back);
        return field(part === 'hi' ? BigInt(hi) << 12n : BigInt(lo));
      }
      if (target?.kind !== 'func')
        throw new Error(`${ctx.form}: field 'target' must be a function or a label`);
      let imm = 0n;
      if (target.offset !== undefined) {
        const off = target.offset + back;
        const { hi, lo } = pcrelParts(off);
        if (hi < -(1 << 19) || hi >= 1 << 19) {
          throw new Error(
            `${ctx.form}: function offset ${off} is beyond the reach of auipc + addi`,
          );
        }
        imm = part === 'hi' ? BigInt(hi) << 12n : BigInt(lo);
      }
      const { bytes } = field(imm);
      if (target.offset !== undefined) return { bytes };
      const reloc: RelocationRequest = {
        at: 0,
        kind,
        symbol: target.name,
        addend: 0,
        ...(part === 'lo' ? { pairedBack: back } : {}),
      };
      return { bytes, relocations: [reloc] };
    },
  };
}

export const FORMATS: FormatDef[] = [
  bitFormat('R', 'funct7:7 rs2:5 rs1:5 funct3:3 rd:5 opcode:7'),
  bitFormat('R4', 'rs3:5 funct2:2 rs2:5 rs1:5 funct3:3 rd:5 opcode:7'),
  bitFormat('I', I),
  bitFormat('Ishift', 'funct7:7 shamt:5 rs1:5 funct3:3 rd:5 opcode:7'),
  bitFormat('S', 'imm[11:5] rs2:5 rs1:5 funct3:3 imm[4:0] opcode:7'),
  bitFormat('B', 'imm[12] imm[10:5] rs2:5 rs1:5 funct3:3 imm[4:1] imm[11] opcode:7'),
  bitFormat('U', U),
  bitFormat('J', 'imm[20] imm[10:1] imm[11] imm[19:12] rd:5 opcode:7', {
    relocations: { imm: 'R_RISCV_JAL' },
  }),
  pcrelFormat('Upcrel', U, 'hi'),
  pcrelFormat('Ipcrel', I, 'lo'),
];
