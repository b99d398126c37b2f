/**
 * Multiplication and division: imul with two and three operands, the
 * widening one-operand mul/imul (rdx:rax = rax × r/m), division as the
 * sequences `xor edx, edx` + `div` and `cwd/cdq/cqo` + `idiv` (the dividend
 * in rax, quotient to rax, remainder to rdx), and cwd/cdq/cqo alone.
 *
 * No 8-bit forms: 8-bit mul/div use ah, which is not modelled.
 *
 *   imul r, r/m          0F AF /r          mul  r/m    F7 /4      div  r/m   F7 /6
 *   imul r, r/m, imm8    6B /r ib          imul r/m    F7 /5      idiv r/m   F7 /7
 *   imul r, r/m, imm     69 /r iw/id       cwd/cdq/cqo 99 (66 / - / REX.W)
 */
import { enc, type FormDef, group, reg } from '@lirc/asmquery';
import { FLAGS, GPR_DIVISOR } from '../registers.js';
import {
  fixedAt,
  gprOperand,
  imm8,
  immWithImm8Form,
  join,
  load,
  MEMORY,
  type OperandSize,
  sem,
  sizeFields,
  sizes,
  snip,
  twoOperandForms,
} from './common.js';

const WIDE = sizes(16, 32, 64);

/** Sign extension of rax into rdx, by operand size. */
const CONVERT: Record<number, string> = { 16: 'cwd', 32: 'cdq', 64: 'cqo' };

/** imul r, r/m: the low half of the product. */
function imul2(s: OperandSize): FormDef[] {
  const opcode = { ...sizeFields(s), opcode: [0x0f, 0xaf] };
  return twoOperandForms({
    mnemonic: 'imul',
    extension: 'base',
    first: gprOperand(s),
    sem: (a, b) => snip(`%out = mul.${s.bits} ${a}, ${b}`),
    writes: true,
    clobbers: [FLAGS],
    shapes: { 'r, r': { fields: opcode, regHolds: 'first' }, 'r, m': { fields: opcode } },
  });
}

/** imul r, r/m, imm8 (6B) and imm16/32 (69, or 6B when the value fits). */
function imul3(s: OperandSize): FormDef[] {
  const w = s.bits;
  const size = sizeFields(s);
  const immediates = [
    { ...imm8(s), fields: { ...size, opcode: [0x6b] } },
    { ...immWithImm8Form(s), fields: { ...size, opcode: [0x69], opcodeImm8: [0x6b] } },
  ];
  return immediates.flatMap(({ param, bytes, name, fields }): FormDef[] => {
    const common = { extension: 'base', clobbers: [FLAGS] };
    const immFields = { ...fields, imm: 'imm', immBytes: bytes };
    return [
      {
        name: `imul r${w}, r${w}, ${name}`,
        ...common,
        params: { dst: s.gpr, src: s.gpr, imm: param },
        ...sem(snip(`%out = mul.${w} %src, %imm`, { out: 'dst' })),
        encoding: enc('rm', { ...immFields, reg: 'dst', rm: 'src' }),
        asm: 'imul {dst}, {src}, {imm}',
      },
      ...MEMORY.map(
        (m): FormDef => ({
          name: `imul r${w}, m${w} ${m.tag}, ${name}`,
          ...common,
          params: { dst: s.gpr, ...m.params, imm: param },
          ...sem(join(load(m, w, 'v'), snip(`%out = mul.${w} %v, %imm`, { out: 'dst' }))),
          encoding: enc('rm', { ...immFields, reg: 'dst', ...m.fields }),
          asm: `imul {dst}, ${s.ptr} ${m.text}, {imm}`,
        }),
      ),
    ];
  });
}

/**
 * One-operand widening multiplies: mnemonic, /digit, the Low IR action of
 * the high half.
 */
const WIDENING: [string, number, string][] = [
  ['mul', 4, 'mulh_u'],
  ['imul', 5, 'mulh_s'],
];

function widening([mn, digit, high]: (typeof WIDENING)[number]): FormDef[] {
  return WIDE.flatMap((s): FormDef[] => {
    const w = s.bits;
    const fields = { ...sizeFields(s), opcode: [0xf7], digit };
    const product = (b: string) =>
      snip([`%lo = mul.${w} %a, ${b}`, `%hi = ${high}.${w} %a, ${b}`], { lo: 'rax', hi: 'rdx' });
    // Slower than imul r, r/m and writes rdx too: a plain mul.W prefers imul r, r/m.
    const common = { extension: 'base', clobbers: [FLAGS], cost: 2 };
    return [
      {
        name: `${mn} r${w} (rdx:rax = rax * r${w})`,
        ...common,
        params: { a: fixedAt('rax', s), src: s.gpr },
        ...sem(product('%src')),
        encoding: enc('rm', { ...fields, rm: 'src' }),
        asm: `${mn} {src}`,
      },
      ...MEMORY.map(
        (m): FormDef => ({
          name: `${mn} m${w} ${m.tag} (rdx:rax = rax * m${w})`,
          ...common,
          params: { a: fixedAt('rax', s), ...m.params },
          ...sem(join(load(m, w, 'v'), product('%v'))),
          encoding: enc('rm', { ...fields, ...m.fields }),
          asm: `${mn} ${s.ptr} ${m.text}`,
        }),
      ),
    ];
  });
}

/**
 * Division: mnemonic, /digit, the Low IR actions of quotient and remainder,
 * how rdx is set from rax first (zeroed, or sign-extended), and the note.
 */
const DIVISION: [string, number, string, string, 'zero' | 'sign', string][] = [
  [
    'div',
    6,
    'div_u',
    'rem_u',
    'zero',
    'div raises #DE (SIGFPE) on a zero divisor, where Low IR traps int_divide_by_zero: LIRC checks the divisor first (core guards).',
  ],
  [
    'idiv',
    7,
    'div_s',
    'rem_s',
    'sign',
    'idiv raises #DE (SIGFPE) on a zero divisor and on INT_MIN / -1. Low IR traps on both for div_s (int_divide_by_zero, int_overflow), but rem_s of INT_MIN by -1 is 0 and a zero divisor traps int_divide_by_zero: LIRC checks the divisor first and divides by |b| for rem_s (core guards).',
  ],
];

/**
 * What a division form delivers: quotient and remainder, or one of them
 * (div_u/rem_u may trap, so a form cannot leave one unmatched: each gets its
 * own form, which clobbers the other register).
 */
const RESULTS: [string, 'q' | 'r' | 'qr', string[]][] = [
  ['', 'qr', []],
  [' (quotient)', 'q', ['rdx']],
  [' (remainder)', 'r', ['rax']],
];

function division([mn, digit, quotient, remainder, high, note]: (typeof DIVISION)[number]) {
  return WIDE.flatMap((s) =>
    RESULTS.map(([suffix, results, clobbers]): FormDef => {
      const w = s.bits;
      // xor edx, edx (31 /r with edx in both fields) zeroes all of rdx.
      const first =
        high === 'zero'
          ? { asm: 'xor edx, edx', encoding: enc('rm', { opcode: [0x31], reg: 2, rm: 2 }) }
          : { asm: CONVERT[w]!, encoding: enc('zo', { ...sizeFields(s), opcode: [0x99] }) };
      const lines = [
        ...(results.includes('q') ? [`%q = ${quotient}.${w} %lo, %src`] : []),
        ...(results.includes('r') ? [`%r = ${remainder}.${w} %lo, %src`] : []),
      ];
      const outputs = {
        ...(results.includes('q') ? { q: 'rax' } : {}),
        ...(results.includes('r') ? { r: 'rdx' } : {}),
      };
      return {
        name: `${first.asm} + ${mn} r${w}${suffix}`,
        extension: 'base',
        params: { lo: fixedAt('rax', s), src: reg(GPR_DIVISOR, w) },
        ...sem(snip(lines, outputs)),
        clobbers: [FLAGS, ...clobbers],
        encoding: [
          first.encoding,
          enc('rm', { ...sizeFields(s), opcode: [0xf7], digit, rm: 'src' }),
        ],
        asm: `${first.asm}\n${mn} {src}`,
        cost: 2,
        note,
      };
    }),
  );
}

/** cwd/cdq/cqo alone: rdx = the sign of rax, spread (`shr_s` by width - 1). */
const convertForms = WIDE.map(
  (s): FormDef => ({
    name: CONVERT[s.bits]!,
    extension: 'base',
    params: { a: fixedAt('rax', s) },
    ...sem(snip(`%hi = shr_s.${s.bits} %a, ${s.bits - 1}`, { hi: 'rdx' })),
    encoding: enc('zo', { ...sizeFields(s), opcode: [0x99] }),
    asm: CONVERT[s.bits]!,
  }),
);

export const MUL_DIV_FORMS: FormDef[] = group('forms/mul-div.ts', [
  ...WIDE.flatMap(imul2),
  ...WIDE.flatMap(imul3),
  ...WIDENING.flatMap(widening),
  ...DIVISION.flatMap(division),
  ...convertForms,
]);
