/**
 * RV32I base integer instructions (unprivileged spec, chapter 2), one row
 * per form, each family a table mapped to forms:
 *
 *   register-register ALU (add … and), immediate ALU (addi, xori, ori, andi),
 *   immediate shifts, comparisons into a gpr (slt, sltu, slti, sltiu and the
 *   idioms on x0: seqz, snez, sgtz; swapped-operand sgt/sgtu; two-instruction
 *   sge/sle/seq/sne), loads and stores (with and without offset), lui/auipc,
 *   func_addr and label_addr as auipc + addi (`lla`: pc-relative, so code
 *   stays position independent), stack_pointer (`mv rd, sp`),
 *   jumps, calls and return, branches (near: ±4 KiB; far: the inverted branch
 *   over a jal, ±1 MiB; and trap_if: the inverted branch over an ebreak),
 *   ecall/ebreak (and ecall as a Linux system call with 0 to 6 arguments),
 *   and the x0 idioms a compiler needs (mv, li, neg, not, zero- and
 *   sign-extension).
 */
import {
  type EncodingSpec,
  enc,
  type FormDef,
  fixed,
  func,
  group,
  imm,
  label,
  type ParamDef,
  reg,
  sym,
} from '@lirc/asmquery';
import {
  bool,
  type CompareRow,
  compareForms,
  gpr,
  imm12,
  loadForms,
  OPCODE,
  RA,
  SP,
  storeForms,
  variant,
  X0,
} from './common.js';

const I = 'I';

/** Register-register ALU: mnemonic, action, funct7, funct3. */
const R_ALU: [string, string, number, number][] = [
  ['add', 'add', 0b0000000, 0b000],
  ['sub', 'sub', 0b0100000, 0b000],
  ['sll', 'shl', 0b0000000, 0b001],
  ['xor', 'xor', 0b0000000, 0b100],
  ['srl', 'shr_u', 0b0000000, 0b101],
  ['sra', 'shr_s', 0b0100000, 0b101],
  ['or', 'or', 0b0000000, 0b110],
  ['and', 'and', 0b0000000, 0b111],
];

const rAlu = R_ALU.map(
  ([mn, action, funct7, funct3]): FormDef => ({
    name: mn,
    extension: I,
    params: { rd: gpr, rs1: gpr, rs2: gpr },
    semantics: `%out = ${action}.32 %rs1, %rs2`,
    outputs: { out: 'rd' },
    encoding: enc('R', { opcode: OPCODE.OP, funct3, funct7, rd: 'rd', rs1: 'rs1', rs2: 'rs2' }),
    asm: `${mn} {rd}, {rs1}, {rs2}`,
  }),
);

/** Immediate ALU (12-bit signed immediate): mnemonic, action, funct3. */
const I_ALU: [string, string, number][] = [
  ['addi', 'add', 0b000],
  ['xori', 'xor', 0b100],
  ['ori', 'or', 0b110],
  ['andi', 'and', 0b111],
];

const iAlu = I_ALU.map(
  ([mn, action, funct3]): FormDef => ({
    name: mn,
    extension: I,
    params: { rd: gpr, rs1: gpr, imm: imm12 },
    semantics: `%out = ${action}.32 %rs1, %imm`,
    outputs: { out: 'rd' },
    encoding: enc('I', { opcode: OPCODE.OP_IMM, funct3, rd: 'rd', rs1: 'rs1', imm: 'imm' }),
    asm: `${mn} {rd}, {rs1}, {imm}`,
  }),
);

/** Immediate shifts (shamt 0–31): mnemonic, action, funct7, funct3. */
const SHIFT_IMM: [string, string, number, number][] = [
  ['slli', 'shl', 0b0000000, 0b001],
  ['srli', 'shr_u', 0b0000000, 0b101],
  ['srai', 'shr_s', 0b0100000, 0b101],
];

/** The encoding of a shift by a constant amount. */
function shiftBy(funct7: number, funct3: number, rd: string, rs1: string, shamt: string | number) {
  return enc('Ishift', { opcode: OPCODE.OP_IMM, funct3, funct7, rd, rs1, shamt });
}

const shiftImm = SHIFT_IMM.map(
  ([mn, action, funct7, funct3]): FormDef => ({
    name: mn,
    extension: I,
    params: { rd: gpr, rs1: gpr, shamt: imm(32, 5, { signed: false }) },
    semantics: `%out = ${action}.32 %rs1, %shamt`,
    outputs: { out: 'rd' },
    encoding: shiftBy(funct7, funct3, 'rd', 'rs1', 'shamt'),
    asm: `${mn} {rd}, {rs1}, {shamt}`,
  }),
);

/** An R-type OP encoding (rd, and two sources that are parameters or x0). */
function op(funct3: number, rs1: string | number, rs2: string | number, rd = 'rd') {
  return enc('R', { opcode: OPCODE.OP, funct7: 0, funct3, rd, rs1, rs2 });
}

/** `sub rd, rs1, rs2`. */
function sub(rs1: string | number, rs2: string | number) {
  return enc('R', { opcode: OPCODE.OP, funct7: 0b0100000, funct3: 0, rd: 'rd', rs1, rs2 });
}

/** An I-type OP-IMM encoding. */
function opImm(funct3: number, rs1: string | number, immediate: string | number, rd = 'rd') {
  return enc('I', { opcode: OPCODE.OP_IMM, funct3, rd, rs1, imm: immediate });
}

const SLT = 0b010;
const SLTU = 0b011;
const XORI = 0b100;
const ANDI = 0b111;
const two = { rs1: gpr, rs2: gpr };

/**
 * Comparisons into a gpr. Rows that need two instructions compute the
 * opposite comparison and flip it with `xori rd, rd, 1`, or compare the
 * difference with zero.
 */
const COMPARES: CompareRow[] = [
  // name, action, funct3, the two sources in order, flipped (the opposite comparison then xori 1)
  ...(
    [
      ['slt', 'lt_s', SLT, 'rs1', 'rs2', false],
      ['sltu', 'lt_u', SLTU, 'rs1', 'rs2', false],
      ['sgt', 'gt_s', SLT, 'rs2', 'rs1', false],
      ['sgtu', 'gt_u', SLTU, 'rs2', 'rs1', false],
      ['sge', 'ge_s', SLT, 'rs1', 'rs2', true],
      ['sgeu', 'ge_u', SLTU, 'rs1', 'rs2', true],
      ['sle', 'le_s', SLT, 'rs2', 'rs1', true],
      ['sleu', 'le_u', SLTU, 'rs2', 'rs1', true],
    ] as const
  ).map(([name, action, funct3, a, b, flipped]): CompareRow => {
    const compare = `${funct3 === SLT ? 'slt' : 'sltu'} {rd}, {${a}}, {${b}}`;
    return {
      name,
      extension: I,
      params: two,
      cond: `${action}.32 %rs1, %rs2`,
      ...(flipped
        ? {
            encoding: [op(funct3, a, b), opImm(XORI, 'rd', 1)],
            asm: `${compare}\nxori {rd}, {rd}, 1`,
            cost: 2,
          }
        : { encoding: op(funct3, a, b), asm: compare }),
    };
  }),
  ...(
    [
      ['slti', 'lt_s', SLT],
      ['sltiu', 'lt_u', SLTU],
    ] as const
  ).map(
    ([name, action, funct3]): CompareRow => ({
      name,
      extension: I,
      params: { rs1: gpr, imm: imm12 },
      cond: `${action}.32 %rs1, %imm`,
      encoding: opImm(funct3, 'rs1', 'imm'),
      asm: `${name} {rd}, {rs1}, {imm}`,
    }),
  ),
  {
    name: 'seqz',
    extension: I,
    params: { rs1: gpr },
    cond: 'eqz.32 %rs1',
    encoding: opImm(SLTU, 'rs1', 1),
    asm: 'sltiu {rd}, {rs1}, 1',
  },
  {
    name: 'snez',
    extension: I,
    params: { rs1: gpr },
    cond: 'ne.32 %rs1, 0',
    encoding: op(SLTU, X0, 'rs1'),
    asm: 'sltu {rd}, zero, {rs1}',
  },
  {
    name: 'sgtz',
    extension: I,
    params: { rs1: gpr },
    cond: 'gt_s.32 %rs1, 0',
    encoding: op(SLT, X0, 'rs1'),
    asm: 'slt {rd}, zero, {rs1}',
  },
  {
    name: 'seq',
    extension: I,
    params: two,
    cond: 'eq.32 %rs1, %rs2',
    encoding: [sub('rs1', 'rs2'), opImm(SLTU, 'rd', 1)],
    asm: 'sub {rd}, {rs1}, {rs2}\nsltiu {rd}, {rd}, 1',
    cost: 2,
  },
  {
    name: 'sne',
    extension: I,
    params: two,
    cond: 'ne.32 %rs1, %rs2',
    encoding: [sub('rs1', 'rs2'), op(SLTU, X0, 'rd')],
    asm: 'sub {rd}, {rs1}, {rs2}\nsltu {rd}, zero, {rd}',
    cost: 2,
  },
];

/** Integer loads: name, action, funct3, and the width of the value in rd. */
const LOADS: [string, string, number, number][] = [
  ['lb', 'load_s.32.8', 0b000, 32],
  ['lh', 'load_s.32.16', 0b001, 32],
  ['lw', 'load.32', 0b010, 32],
  ['lbu', 'load_u.32.8', 0b100, 32],
  ['lhu', 'load_u.32.16', 0b101, 32],
  // An 8- or 16-bit value in a gpr (its upper bits are then zero).
  ['lbu (load.8)', 'load.8', 0b100, 8],
  ['lhu (load.16)', 'load.16', 0b101, 16],
];

/** Integer stores: name, action, funct3, and the width of the value in rs2. */
const STORES: [string, string, number, number][] = [
  ['sb', 'store.32.8', 0b000, 32],
  ['sh', 'store.32.16', 0b001, 32],
  ['sw', 'store.32', 0b010, 32],
  // An 8- or 16-bit value in a gpr (only its low bits are stored).
  ['sb (store.8)', 'store.8', 0b000, 8],
  ['sh (store.16)', 'store.16', 0b001, 16],
];

const memory = [
  ...loadForms(
    LOADS.map(([name, action, funct3, width]) => ({
      name,
      extension: I,
      action,
      rd: reg('gpr', width),
      opcode: OPCODE.LOAD,
      funct3,
    })),
  ),
  ...storeForms(
    STORES.map(([name, action, funct3, width]) => ({
      name,
      extension: I,
      action,
      rs2: reg('gpr', width),
      opcode: OPCODE.STORE,
      funct3,
    })),
  ),
];

/** A 32-bit immediate whose low 12 bits are zero (lui/auipc print bits 31:12). */
const upper = imm(32, 32, { align: 4096 });

const upperImmediate: FormDef[] = (
  [
    ['lui', OPCODE.LUI, '%out = const.32 %imm'],
    ['auipc', OPCODE.AUIPC, '%out = rv_auipc.32 %imm'],
  ] as const
).map(([mn, opcode, semantics]) => ({
  name: mn,
  extension: I,
  params: { rd: gpr, imm: upper },
  semantics,
  outputs: { out: 'rd' },
  encoding: enc('U', { opcode, rd: 'rd', imm: 'imm' }),
  asm: `${mn} {rd}, {imm>>12}`,
}));

/** `auipc rd, hi; addi rd, rd, lo`: rd ← the address of `target` (a function or a label), pc-relative. */
function pcrelPair(target: string) {
  return [
    enc('Upcrel', { opcode: OPCODE.AUIPC, rd: 'rd', target }),
    enc('Ipcrel', {
      opcode: OPCODE.OP_IMM,
      funct3: 0,
      rd: 'rd',
      rs1: 'rd',
      target,
      auipcBefore: 4,
    }),
  ];
}

/**
 * func_addr: `lla rd, f`, the auipc + addi pair with %pcrel_hi(f) and %pcrel_lo (formats
 * Upcrel and Ipcrel give the immediates and the relocations; the addi is 4 bytes after the
 * auipc whose pc both halves are relative to).
 */
const functionAddress: FormDef = {
  name: 'lla',
  extension: I,
  params: { rd: gpr, f: func() },
  semantics: '%out = func_addr @f',
  outputs: { out: 'rd' },
  encoding: pcrelPair('f'),
  asm: 'auipc {rd}, {%pcrel_hi(f)}\naddi {rd}, {rd}, {%pcrel_lo(f)}',
  // An assembler's %pcrel_lo names the auipc (its label), not the function.
  assembler: '{@}: auipc {rd}, {%pcrel_hi(f)}\naddi {rd}, {rd}, %pcrel_lo({@})',
  cost: 2,
};

/**
 * label_addr: the same pair with a label of the function as target, resolved there (no
 * relocation; both immediates 0 until the label is placed). The immediates print as
 * numbers: the label's offset from the auipc split into hi20 (unsigned) and lo12 (signed).
 */
const labelAddress: FormDef = {
  name: 'lla (label)',
  extension: I,
  params: { rd: gpr, target: label(32) },
  semantics: '%out = label_addr ^target',
  outputs: { out: 'rd' },
  encoding: pcrelPair('target'),
  asm: 'auipc {rd}, {target:hi12}\naddi {rd}, {rd}, {target:lo12}',
  assembler: '{@}: auipc {rd}, %pcrel_hi({target})\naddi {rd}, {rd}, %pcrel_lo({@})',
  cost: 2,
};

/** stack_pointer: `mv rd, sp` (addi rd, sp, 0). */
const stackPointer: FormDef = {
  name: 'mv (stack_pointer)',
  extension: I,
  params: { rd: gpr },
  semantics: '%out = stack_pointer',
  outputs: { out: 'rd' },
  encoding: opImm(0, SP, 0),
  asm: 'addi {rd}, sp, 0',
};

const jumps: FormDef[] = [
  {
    name: 'j',
    extension: I,
    params: { target: label(21, { align: 2 }) },
    semantics: 'jump ^target',
    encoding: enc('J', { opcode: OPCODE.JAL, rd: X0, imm: 'target' }),
    asm: 'jal zero, {target}',
  },
  {
    name: 'call',
    extension: I,
    params: { callee: func() },
    semantics: 'call @callee',
    clobbers: ['ra'],
    encoding: enc('J', { opcode: OPCODE.JAL, rd: RA, imm: 'callee' }),
    asm: 'jal ra, {callee}',
  },
  {
    name: 'call_indirect',
    extension: I,
    params: { rs1: gpr },
    semantics: 'call_indirect %rs1',
    clobbers: ['ra'],
    encoding: enc('I', { opcode: OPCODE.JALR, funct3: 0, rd: RA, rs1: 'rs1', imm: 0 }),
    asm: 'jalr ra, 0({rs1})',
  },
  {
    name: 'ret',
    extension: I,
    params: { ra: fixed('ra', 32) },
    semantics: 'return',
    encoding: enc('I', { opcode: OPCODE.JALR, funct3: 0, rd: X0, rs1: 'ra', imm: 0 }),
    asm: 'jalr zero, 0({ra})',
  },
];

/** A source of a branch: a parameter, or x0. */
type Src = 'rs1' | 'rs2' | 'zero';

/** Branch instructions: funct3 and the branch that tests the opposite condition. */
const BRANCH_OPS = {
  beq: [0b000, 'bne'],
  bne: [0b001, 'beq'],
  blt: [0b100, 'bge'],
  bge: [0b101, 'blt'],
  bltu: [0b110, 'bgeu'],
  bgeu: [0b111, 'bltu'],
} as const;

/**
 * Conditional branches: name, the Low IR giving the 1-bit condition %c
 * (empty: the condition is the 1-bit register rs1 itself), the instruction,
 * what it compares (rs1, rs2 or x0, in encoding order), and the width of
 * the register operands (32, or 1 for a condition kept in a gpr).
 */
const BRANCHES: [string, string, keyof typeof BRANCH_OPS, Src, Src, (32 | 1)?][] = [
  ['beq', 'eq.32 %rs1, %rs2', 'beq', 'rs1', 'rs2'],
  ['bne', 'ne.32 %rs1, %rs2', 'bne', 'rs1', 'rs2'],
  ['blt', 'lt_s.32 %rs1, %rs2', 'blt', 'rs1', 'rs2'],
  ['bge', 'ge_s.32 %rs1, %rs2', 'bge', 'rs1', 'rs2'],
  ['bltu', 'lt_u.32 %rs1, %rs2', 'bltu', 'rs1', 'rs2'],
  ['bgeu', 'ge_u.32 %rs1, %rs2', 'bgeu', 'rs1', 'rs2'],
  // The same instructions with the operands swapped.
  ['bgt', 'gt_s.32 %rs1, %rs2', 'blt', 'rs2', 'rs1'],
  ['ble', 'le_s.32 %rs1, %rs2', 'bge', 'rs2', 'rs1'],
  ['bgtu', 'gt_u.32 %rs1, %rs2', 'bltu', 'rs2', 'rs1'],
  ['bleu', 'le_u.32 %rs1, %rs2', 'bgeu', 'rs2', 'rs1'],
  // Comparisons with zero, against x0.
  ['beqz', 'eqz.32 %rs1', 'beq', 'rs1', 'zero'],
  ['bnez', 'ne.32 %rs1, 0', 'bne', 'rs1', 'zero'],
  ['bltz', 'lt_s.32 %rs1, 0', 'blt', 'rs1', 'zero'],
  ['bgez', 'ge_s.32 %rs1, 0', 'bge', 'rs1', 'zero'],
  ['bgtz', 'gt_s.32 %rs1, 0', 'blt', 'zero', 'rs1'],
  ['blez', 'le_s.32 %rs1, 0', 'bge', 'zero', 'rs1'],
  // A 1-bit condition already in a gpr (0 or 1).
  ['bnez (bool)', '', 'bne', 'rs1', 'zero', 1],
  ['beqz (bool)', 'xor.1 %rs1, 1', 'beq', 'rs1', 'zero', 1],
];

const EBREAK = enc('I', { opcode: OPCODE.SYSTEM, funct3: 0, rd: X0, rs1: X0, imm: 1 });
const ECALL = enc('I', { opcode: OPCODE.SYSTEM, funct3: 0, rd: X0, rs1: X0, imm: 0 });

/**
 * Each branch row gives three forms: the branch (±4 KiB), '<row> (far)' (the
 * opposite branch over a `jal zero`, ±1 MiB), and '<row> (trap)' for
 * `trap_if` (the opposite branch over an `ebreak`).
 */
function branchForms([name, cond, base, a, b, width]: (typeof BRANCHES)[number]): FormDef[] {
  const [funct3, inverse] = BRANCH_OPS[base];
  const params: Record<string, ParamDef> = {};
  for (const s of [a, b]) if (s !== 'zero') params[s] = width === 1 ? bool : gpr;
  const field = (s: Src) => (s === 'zero' ? X0 : s);
  const text = (s: Src) => (s === 'zero' ? 'zero' : `{${s}}`);
  const condition = cond === '' ? '%rs1' : '%c';
  const setup = cond === '' ? '' : `%c = ${cond}\n`;
  const branch = (f3: number, offset: string | number): EncodingSpec =>
    enc('B', { opcode: OPCODE.BRANCH, funct3: f3, rs1: field(a), rs2: field(b), imm: offset });
  const skip = `${inverse} ${text(a)}, ${text(b)}, 8`;
  return [
    {
      name,
      extension: I,
      params: { ...params, target: label(13, { align: 2 }) },
      semantics: `${setup}br_if ${condition}, ^target`,
      encoding: branch(funct3, 'target'),
      asm: `${base} ${text(a)}, ${text(b)}, {target}`,
    },
    {
      name: variant(name, 'far'),
      extension: I,
      params: { ...params, target: label(21, { align: 2 }) },
      semantics: `${setup}br_if ${condition}, ^target`,
      encoding: [
        branch(BRANCH_OPS[inverse][0], 8),
        enc('J', { opcode: OPCODE.JAL, rd: X0, imm: 'target' }),
      ],
      asm: `${skip}\njal zero, {target}`,
      cost: 2,
    },
    {
      name: variant(name, 'trap'),
      extension: I,
      params: { ...params, kind: sym() },
      semantics: `${setup}trap_if ${condition}, kind`,
      encoding: [branch(BRANCH_OPS[inverse][0], 8), EBREAK],
      asm: `${skip}\nebreak`,
      cost: 2,
    },
  ];
}

const system: FormDef[] = [
  {
    name: 'ecall',
    extension: I,
    params: {},
    semantics: 'rv_ecall',
    // The environment returns its results in a0 and a1 (Linux, SBI).
    clobbers: ['a0', 'a1'],
    encoding: ECALL,
    asm: 'ecall',
  },
  {
    name: 'ebreak',
    extension: I,
    params: { kind: sym() },
    semantics: 'trap kind',
    encoding: EBREAK,
    asm: 'ebreak',
  },
];

/**
 * Linux system calls (the RISC-V Linux convention): the number in a7, the arguments in a0–a5,
 * the result in a0; ecall writes no other register.
 */
const SYSCALL_ARGS = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];

/** One form per number of arguments, 0 to 6. */
const syscalls = Array.from({ length: SYSCALL_ARGS.length + 1 }, (_, n): FormDef => {
  const args = SYSCALL_ARGS.slice(0, n).map((r, k): [string, ParamDef] => [
    `arg${k + 1}`,
    fixed(r, 32),
  ]);
  const operands = ['%nr', ...args.map(([name]) => `%${name}`)].join(', ');
  return {
    name: `ecall (syscall, ${n} arg${n === 1 ? '' : 's'})`,
    extension: I,
    params: { nr: fixed('a7', 32), ...Object.fromEntries(args) },
    semantics: `%out = syscall.32 ${operands}`,
    outputs: { out: 'a0' },
    encoding: ECALL,
    asm: 'ecall',
  };
});

/** `addi rd, rs1, 0` moves a value of any width a gpr holds: name, width. */
const MOVES: [string, number][] = [
  ['mv', 32],
  ['mv.16', 16],
  ['mv.8', 8],
  ['mv.1', 1],
];

/**
 * `addi rd, rs1, 0` also truncates: a narrower value is the low bits of the
 * register (forms that read an 8/16-bit value ignore the bits above it).
 * Result width, source width.
 */
const TRUNCATIONS: [number, number][] = [
  [8, 16],
  [8, 32],
  [16, 32],
];

/**
 * Zero- and sign-extension of the low 8 or 16 bits: of a 32-bit value
 * (`trunc` then `zext`/`sext`) or of an 8/16-bit value (whatever its upper
 * bits are). Zero-extending 8 bits is `andi 255`; the others shift left then
 * right (logical or arithmetic) by 32 - bits.
 */
const EXTENDS: [8 | 16, 'zext' | 'sext'][] = [
  [8, 'zext'],
  [16, 'zext'],
  [8, 'sext'],
  [16, 'sext'],
];

function extendForms([bits, kind]: (typeof EXTENDS)[number]): FormDef[] {
  const shift = 32 - bits;
  const [right, funct7] = kind === 'zext' ? ['srli', 0b0000000] : ['srai', 0b0100000];
  const byAndi = kind === 'zext' && bits === 8;
  const encoding = byAndi
    ? opImm(ANDI, 'rs1', 255)
    : [shiftBy(0, 0b001, 'rd', 'rs1', shift), shiftBy(funct7, 0b101, 'rd', 'rd', shift)];
  const asm = byAndi
    ? 'andi {rd}, {rs1}, 255'
    : `slli {rd}, {rs1}, ${shift}\n${right} {rd}, {rd}, ${shift}`;
  const cost = byAndi ? 1 : 2;
  return [
    {
      name: `${kind}.32.${bits} (from 32)`,
      extension: I,
      params: { rd: gpr, rs1: gpr },
      semantics: `%t = trunc.${bits}.32 %rs1\n%out = ${kind}.32.${bits} %t`,
      outputs: { out: 'rd' },
      encoding,
      asm,
      cost,
    },
    {
      name: `${kind}.32.${bits}`,
      extension: I,
      params: { rd: gpr, rs1: reg('gpr', bits) },
      semantics: `%out = ${kind}.32.${bits} %rs1`,
      outputs: { out: 'rd' },
      encoding,
      asm,
      cost,
    },
  ];
}

/** Idioms on x0 and the moves between widths of a gpr. */
const idioms: FormDef[] = [
  ...TRUNCATIONS.map(
    ([to, from]): FormDef => ({
      name: `mv (trunc.${to}.${from})`,
      extension: I,
      params: { rd: reg('gpr', to), rs1: reg('gpr', from) },
      semantics: `%out = trunc.${to}.${from} %rs1`,
      outputs: { out: 'rd' },
      encoding: opImm(0, 'rs1', 0),
      asm: 'addi {rd}, {rs1}, 0',
    }),
  ),
  ...MOVES.map(
    ([name, width]): FormDef => ({
      name,
      extension: I,
      params: { rd: reg('gpr', width), rs1: reg('gpr', width) },
      semantics: `%out = copy.${width} %rs1`,
      outputs: { out: 'rd' },
      encoding: opImm(0, 'rs1', 0),
      asm: 'addi {rd}, {rs1}, 0',
    }),
  ),
  {
    name: 'li',
    extension: I,
    params: { rd: gpr, imm: imm12 },
    semantics: '%out = const.32 %imm',
    outputs: { out: 'rd' },
    encoding: opImm(0, X0, 'imm'),
    asm: 'addi {rd}, zero, {imm}',
  },
  {
    name: 'li (bool)',
    extension: I,
    params: { rd: bool, imm: imm(1, 1, { signed: false }) },
    semantics: '%out = const.1 %imm',
    outputs: { out: 'rd' },
    encoding: opImm(0, X0, 'imm'),
    asm: 'addi {rd}, zero, {imm}',
  },
  {
    name: 'neg',
    extension: I,
    params: { rd: gpr, rs1: gpr },
    semantics: '%out = neg.32 %rs1',
    outputs: { out: 'rd' },
    encoding: sub(X0, 'rs1'),
    asm: 'sub {rd}, zero, {rs1}',
  },
  {
    name: 'not',
    extension: I,
    params: { rd: gpr, rs1: gpr },
    semantics: '%out = not.32 %rs1',
    outputs: { out: 'rd' },
    encoding: opImm(XORI, 'rs1', -1 & 0xfff),
    asm: 'xori {rd}, {rs1}, -1',
  },
  {
    name: 'zext.32.1',
    extension: I,
    params: { rd: gpr, rs1: bool },
    semantics: '%out = zext.32.1 %rs1',
    outputs: { out: 'rd' },
    encoding: opImm(0, 'rs1', 0),
    asm: 'addi {rd}, {rs1}, 0',
  },
  {
    name: 'trunc.1.32',
    extension: I,
    params: { rd: bool, rs1: gpr },
    semantics: '%out = trunc.1.32 %rs1',
    outputs: { out: 'rd' },
    encoding: opImm(ANDI, 'rs1', 1),
    asm: 'andi {rd}, {rs1}, 1',
  },
  ...EXTENDS.flatMap(extendForms),
];

export const BASE_FORMS: FormDef[] = group('forms/base.ts', [
  ...rAlu,
  ...iAlu,
  ...shiftImm,
  ...compareForms(COMPARES),
  ...memory,
  ...upperImmediate,
  functionAddress,
  labelAddress,
  stackPointer,
  ...jumps,
  ...BRANCHES.flatMap(branchForms),
  ...system,
  ...syscalls,
  ...idioms,
]);
