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

/** The ALU block: mnemonic, /digit (opcode row), semantics of `mnemonic a, b` at width w. */
const ALU: [string, number, (w: number, a: string, b: string) => Snippet][] = [
  ['add', 0, (w, a, b) => join(op2('add', w, a, b), resultFlags(w, '%out'), addFlags(w, a, b))],
  [
    'or',
    1,
    (w, a, b) => join(op2('or', w, a, b), resultFlags(w, '%out'), signedZeroFlags(w, '%out')),
  ],
  [
    'and',
    4,
    (w, a, b) => join(op2('and', w, a, b), resultFlags(w, '%out'), signedZeroFlags(w, '%out')),
  ],
  ['sub', 5, (w, a, b) => join(op2('sub', w, a, b), resultFlags(w, '%out'), compareFlags(w, a, b))],
  [
    'xor',
    6,
    (w, a, b) => join(op2('xor', w, a, b), resultFlags(w, '%out'), signedZeroFlags(w, '%out')),
  ],
  ['cmp', 7, (w, a, b) => compareFlags(w, a, b)],
];

function aluForms([mnemonic, digit, semantics]: (typeof ALU)[number]): FormDef[] {
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
      sem: (a, b) => semantics(s.bits, a, b),
      writes: mnemonic !== 'cmp',
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
              'r, imm8': { fields: { ...size, opcode: [0x83], digit }, imm: imm8Of(s) },
              'm, imm8': { fields: { ...size, opcode: [0x83], digit }, imm: imm8Of(s) },
            }),
      },
    });
  });
}

function imm8Of(s: OperandSize) {
  return { param: imm8(s), bytes: 1, name: 'imm8' };
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
 * One-operand read-modify-write instructions (F6/F7, FE/FF /digit):
 * mnemonic, opcode for 8 bits (+1 for the others), /digit, semantics of
 * `%out` from `v` at width w. inc/dec keep CF (the 'flags' clobber is the
 * conservative statement); not changes no flag.
 */
const UNARY: [string, number, number, (w: number, v: string) => Snippet, boolean][] = [
  [
    'inc',
    0xfe,
    0,
    (w, v) => join(op2('add', w, v, '1'), resultFlags(w, '%out'), ovf('add', w, v)),
    true,
  ],
  [
    'dec',
    0xfe,
    1,
    (w, v) => join(op2('sub', w, v, '1'), resultFlags(w, '%out'), ovf('sub', w, v)),
    true,
  ],
  [
    'neg',
    0xf6,
    3,
    (w, v) =>
      join(
        snip(`%out = neg.${w} ${v}`),
        resultFlags(w, '%out'),
        snip([`%cf = ne.${w} ${v}, 0`, `%of = sub_overflow.${w} 0, ${v}`], {
          cf: 'cc.b',
          of: 'cc.o',
        }),
      ),
    true,
  ],
  ['not', 0xf6, 2, (w, v) => snip(`%out = not.${w} ${v}`), false],
];

function ovf(action: 'add' | 'sub', w: number, v: string): Snippet {
  return snip(`%of = ${action}_overflow.${w} ${v}, 1`, { of: 'cc.o' });
}

function unaryForms([mnemonic, opcode8, digit, semantics, setsFlags]: (typeof UNARY)[number]) {
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
              snip([...m.ea.lines, `%v = load.${s.bits} ${m.ea.ref}`]),
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
