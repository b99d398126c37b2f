/**
 * The x86-64 instruction encoder, as AsmQuery formats. Every instruction is
 * laid out as the SDM draws it (vol. 2, §2.1, figure 2-1):
 *
 *   [legacy prefixes] [REX] [opcode: 1–3 bytes] [ModRM] [SIB] [disp: 0/1/4] [imm: 0/1/2/4/8]
 *
 *   REX   = 0100 W R X B      W: 64-bit operand; R, X, B: bit 3 of ModRM.reg, SIB.index, ModRM.rm/SIB.base/opcode reg
 *   ModRM = mod:2 reg:3 rm:3  mod 11: rm is a register; 00/01/10: memory with no/8-bit/32-bit displacement
 *   SIB   = scale:2 index:3 base:3
 *
 * The formats are named after the manual's operand-encoding ("Op/En") columns:
 *
 *   rm  ModRM forms (Op/En RM, MR, M, MI, RMI): `reg` (a register) or `digit` (a /digit opcode
 *       extension) in ModRM.reg; `rm` (a register), a memory operand (`base`, `index`,
 *       `scale`, `disp`) or the address of a function or label (`rip`) in ModRM.rm; an
 *       optional immediate.
 *   o   register in the low three opcode bits (Op/En O, OI: push/pop r64, mov r, imm).
 *   zo  no operand bytes (Op/En ZO: cdq, ret, ud2).
 *   d   a pc-relative target (Op/En D: jcc, jmp, call rel32).
 *
 * Fields a form may set:
 *
 *   prefix      legacy prefixes in order, among 66 (operand size / SSE), 67 (address size), F2, F3
 *   w           1: REX.W (64-bit operand size)
 *   opcode      1–3 opcode bytes (for `o`, the last byte gets the register's low three bits)
 *   cc          a flag register: its condition-code number is added to the last opcode byte
 *   reg, digit  ModRM.reg: a register parameter (or a register number for an implicit one), or /digit
 *   rm          ModRM.rm as a register (mod 11): a parameter or an implicit register's number
 *   base, index, scale, disp
 *               ModRM.rm as memory: [base + index << scale + disp]. The shortest encoding is
 *               chosen, as llvm-mc does: no displacement when it is 0 (except rbp/r13 as base,
 *               which need a disp8 of 0), disp8 when it fits, else disp32; a SIB byte when there
 *               is an index or the base is rsp/r12. rsp cannot be an index.
 *   rip         ModRM.rm as [rip + disp32] (mod 00, rm 101, no SIB) addressing a function or a
 *               label: the disp32 is relative to the end of the instruction; while a function's
 *               place is unknown, 0 with an R_X86_64_PC32 relocation (addend -4 less any
 *               immediate after the disp32). A label is a rel32 relative to the end (resolved in
 *               the function: 0 while unknown, patched when it is placed; no relocation).
 *   imm, immBytes
 *               an immediate (parameter or constant) of 1, 2, 4 or 8 bytes
 *   opcodeImm8  opcode used instead when the immediate fits a sign-extended imm8 (0x83, 0x6B)
 *   opcodeAcc   opcode used instead (no ModRM) when `rm` is al/ax/eax/rax and no imm8 form was
 *               taken (ADD eAX, imm32: 0x05), as llvm-mc picks the shortest encoding
 *   target, relBytes
 *               (d) a label (rel8/rel32, relative to the end of the instruction) or a function
 *               (rel32, encoded as 0 with an R_X86_64_PLT32 relocation, addend -4)
 *
 * A REX prefix is emitted when W, R, X or B is set, or when an 8-bit operand is spl, bpl,
 * sil or dil (without REX those encodings mean ah, ch, dh, bh).
 */
import type {
  Encoded,
  EncodingSpec,
  FieldValue,
  FormatCheckContext,
  FormatDef,
  FormatField,
  FormDef,
  OperandValue,
  RelocationRequest,
} from '@lirc/asmquery';

type Fields = Readonly<Record<string, OperandValue>>;
type Accepts = FormatField['accepts'];

function field(bits: number, accepts: Accepts, required = false): FormatField {
  return { bits, required, accepts };
}

/** Legacy prefixes a form may state, in the order the manual's groups list them. */
const LEGACY_PREFIXES = [0xf2, 0xf3, 0x66, 0x67];

const PREFIX_AND_OPCODE = {
  prefix: field(0, ['const']),
  w: field(1, ['const']),
  opcode: field(0, ['const'], true),
};
const IMMEDIATE = {
  imm: field(64, ['imm', 'const']),
  immBytes: field(4, ['const']),
};

const RM_FIELDS = {
  ...PREFIX_AND_OPCODE,
  cc: field(4, ['reg']),
  reg: field(4, ['reg', 'const']),
  digit: field(3, ['const']),
  rm: field(4, ['reg', 'const']),
  base: field(4, ['reg']),
  index: field(4, ['reg']),
  scale: field(2, ['imm', 'const']),
  disp: field(32, ['imm', 'const']),
  rip: field(32, ['func', 'label']),
  ...IMMEDIATE,
  opcodeImm8: field(0, ['const']),
  opcodeAcc: field(0, ['const']),
};
const O_FIELDS = { ...PREFIX_AND_OPCODE, reg: field(4, ['reg'], true), ...IMMEDIATE };
const ZO_FIELDS = { ...PREFIX_AND_OPCODE, ...IMMEDIATE };
const D_FIELDS = {
  ...PREFIX_AND_OPCODE,
  cc: field(4, ['reg']),
  target: field(32, ['label', 'func'], true),
  relBytes: field(3, ['const'], true),
};

// ---------------------------------------------------------------------------
// Reading resolved fields

class X86EncodeError extends Error {
  override name = 'X86EncodeError';
}

function fail(form: string, message: string): never {
  throw new X86EncodeError(`${form}: ${message}`);
}

function constBytes(v: OperandValue | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  if (v.kind === 'const' && Array.isArray(v.value)) return [...(v.value as number[])];
  throw new X86EncodeError(`expected a list of bytes, got ${JSON.stringify(v)}`);
}

function constNumber(v: OperandValue | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (v.kind === 'const' && typeof v.value === 'number') return v.value;
  throw new X86EncodeError(`expected a number, got ${JSON.stringify(v)}`);
}

/** A register operand: its 4-bit number and whether it needs a REX prefix to be addressable. */
interface RegNum {
  readonly num: number;
  readonly needsRex: boolean;
}

function regNum(v: OperandValue): RegNum {
  if (v.kind === 'reg') {
    const num = v.reg.encoding;
    // spl, bpl, sil, dil: without REX, 8-bit numbers 4–7 are ah, ch, dh, bh.
    return { num, needsRex: v.width === 8 && num >= 4 && num <= 7 };
  }
  if (v.kind === 'const' && typeof v.value === 'number') return { num: v.value, needsRex: false };
  throw new X86EncodeError(`expected a register, got ${JSON.stringify(v)}`);
}

function immValue(v: OperandValue): bigint {
  if (v.kind === 'imm') return v.value;
  if (v.kind === 'const' && typeof v.value === 'number') return BigInt(v.value);
  throw new X86EncodeError(`expected an immediate, got ${JSON.stringify(v)}`);
}

const fitsInt8 = (v: bigint) => v >= -128n && v <= 127n;
const fitsInt32 = (v: bigint) => v >= -(1n << 31n) && v < 1n << 31n;

/** `bytes` little-endian bytes of `v` (two's complement). */
function littleEndian(v: bigint, bytes: number): number[] {
  const out: number[] = [];
  let u = BigInt.asUintN(8 * bytes, v);
  for (let k = 0; k < bytes; k++) {
    out.push(Number(u & 0xffn));
    u >>= 8n;
  }
  return out;
}

/** The parts of one instruction, in the order they are emitted. */
interface Layout {
  prefixes: number[];
  w: number;
  r: number;
  x: number;
  b: number;
  forceRex: boolean;
  opcode: number[];
  modrm?: number;
  sib?: number;
  disp?: { value: bigint; bytes: number };
  imm?: { value: bigint; bytes: number };
}

function emit(l: Layout): number[] {
  const out = [...l.prefixes];
  if (l.w || l.r || l.x || l.b || l.forceRex) {
    out.push(0x40 | (l.w << 3) | (l.r << 2) | (l.x << 1) | l.b);
  }
  out.push(...l.opcode);
  if (l.modrm !== undefined) out.push(l.modrm);
  if (l.sib !== undefined) out.push(l.sib);
  if (l.disp) out.push(...littleEndian(l.disp.value, l.disp.bytes));
  if (l.imm) out.push(...littleEndian(l.imm.value, l.imm.bytes));
  return out;
}

function start(f: Fields): Layout {
  return {
    prefixes: constBytes(f.prefix) ?? [],
    w: constNumber(f.w, 0),
    r: 0,
    x: 0,
    b: 0,
    forceRex: false,
    opcode: constBytes(f.opcode)!,
  };
}

/** Adds a condition code to the last opcode byte (jcc, setcc, cmovcc). */
function withCondition(opcode: number[], cc: OperandValue | undefined): number[] {
  if (cc === undefined) return opcode;
  const out = [...opcode];
  out[out.length - 1]! += regNum(cc).num;
  return out;
}

function immediate(f: Fields): { value: bigint; bytes: number } | undefined {
  if (f.imm === undefined) return undefined;
  return { value: immValue(f.imm), bytes: constNumber(f.immBytes, 0) };
}

// ---------------------------------------------------------------------------
// Encoders

function encodeRm(f: Fields, form: string): Encoded {
  const l = start(f);
  l.opcode = withCondition(l.opcode, f.cc);
  l.imm = immediate(f);
  if (l.imm && f.opcodeImm8 && fitsInt8(BigInt.asIntN(8 * l.imm.bytes, l.imm.value))) {
    // ADD r/m32, imm8 (83 /0 ib) sign-extends: llvm-mc takes it whenever the value fits.
    l.opcode = constBytes(f.opcodeImm8)!;
    l.imm = { value: l.imm.value, bytes: 1 };
  } else if (l.imm && f.opcodeAcc && f.rm?.kind === 'reg' && f.rm.reg.encoding === 0) {
    // ADD eAX, imm32 (05 id): no ModRM byte.
    return { bytes: emit({ ...l, opcode: constBytes(f.opcodeAcc)! }) };
  }

  const reg = f.reg ? regNum(f.reg) : { num: constNumber(f.digit, 0), needsRex: false };
  l.r = reg.num >> 3;
  l.forceRex = reg.needsRex;
  if (f.rm) {
    const rm = regNum(f.rm);
    l.b = rm.num >> 3;
    l.forceRex ||= rm.needsRex;
    l.modrm = 0xc0 | ((reg.num & 7) << 3) | (rm.num & 7);
    return { bytes: emit(l) };
  }
  if (f.rip) return encodeRip(l, reg.num, f.rip, form);

  const base = regNum(f.base!).num;
  const index = f.index ? regNum(f.index).num : undefined;
  if (index === 4) fail(form, 'rsp cannot be an index register');
  const scale = f.scale ? Number(immValue(f.scale)) : 0;
  const disp = f.disp ? immValue(f.disp) : 0n;
  if (!fitsInt32(disp)) fail(form, `displacement ${disp} does not fit 32 bits`);
  // mod 00 with base 101 means [rip + disp32] (no SIB) or [index*scale + disp32] (SIB):
  // rbp and r13 as base need mod 01 with a disp8 of 0.
  const mod = disp === 0n && (base & 7) !== 5 ? 0 : fitsInt8(disp) ? 1 : 2;
  if (mod === 1) l.disp = { value: disp, bytes: 1 };
  if (mod === 2) l.disp = { value: disp, bytes: 4 };
  l.b = base >> 3;
  if (index === undefined && (base & 7) !== 4) {
    l.modrm = (mod << 6) | ((reg.num & 7) << 3) | (base & 7);
  } else {
    // rm 100 means "a SIB byte follows"; rsp and r12 as base need one. Index 100 (with REX.X 0) means none.
    l.modrm = (mod << 6) | ((reg.num & 7) << 3) | 0b100;
    l.x = (index ?? 4) >> 3;
    l.sib = (scale << 6) | (((index ?? 4) & 7) << 3) | (base & 7);
  }
  return { bytes: emit(l) };
}

/** ModRM.rm as [rip + disp32] holding a function's or a label's address (mod 00, rm 101). */
function encodeRip(l: Layout, reg: number, target: OperandValue, form: string): Encoded {
  if (target.kind !== 'func' && target.kind !== 'label') {
    fail(form, "field 'rip' must be a function or a label");
  }
  l.modrm = ((reg & 7) << 3) | 0b101;
  l.disp = { value: 0n, bytes: 4 };
  if (target.kind === 'label') {
    // Already relative to the end of the instruction (the label is a rel32 'end' parameter).
    const rel = BigInt(target.offset);
    if (!fitsInt32(rel)) fail(form, `label offset ${rel} does not fit a disp32`);
    l.disp = { value: rel, bytes: 4 };
    return { bytes: emit(l) };
  }
  const length = emit(l).length;
  const at = length - 4 - (l.imm?.bytes ?? 0);
  if (target.offset === undefined) {
    const reloc: RelocationRequest = {
      at,
      kind: 'R_X86_64_PC32',
      symbol: target.name,
      // S + A - P with P the field: the end of the instruction is 4 bytes (and the immediate) on.
      addend: at - length,
    };
    return { bytes: emit(l), relocations: [reloc] };
  }
  // The offset is from the start of the instruction; the disp32 from its end.
  const rel = BigInt(target.offset - length);
  if (!fitsInt32(rel)) fail(form, `function offset ${rel} does not fit a disp32`);
  l.disp = { value: rel, bytes: 4 };
  return { bytes: emit(l) };
}

function encodeO(f: Fields): Encoded {
  const l = start(f);
  const reg = regNum(f.reg!);
  l.b = reg.num >> 3;
  l.forceRex = reg.needsRex;
  l.opcode[l.opcode.length - 1]! += reg.num & 7;
  l.imm = immediate(f);
  return { bytes: emit(l) };
}

function encodeZo(f: Fields): Encoded {
  const l = start(f);
  l.imm = immediate(f);
  return { bytes: emit(l) };
}

function encodeD(f: Fields, form: string): Encoded {
  const l = start(f);
  l.opcode = withCondition(l.opcode, f.cc);
  const bytes = constNumber(f.relBytes, 4);
  const head = emit(l);
  const target = f.target!;
  if (target.kind === 'func' && target.offset !== undefined) {
    // A function at a known place: pc-relative, from the end of the instruction.
    const rel = BigInt(target.offset - head.length - bytes);
    if (BigInt.asIntN(8 * bytes, rel) !== rel)
      fail(form, `call offset ${rel} does not fit rel${8 * bytes}`);
    return { bytes: [...head, ...littleEndian(rel, bytes)] };
  }
  if (target.kind === 'func') {
    const reloc: RelocationRequest = {
      at: head.length,
      kind: 'R_X86_64_PLT32',
      symbol: target.name,
      // The field is relative to the end of the instruction, 4 bytes past the field itself.
      addend: -4,
    };
    return { bytes: [...head, ...littleEndian(0n, bytes)], relocations: [reloc] };
  }
  if (target.kind !== 'label') fail(form, 'the target must be a label or a function');
  const offset = BigInt(target.offset);
  if (BigInt.asIntN(8 * bytes, offset) !== offset) {
    fail(form, `branch offset ${offset} does not fit rel${8 * bytes}`);
  }
  return { bytes: [...head, ...littleEndian(offset, bytes)] };
}

// ---------------------------------------------------------------------------
// Load-time checks of encoding specs

function isByteList(v: FieldValue | undefined, min: number, max: number): boolean {
  return (
    Array.isArray(v) &&
    v.length >= min &&
    v.length <= max &&
    v.every((b) => Number.isInteger(b) && b >= 0 && b <= 0xff)
  );
}

/** Checks shared by every format: names of parameters, prefixes, opcode bytes, W, immediates. */
function checkCommon(spec: EncodingSpec, form: FormDef): string[] {
  const problems: string[] = [];
  const f = spec.fields;
  for (const [name, value] of Object.entries(f)) {
    if (typeof value === 'string' && form.params[value] === undefined) {
      problems.push(`field '${name}': '${value}' is not a parameter of the form`);
    }
  }
  if (!isByteList(f.opcode, 1, 3)) problems.push("field 'opcode' must list 1 to 3 bytes");
  for (const alt of ['opcodeImm8', 'opcodeAcc']) {
    if (f[alt] !== undefined && !isByteList(f[alt], 1, 3)) {
      problems.push(`field '${alt}' must list 1 to 3 bytes`);
    }
  }
  if (f.prefix !== undefined) {
    const p = f.prefix;
    if (!Array.isArray(p) || p.some((b) => !LEGACY_PREFIXES.includes(b))) {
      problems.push(
        "field 'prefix' must list legacy prefixes among 0x66, 0x67, 0xf2, 0xf3 (REX comes from 'w' and the operands)",
      );
    } else if (new Set(p).size !== p.length) {
      problems.push("field 'prefix' lists a prefix twice");
    }
  }
  if (f.w !== undefined && f.w !== 0 && f.w !== 1) problems.push("field 'w' must be 0 or 1");
  if ((f.imm === undefined) !== (f.immBytes === undefined)) {
    problems.push("fields 'imm' and 'immBytes' go together");
  }
  if (f.immBytes !== undefined && ![1, 2, 4, 8].includes(f.immBytes as number)) {
    problems.push("field 'immBytes' must be 1, 2, 4 or 8");
  }
  const imm = typeof f.imm === 'string' ? form.params[f.imm] : undefined;
  if (imm?.kind === 'imm' && typeof f.immBytes === 'number' && imm.bits > 8 * f.immBytes) {
    problems.push(
      `immediate '${f.imm}' has ${imm.bits} bits but the field holds ${8 * f.immBytes}`,
    );
  }
  if (imm !== undefined && imm.kind !== 'imm') {
    problems.push(`field 'imm': parameter '${f.imm}' is not an immediate`);
  }
  if (typeof f.cc === 'string') {
    const cc = form.params[f.cc];
    if (cc?.kind !== 'fixed' || !cc.reg.startsWith('cc.')) {
      problems.push(
        `field 'cc': parameter '${f.cc}' must be a fixed flag register (cc.e, cc.l, …)`,
      );
    }
  }
  return problems;
}

function checkRm(spec: EncodingSpec, form: FormDef, machine: FormatCheckContext): string[] {
  const problems = checkCommon(spec, form);
  const f = spec.fields;
  const has = (name: string) => f[name] !== undefined;
  if (has('reg') === has('digit')) {
    problems.push("set exactly one of 'reg' (a register in ModRM.reg) and 'digit' (a /digit)");
  }
  const memory = ['base', 'index', 'scale', 'disp'].filter(has);
  if ([has('rm'), has('base'), has('rip')].filter(Boolean).length !== 1) {
    problems.push(
      "set exactly one of 'rm' (a register operand), 'base' (a memory operand) and 'rip' (a function's or label's address)",
    );
  }
  for (const operand of ['rm', 'rip']) {
    if (has(operand) && memory.length > 0) {
      problems.push(`'${operand}' takes ModRM.rm: drop ${memory.map((m) => `'${m}'`).join(', ')}`);
    }
  }
  if (has('rip') && (has('opcodeImm8') || has('opcodeAcc'))) {
    problems.push("'opcodeImm8' and 'opcodeAcc' do not apply to a [rip + disp32] operand");
  }
  const rip = typeof f.rip === 'string' ? form.params[f.rip] : undefined;
  if (rip?.kind === 'label' && (rip.relativeTo !== 'end' || rip.bits !== 32)) {
    problems.push(
      `field 'rip': label '${f.rip}' must be a rel32 relative to the end of the instruction (label(32, { relativeTo: 'end' }))`,
    );
  }
  if (has('index') !== has('scale')) problems.push("fields 'index' and 'scale' go together");
  if ((has('opcodeImm8') || has('opcodeAcc')) && !has('imm')) {
    problems.push("'opcodeImm8' and 'opcodeAcc' are alternatives for forms with an immediate");
  }
  const addr32 = Array.isArray(f.prefix) && f.prefix.includes(0x67);
  for (const name of ['base', 'index']) {
    const p = typeof f[name] === 'string' ? form.params[f[name] as string] : undefined;
    if (p === undefined) continue;
    const width = addr32 ? 32 : 64;
    if ((p.kind !== 'reg' && p.kind !== 'fixed') || p.width !== width) {
      problems.push(
        `field '${name}': parameter '${f[name]}' must be a ${width}-bit register (addresses are ${width} bits${addr32 ? ' with the 67 prefix' : ''})`,
      );
    }
  }
  if (typeof f.index === 'string') {
    const p = form.params[f.index];
    const members =
      p?.kind === 'reg'
        ? (machine.classes.get(p.class)?.registers ?? [])
        : p?.kind === 'fixed'
          ? [p.reg]
          : [];
    if (members.includes('rsp')) {
      problems.push(`field 'index': parameter '${f.index}' allows rsp, which cannot be an index`);
    }
  }
  const disp = typeof f.disp === 'string' ? form.params[f.disp] : undefined;
  if (disp !== undefined && (disp.kind !== 'imm' || !disp.signed || disp.bits > 32)) {
    problems.push(
      `field 'disp': parameter '${f.disp}' must be a signed immediate of at most 32 bits`,
    );
  }
  const scale = typeof f.scale === 'string' ? form.params[f.scale] : undefined;
  if (scale !== undefined && (scale.kind !== 'imm' || scale.signed || scale.bits > 2)) {
    problems.push(`field 'scale': parameter '${f.scale}' must be an unsigned 2-bit shift (0–3)`);
  }
  return problems;
}

function checkD(spec: EncodingSpec, form: FormDef): string[] {
  const problems = checkCommon(spec, form);
  const f = spec.fields;
  if (f.relBytes !== 1 && f.relBytes !== 4) problems.push("field 'relBytes' must be 1 or 4");
  const target = typeof f.target === 'string' ? form.params[f.target] : undefined;
  if (target?.kind === 'label') {
    if (target.relativeTo !== 'end') {
      problems.push(
        `field 'target': label '${f.target}' must be relative to the end (x86 rel8/rel32)`,
      );
    }
    if (typeof f.relBytes === 'number' && target.bits !== 8 * f.relBytes) {
      problems.push(
        `field 'target': label '${f.target}' has ${target.bits} bits but rel${8 * (f.relBytes as number)} holds ${8 * (f.relBytes as number)}`,
      );
    }
  } else if (target?.kind === 'func' && f.relBytes !== 4) {
    problems.push("field 'relBytes': a function target is a rel32 (relBytes: 4)");
  }
  return problems;
}

const guard =
  (encode: (f: Fields, form: string) => Encoded) =>
  (f: Fields, ctx: { form: string }): Encoded => {
    try {
      return encode(f, ctx.form);
    } catch (e) {
      if (e instanceof X86EncodeError && !e.message.startsWith(`${ctx.form}:`)) {
        throw new X86EncodeError(`${ctx.form}: ${e.message}`);
      }
      throw e;
    }
  };

export const FORMATS: FormatDef[] = [
  { name: 'rm', fields: RM_FIELDS, encode: guard(encodeRm), check: checkRm },
  { name: 'o', fields: O_FIELDS, encode: guard(encodeO), check: checkCommon },
  { name: 'zo', fields: ZO_FIELDS, encode: guard(encodeZo), check: checkCommon },
  { name: 'd', fields: D_FIELDS, encode: guard(encodeD), check: checkD },
];
