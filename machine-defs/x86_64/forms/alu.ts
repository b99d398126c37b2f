/**
 * Integer ALU instructions: add, or, and, sub, xor, cmp (the classic
 * opcode block 00–3F), test, inc, dec, neg, not. Each row below is one
 * instruction; its forms over the operand sizes 8/16/32/64, the
 * register/memory/immediate shapes and the addressing modes come from the
 * iterators in common.ts.
 *
 * The six ALU instructions share one opcode layout (SDM vol. 2, table A-2),
 * with op = digit·8:
 *
 *   op+0 r/m8, r8   op+1 r/m, r   op+2 r8, r/m8   op+3 r, r/m   op+4 AL, imm8   op+5 eAX, imm
 *   80 /digit r/m8, imm8    81 /digit r/m, imm16/32    83 /digit r/m, imm8 (sign-extended)
 *
 * Flags: every form that writes RFLAGS clobbers the whole group and says,
 * as outputs, which conditions it decides (cc.e after `add` is the result
 * being zero, cc.l after `cmp a, b` is a < b signed, …).
 */
import { enc, type FormDef, group } from '@lirc/asmquery';
import { FLAGS } from '../registers.js';
import {
  addFlags,
  compareFlags,
  gprOperand,
  imm8,
  immWithImm8Form,
  join,
  load,
  MEMORY,
  type OperandSize,
  plainImm,
  resultFlags,
  SIZES,
  type Snippet,
  sem,
  signedZeroFlags,
  sizeFields,
  sizes,
  snip,
  twoOperandForms,
} from './common.js';

const ALL = sizes(8, 16, 32, 64);

/** `%out = <action>.W a, b` */
const op2 = (action: string, w: number, a: string, b: string) =>
  snip(`%out = ${action}.${w} ${a}, ${b}`);

/**
 * What the flags say after each kind of ALU result, besides ZF and SF of the
 * result: add gives carry and overflow; sub gives every comparison of its
 * operands (like cmp); logic operations clear CF and OF, so the signed
 * conditions compare the result with 0.
 */
const FLAGS_AFTER = {
  add: (w: number, a: string, b: string) => addFlags(w, a, b),
  sub: (w: number, a: string, b: string) => compareFlags(w, a, b),
  logic: (w: number) => signedZeroFlags(w, '%out'),
};

/** The ALU block: mnemonic (= the Low IR action), /digit (its opcode row), flags; cmp is sub without a result. */
const ALU: [string, number, keyof typeof FLAGS_AFTER | 'cmp'][] = [
  ['add', 0, 'add'],
  ['or', 1, 'logic'],
  ['and', 4, 'logic'],
  ['sub', 5, 'sub'],
  ['xor', 6, 'logic'],
  ['cmp', 7, 'cmp'],
];

function aluSemantics(
  mnemonic: string,
  kind: (typeof ALU)[number][2],
  w: number,
): (a: string, b: string) => Snippet {
  if (kind === 'cmp') return (a, b) => compareFlags(w, a, b);
  return (a, b) => join(op2(mnemonic, w, a, b), resultFlags(w, '%out'), FLAGS_AFTER[kind](w, a, b));
}

function aluForms([mnemonic, digit, kind]: (typeof ALU)[number]): FormDef[] {
  return ALL.flatMap((s) => {
    const size = sizeFields(s);
    const wide = s.bits === 8 ? 0 : 1;
    const op = digit * 8;
    const imm = immWithImm8Form(s);
    const withImm = {
      ...size,
      opcode: [0x80 + wide],
      digit,
      ...(s.bits === 8 ? {} : { opcodeImm8: [0x83] }),
    };
    return twoOperandForms({
      mnemonic,
      extension: 'base',
      first: gprOperand(s),
      sem: aluSemantics(mnemonic, kind, s.bits),
      writes: kind !== 'cmp',
      clobbers: [FLAGS],
      shapes: {
        'r, r': { fields: { ...size, opcode: [op + wide] }, regHolds: 'second' },
        'r, m': { fields: { ...size, opcode: [op + 2 + wide] } },
        'm, r': { fields: { ...size, opcode: [op + wide] } },
        'r, imm': { fields: { ...withImm, opcodeAcc: [op + 4 + wide] }, imm },
        'm, imm': { fields: withImm, imm },
        ...(s.bits === 8
          ? {}
          : {
              'r, imm8': { fields: { ...size, opcode: [0x83], digit }, imm: imm8(s) },
              'm, imm8': { fields: { ...size, opcode: [0x83], digit }, imm: imm8(s) },
            }),
      },
    });
  });
}

/** `test a, b`: and without a result (84/85 /r, A8/A9 acc, F6/F7 /0). */
function testForms(s: OperandSize): FormDef[] {
  const size = sizeFields(s);
  const wide = s.bits === 8 ? 0 : 1;
  const w = s.bits;
  const flags = (a: string, b: string) =>
    join(snip(`%t = and.${w} ${a}, ${b}`), resultFlags(w, '%t'), signedZeroFlags(w, '%t'));
  return [
    ...twoOperandForms({
      mnemonic: 'test',
      extension: 'base',
      first: gprOperand(s),
      sem: flags,
      writes: false,
      clobbers: [FLAGS],
      shapes: {
        'r, r': { fields: { ...size, opcode: [0x84 + wide] }, regHolds: 'second' },
        'm, r': { fields: { ...size, opcode: [0x84 + wide] } },
        'r, imm': {
          fields: { ...size, opcode: [0xf6 + wide], digit: 0, opcodeAcc: [0xa8 + wide] },
          imm: plainImm(s),
        },
        'm, imm': { fields: { ...size, opcode: [0xf6 + wide], digit: 0 }, imm: plainImm(s) },
      },
    }),
    {
      // test r, r with the same register: the compiler's compare with zero.
      name: `test r${w}, r${w} (same register)`,
      extension: 'base',
      params: { a: s.gpr },
      ...sem(join(resultFlags(w, '%a'), signedZeroFlags(w, '%a'))),
      clobbers: [FLAGS],
      encoding: enc('rm', { ...size, opcode: [0x84 + wide], reg: 'a', rm: 'a' }),
      asm: 'test {a}, {a}',
    },
  ];
}

/**
 * One-operand instructions: the result `%out` from `v` at width w and the
 * flags it decides. inc/dec keep CF (the 'flags' clobber is the
 * conservative statement); not changes no flag.
 */
const ONE_OPERAND: Record<string, (w: number, v: string) => Snippet> = {
  inc: (w, v) =>
    join(op2('add', w, v, '1'), resultFlags(w, '%out'), overflow('add_overflow', w, v, '1')),
  dec: (w, v) =>
    join(op2('sub', w, v, '1'), resultFlags(w, '%out'), overflow('sub_overflow', w, v, '1')),
  not: (w, v) => snip(`%out = not.${w} ${v}`),
  neg: (w, v) =>
    join(
      snip(`%out = neg.${w} ${v}`),
      resultFlags(w, '%out'),
      snip(`%cf = ne.${w} ${v}, 0`, { cf: 'cc.b' }),
      overflow('sub_overflow', w, '0', v),
    ),
};

function overflow(action: string, w: number, a: string, b: string): Snippet {
  return snip(`%of = ${action}.${w} ${a}, ${b}`, { of: 'cc.o' });
}

/** mnemonic, opcode for 8 bits (+1 for the others), /digit (FE/FF and F6/F7 groups). */
const UNARY: [string, number, number][] = [
  ['inc', 0xfe, 0],
  ['dec', 0xfe, 1],
  ['not', 0xf6, 2],
  ['neg', 0xf6, 3],
];

function unaryForms([mnemonic, opcode8, digit]: (typeof UNARY)[number]) {
  const semantics = ONE_OPERAND[mnemonic]!;
  const setsFlags = mnemonic !== 'not';
  return ALL.flatMap((s): FormDef[] => {
    const fields = { ...sizeFields(s), opcode: [opcode8 + (s.bits === 8 ? 0 : 1)], digit };
    const common = { extension: 'base', ...(setsFlags ? { clobbers: [FLAGS] } : {}) };
    return [
      {
        name: `${mnemonic} r${s.bits}`,
        ...common,
        params: { dst: s.gpr },
        ...sem(join(semantics(s.bits, '%dst'), snip([], { out: 'dst' }))),
        encoding: enc('rm', { ...fields, rm: 'dst' }),
        asm: `${mnemonic} {dst}`,
      },
      ...MEMORY.map(
        (m): FormDef => ({
          name: `${mnemonic} m${s.bits} ${m.tag}`,
          ...common,
          params: { ...m.params },
          ...sem(
            join(
              load(m, s.bits, 'v'),
              semantics(s.bits, '%v'),
              snip(`store.${s.bits} ${m.ea.ref}, %out`),
            ),
          ),
          encoding: enc('rm', { ...fields, ...m.fields }),
          asm: `${mnemonic} ${s.ptr} ${m.text}`,
        }),
      ),
    ];
  });
}

/** `xor r32, r32` with the same register: the zero idiom (also zeroes the upper half of r64). */
const ZERO_IDIOM: FormDef[] = [32, 64].map((w) => ({
  name: `xor r32, r32 (zero, const.${w})`,
  extension: 'base',
  params: { dst: SIZES[32].gpr },
  ...sem(snip(`%out = const.${w} 0`, { out: 'dst' })),
  clobbers: [FLAGS],
  encoding: enc('rm', { opcode: [0x31], reg: 'dst', rm: 'dst' }),
  asm: 'xor {dst}, {dst}',
}));

export const ALU_FORMS: FormDef[] = group('forms/alu.ts', [
  ...ALU.flatMap(aluForms),
  ...ALL.flatMap(testForms),
  ...UNARY.flatMap(unaryForms),
  ...ZERO_IDIOM,
]);
