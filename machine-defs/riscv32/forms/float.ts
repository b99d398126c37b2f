/**
 * RV32F and RV32D (unprivileged spec, chapters "F" and "D"): each family is
 * written once and instantiated for single precision (.s: f32 at width 32,
 * fmt 00) and double precision (.d: f64 at width 64, fmt 01). Then the rows
 * that exist once: the conversions between f32 and f64 and the moves between
 * integer and float registers (RV32 has them for 32 bits only).
 *
 * OP-FP instructions are R-type with funct7 = funct5 (the operation) then
 * fmt (2 bits), MSB→LSB; the rs2 field selects a variant for one-operand
 * operations. Arithmetic rounds to nearest even, as Low IR does: rm = rne
 * (000), printed as llvm-mc prints it (`, rne`). Instructions that are
 * exact (fcvt.d.w, fcvt.d.s) encode rm = 000 and llvm-mc 14 prints no rm.
 * Conversions to integers round toward zero (rm = rtz, 001).
 *
 * Last, sequences for what RV32D has no instruction for: moving an f64 to
 * or from a pair of x registers (through 16 bytes of stack) and a select
 * between two f64 (a branch around a move).
 */
import { type EncodingSpec, enc, type FormDef, group, type ParamDef, reg } from '@lirc/asmquery';
import {
  bool,
  type CompareRow,
  compareForms,
  gpr,
  loadForms,
  OPCODE,
  SP,
  storeForms,
  X0,
} from './common.js';

const RNE = 0b000;
const RTZ = 0b001;

/** One float format: the mnemonic suffix, the width of its values, fmt. */
interface Precision {
  /** `.s` / `.d` in mnemonics. */
  readonly s: 's' | 'd';
  readonly width: 32 | 64;
  readonly fmt: number;
  readonly extension: 'F' | 'D';
  readonly fpr: ParamDef;
  /** flw/fsw or fld/fsd: the size letter and funct3. */
  readonly mem: ['w' | 'd', number];
  /** int32 → this format is exact (f64 holds every int32): rm = 000, not printed. */
  readonly exactFromInt32: boolean;
}

const PRECISIONS: Precision[] = [
  {
    s: 's',
    width: 32,
    fmt: 0b00,
    extension: 'F',
    fpr: reg('fpr', 32),
    mem: ['w', 0b010],
    exactFromInt32: false,
  },
  {
    s: 'd',
    width: 64,
    fmt: 0b01,
    extension: 'D',
    fpr: reg('fpr', 64),
    mem: ['d', 0b011],
    exactFromInt32: true,
  },
];

/** An OP-FP encoding: funct5 and fmt form funct7; rs2 and funct3 (rm) as given. */
function opFp(
  p: Precision,
  funct5: number,
  funct3: number,
  rs1: string | number,
  rs2: string | number,
): EncodingSpec {
  return enc('R', {
    opcode: OPCODE.OP_FP,
    funct7: (funct5 << 2) | p.fmt,
    funct3,
    rd: 'rd',
    rs1,
    rs2,
  });
}

/** Arithmetic, rounded to nearest even: mnemonic, action, funct5. */
const ARITH: [string, string, number][] = [
  ['fadd', 'fadd', 0b00000],
  ['fsub', 'fsub', 0b00001],
  ['fmul', 'fmul', 0b00010],
  ['fdiv', 'fdiv', 0b00011],
];

/** Minimum and maximum (funct5 00101): mnemonic, action, funct3. */
const MIN_MAX: [string, string, number][] = [
  ['fmin', 'rv_fmin', 0b000],
  ['fmax', 'rv_fmax', 0b001],
];

/**
 * Sign injection (funct5 00100): mnemonic, funct3, meaning for rs1, rs2;
 * and the form with rs1 = rs2 (the assembler's fmv, fneg, fabs) with its
 * meaning for rs. fsgnjn is copysign from the negated rs2.
 */
const SIGN_INJECTION: [string, number, string, string, string][] = [
  ['fsgnj', 0b000, '%out = fcopysign.W %rs1, %rs2', 'fmv', '%out = copy.W %rs'],
  ['fsgnjn', 0b001, '%n = fneg.W %rs2\n%out = fcopysign.W %rs1, %n', 'fneg', '%out = fneg.W %rs'],
  ['fsgnjx', 0b010, '%out = rv_fsgnjx.W %rs1, %rs2', 'fabs', '%out = fabs.W %rs'],
];

/**
 * Comparisons into a gpr (funct5 10100): name, action, funct3, and the
 * operand order (fgt/fge are flt/fle with the operands swapped; fne is feq
 * then `xori rd, rd, 1`).
 */
const COMPARES: [string, string, number, 'rs1' | 'rs2', 'rs1' | 'rs2'][] = [
  ['feq', 'feq', 0b010, 'rs1', 'rs2'],
  ['flt', 'flt', 0b001, 'rs1', 'rs2'],
  ['fle', 'fle', 0b000, 'rs1', 'rs2'],
  ['fgt', 'fgt', 0b001, 'rs2', 'rs1'],
  ['fge', 'fge', 0b000, 'rs2', 'rs1'],
];
const COMPARE_MNEMONIC: Record<number, string> = { 2: 'feq', 1: 'flt', 0: 'fle' };

/** Float → int32, truncating (funct5 11000, rs2 selects): int suffix, action, rs2. */
const TO_INT: ['w' | 'wu', string, number][] = [
  ['w', 'ftoi_s', 0b00000],
  ['wu', 'ftoi_u', 0b00001],
];

/** int32 → float (funct5 11010): int suffix, action, rs2. */
const FROM_INT: ['w' | 'wu', string, number][] = [
  ['w', 'itof_s', 0b00000],
  ['wu', 'itof_u', 0b00001],
];

/**
 * Fused multiply-add (R4-type, funct2 = fmt): mnemonic, major opcode and
 * meaning. Every one is a × b + c rounded once, with the signs of the
 * product and of the addend as the instruction says.
 */
const FUSED: [string, number, string][] = [
  ['fmadd', OPCODE.MADD, '%out = rv_fmadd.W %rs1, %rs2, %rs3'],
  ['fmsub', OPCODE.MSUB, '%n = fneg.W %rs3\n%out = rv_fmadd.W %rs1, %rs2, %n'],
  ['fnmsub', OPCODE.NMSUB, '%n = fneg.W %rs1\n%out = rv_fmadd.W %n, %rs2, %rs3'],
  [
    'fnmadd',
    OPCODE.NMADD,
    '%na = fneg.W %rs1\n%nc = fneg.W %rs3\n%out = rv_fmadd.W %na, %rs2, %nc',
  ],
];

const TO_INT_NOTE = (mn: string, unsigned: boolean) =>
  `RISC-V ${mn} does not trap: NaN gives ${unsigned ? '2^32 - 1' : '2^31 - 1'} and out-of-range values saturate (Low IR ${unsigned ? 'ftoi_u' : 'ftoi_s'} traps on both); producers check for NaN and the range first.`;

/** Every form of one precision. */
function precisionForms(p: Precision): FormDef[] {
  const { s, fpr, extension } = p;
  const W = (semantics: string) => semantics.replaceAll('.W', `.${p.width}`);
  const three = { rd: fpr, rs1: fpr, rs2: fpr };
  const rr = (mn: string, semantics: string, encoding: EncodingSpec, rm = ''): FormDef => ({
    name: `${mn}.${s}`,
    extension,
    params: three,
    semantics: W(semantics),
    outputs: { out: 'rd' },
    encoding,
    asm: `${mn}.${s} {rd}, {rs1}, {rs2}${rm}`,
  });
  const [size, memFunct3] = p.mem;
  const compares: CompareRow[] = COMPARES.map(([name, action, funct3, a, b]) => ({
    name: `${name}.${s}`,
    extension,
    params: { rs1: fpr, rs2: fpr },
    cond: `${action}.${p.width} %rs1, %rs2`,
    encoding: opFp(p, 0b10100, funct3, a, b),
    asm: `${COMPARE_MNEMONIC[funct3]}.${s} {rd}, {${a}}, {${b}}`,
  }));
  compares.push({
    name: `fne.${s}`,
    extension,
    params: { rs1: fpr, rs2: fpr },
    cond: `fne.${p.width} %rs1, %rs2`,
    encoding: [
      opFp(p, 0b10100, 0b010, 'rs1', 'rs2'),
      enc('I', { opcode: OPCODE.OP_IMM, funct3: 0b100, rd: 'rd', rs1: 'rd', imm: 1 }),
    ],
    asm: `feq.${s} {rd}, {rs1}, {rs2}\nxori {rd}, {rd}, 1`,
    cost: 2,
  });
  return [
    ...loadForms([
      {
        name: `fl${size}`,
        extension,
        action: `load.${p.width}`,
        rd: fpr,
        opcode: OPCODE.LOAD_FP,
        funct3: memFunct3,
      },
    ]),
    ...storeForms([
      {
        name: `fs${size}`,
        extension,
        action: `store.${p.width}`,
        rs2: fpr,
        opcode: OPCODE.STORE_FP,
        funct3: memFunct3,
      },
    ]),
    ...ARITH.map(([mn, action, funct5]) =>
      rr(mn, `%out = ${action}.W %rs1, %rs2`, opFp(p, funct5, RNE, 'rs1', 'rs2'), ', rne'),
    ),
    {
      name: `fsqrt.${s}`,
      extension,
      params: { rd: fpr, rs1: fpr },
      semantics: W('%out = fsqrt.W %rs1'),
      outputs: { out: 'rd' },
      encoding: opFp(p, 0b01011, RNE, 'rs1', 0),
      asm: `fsqrt.${s} {rd}, {rs1}, rne`,
    },
    ...MIN_MAX.map(([mn, action, funct3]) =>
      rr(mn, `%out = ${action}.W %rs1, %rs2`, opFp(p, 0b00101, funct3, 'rs1', 'rs2')),
    ),
    ...SIGN_INJECTION.flatMap(([mn, funct3, semantics, alias, same]): FormDef[] => [
      rr(mn, semantics, opFp(p, 0b00100, funct3, 'rs1', 'rs2')),
      {
        name: `${alias}.${s}`,
        extension,
        params: { rd: fpr, rs: fpr },
        semantics: W(same),
        outputs: { out: 'rd' },
        encoding: opFp(p, 0b00100, funct3, 'rs', 'rs'),
        asm: `${mn}.${s} {rd}, {rs}, {rs}`,
      },
    ]),
    ...compareForms(compares),
    ...TO_INT.map(
      ([i, action, rs2]): FormDef => ({
        name: `fcvt.${i}.${s}`,
        extension,
        params: { rd: gpr, rs1: fpr },
        semantics: `%out = ${action}.32.${p.width} %rs1`,
        outputs: { out: 'rd' },
        encoding: opFp(p, 0b11000, RTZ, 'rs1', rs2),
        asm: `fcvt.${i}.${s} {rd}, {rs1}, rtz`,
        note: TO_INT_NOTE(`fcvt.${i}.${s}`, i === 'wu'),
      }),
    ),
    ...FROM_INT.map(
      ([i, action, rs2]): FormDef => ({
        name: `fcvt.${s}.${i}`,
        extension,
        params: { rd: fpr, rs1: gpr },
        semantics: `%out = ${action}.${p.width}.32 %rs1`,
        outputs: { out: 'rd' },
        encoding: opFp(p, 0b11010, RNE, 'rs1', rs2),
        asm: `fcvt.${s}.${i} {rd}, {rs1}${p.exactFromInt32 ? '' : ', rne'}`,
      }),
    ),
    {
      name: `fclass.${s}`,
      extension,
      params: { rd: gpr, rs1: fpr },
      semantics: `%out = rv_fclass.${p.width} %rs1`,
      outputs: { out: 'rd' },
      encoding: opFp(p, 0b11100, 0b001, 'rs1', 0),
      asm: `fclass.${s} {rd}, {rs1}`,
    },
    ...FUSED.map(
      ([mn, opcode, semantics]): FormDef => ({
        name: `${mn}.${s}`,
        extension,
        params: { rd: fpr, rs1: fpr, rs2: fpr, rs3: fpr },
        semantics: W(semantics),
        outputs: { out: 'rd' },
        encoding: enc('R4', {
          opcode,
          funct2: p.fmt,
          funct3: RNE,
          rd: 'rd',
          rs1: 'rs1',
          rs2: 'rs2',
          rs3: 'rs3',
        }),
        asm: `${mn}.${s} {rd}, {rs1}, {rs2}, {rs3}, rne`,
      }),
    ),
  ];
}

const [SINGLE, DOUBLE] = PRECISIONS as [Precision, Precision];
const f32 = SINGLE.fpr;
const f64 = DOUBLE.fpr;

/** Rows that exist once: f32 ↔ f64, and moves between gpr and fpr (32 bits). */
const once: FormDef[] = [
  {
    name: 'fcvt.s.d',
    extension: 'D',
    params: { rd: f32, rs1: f64 },
    semantics: '%out = fdemote.32.64 %rs1',
    outputs: { out: 'rd' },
    encoding: opFp(SINGLE, 0b01000, RNE, 'rs1', 0b00001),
    asm: 'fcvt.s.d {rd}, {rs1}, rne',
  },
  {
    name: 'fcvt.d.s',
    extension: 'D',
    params: { rd: f64, rs1: f32 },
    semantics: '%out = fpromote.64.32 %rs1',
    outputs: { out: 'rd' },
    encoding: opFp(DOUBLE, 0b01000, RNE, 'rs1', 0b00000),
    asm: 'fcvt.d.s {rd}, {rs1}',
  },
  // fmv.x.w / fmv.w.x move the bits: as reinterpret (what a producer asks
  // for) and as copy (what LIRC uses to move a 32-bit value between classes).
  ...(
    [
      ['fmv.x.w', 0b11100, gpr, f32],
      ['fmv.w.x', 0b11110, f32, gpr],
    ] as const
  ).flatMap(([mn, funct5, rd, rs1]): FormDef[] =>
    (['reinterpret', 'copy'] as const).map((action) => ({
      name: action === 'copy' ? `${mn} (copy)` : mn,
      extension: 'F',
      params: { rd, rs1 },
      semantics: `%out = ${action}.32 %rs1`,
      outputs: { out: 'rd' },
      encoding: opFp(SINGLE, funct5, 0b000, 'rs1', 0),
      asm: `${mn} {rd}, {rs1}`,
    })),
  ),
  // +0.0 from x0.
  {
    name: 'fmv.w.x (zero)',
    extension: 'F',
    params: { rd: f32 },
    semantics: '%out = const.32 0',
    outputs: { out: 'rd' },
    encoding: opFp(SINGLE, 0b11110, 0b000, X0, 0),
    asm: 'fmv.w.x {rd}, zero',
  },
  {
    name: 'fcvt.d.w (zero)',
    extension: 'D',
    params: { rd: f64 },
    semantics: '%out = const.64 0',
    outputs: { out: 'rd' },
    encoding: opFp(DOUBLE, 0b11010, RNE, X0, 0),
    asm: 'fcvt.d.w {rd}, zero',
  },
];

/**
 * RV32D has no move between a pair of x registers and an f register: the
 * pair goes through 16 bytes of stack below sp, which the sequence takes
 * and gives back (sp stays 16-byte aligned; the frame is reached through
 * s0, so nothing else moves). Little-endian: the low half at 0(sp).
 * `join` puts two 32-bit halves together as an f64; `trunc` and `high`
 * take the low and the high half of one.
 */
const sp16 = (imm: number): EncodingSpec =>
  enc('I', { opcode: OPCODE.OP_IMM, funct3: 0b000, rd: SP, rs1: SP, imm: imm & 0xfff });
const wordAt = (store: boolean, r: string, offset: number): EncodingSpec =>
  store
    ? enc('S', { opcode: OPCODE.STORE, funct3: 0b010, rs1: SP, rs2: r, imm: offset })
    : enc('I', { opcode: OPCODE.LOAD, funct3: 0b010, rd: r, rs1: SP, imm: offset });
const doubleAt = (store: boolean, r: string): EncodingSpec =>
  store
    ? enc('S', { opcode: OPCODE.STORE_FP, funct3: 0b011, rs1: SP, rs2: r, imm: 0 })
    : enc('I', { opcode: OPCODE.LOAD_FP, funct3: 0b011, rd: r, rs1: SP, imm: 0 });

const throughStack: FormDef[] = [
  {
    name: 'join (through the stack)',
    extension: 'D',
    params: { rd: f64, lo: gpr, hi: gpr },
    semantics: '%out = join.64.32 %lo, %hi',
    outputs: { out: 'rd' },
    encoding: [
      sp16(-16),
      wordAt(true, 'lo', 0),
      wordAt(true, 'hi', 4),
      doubleAt(false, 'rd'),
      sp16(16),
    ],
    asm: 'addi sp, sp, -16\nsw {lo}, 0(sp)\nsw {hi}, 4(sp)\nfld {rd}, 0(sp)\naddi sp, sp, 16',
    cost: 5,
  },
  ...(
    [
      ['trunc (low half, through the stack)', '%out = trunc.32.64 %rs', 0],
      ['high (through the stack)', '%out = high.32.64 %rs', 4],
    ] as const
  ).map(
    ([name, semantics, offset]): FormDef => ({
      name,
      extension: 'D',
      params: { rd: gpr, rs: f64 },
      semantics,
      outputs: { out: 'rd' },
      encoding: [sp16(-16), doubleAt(true, 'rs'), wordAt(false, 'rd', offset), sp16(16)],
      asm: `addi sp, sp, -16\nfsd {rs}, 0(sp)\nlw {rd}, ${offset}(sp)\naddi sp, sp, 16`,
      cost: 4,
    }),
  ),
  // select of two f64 (no conditional move, and no integer register holds
  // one): a branch around one of two moves; rd is written once on each path.
  {
    name: 'select.64 (fpr, branches)',
    extension: 'D',
    params: { rd: f64, c: bool, a: f64, b: f64 },
    semantics: '%out = select.64 %c, %a, %b',
    outputs: { out: 'rd' },
    encoding: [
      enc('B', { opcode: OPCODE.BRANCH, funct3: 0b000, rs1: 'c', rs2: X0, imm: 12 }),
      opFp(DOUBLE, 0b00100, 0b000, 'a', 'a'),
      enc('J', { opcode: OPCODE.JAL, rd: X0, imm: 8 }),
      opFp(DOUBLE, 0b00100, 0b000, 'b', 'b'),
    ],
    asm: 'beq {c}, zero, 12\nfsgnj.d {rd}, {a}, {a}\njal zero, 8\nfsgnj.d {rd}, {b}, {b}',
    cost: 4,
  },
];

export const FLOAT_FORMS: FormDef[] = group('forms/float.ts', [
  ...PRECISIONS.flatMap(precisionForms),
  ...once,
  ...throughStack,
]);
