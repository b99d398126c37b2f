/**
 * Data movement: mov between registers, memory and immediates at every
 * operand size, the zero- and sign-extending moves (movzx, movsx, movsxd,
 * and mov r32 for 32→64 zero extension), lea (also `lea r64, [rip + f]`
 * for func_addr and `lea r64, [rip + label]` for label_addr, pc-relative so
 * code stays position independent), push and pop, and `mov r64, rsp` for
 * stack_pointer.
 *
 * A write to a 32-bit register zeroes bits 63:32, so `mov r32, r/m32`
 * implements zext.64.32 and load_u.64.32, and `mov r32, imm32` const.64 of
 * an unsigned 32-bit value: those forms print their destination at 32 bits
 * while their result is a 64-bit value.
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
} from '@lirc/asmquery';
import { GPR, GPR_INDEX } from '../registers.js';
import {
  type IntWidth,
  MEMORY,
  memoryOperands,
  type OperandSize,
  plainImm,
  SIZES,
  sem,
  sizeFields,
  sizes,
  snip,
} from './common.js';

/** mov r, r / r, m / m, r / m, imm at one operand size (88/89, 8A/8B, C6/C7 /0). */
function movForms(s: OperandSize): FormDef[] {
  const w = s.bits;
  const size = sizeFields(s);
  const wide = w === 8 ? 0 : 1;
  const r = `r${w}`;
  const immediate = plainImm(s);
  return [
    {
      name: `mov ${r}, ${r}`,
      extension: 'base',
      params: { dst: s.gpr, src: s.gpr },
      ...sem(snip(`%out = copy.${w} %src`, { out: 'dst' })),
      encoding: enc('rm', { ...size, opcode: [0x88 + wide], reg: 'src', rm: 'dst' }),
      asm: 'mov {dst}, {src}',
    },
    ...MEMORY.flatMap((m): FormDef[] => [
      {
        name: `mov ${r}, m${w} ${m.tag}`,
        extension: 'base',
        params: { dst: s.gpr, ...m.params },
        ...sem(snip([...m.ea.lines, `%out = load.${w} ${m.ea.ref}`], { out: 'dst' })),
        encoding: enc('rm', { ...size, opcode: [0x8a + wide], reg: 'dst', ...m.fields }),
        asm: `mov {dst}, ${s.ptr} ${m.text}`,
      },
      {
        name: `mov m${w} ${m.tag}, ${r}`,
        extension: 'base',
        params: { ...m.params, src: s.gpr },
        ...sem(snip([...m.ea.lines, `store.${w} ${m.ea.ref}, %src`])),
        encoding: enc('rm', { ...size, opcode: [0x88 + wide], reg: 'src', ...m.fields }),
        asm: `mov ${s.ptr} ${m.text}, {src}`,
      },
      {
        name: `mov m${w} ${m.tag}, ${immediate.name}`,
        extension: 'base',
        params: { ...m.params, imm: immediate.param },
        ...sem(snip([...m.ea.lines, `store.${w} ${m.ea.ref}, %imm`])),
        encoding: enc('rm', {
          ...size,
          opcode: [0xc6 + wide],
          digit: 0,
          ...m.fields,
          imm: 'imm',
          immBytes: immediate.bytes,
        }),
        asm: `mov ${s.ptr} ${m.text}, {imm}`,
      },
    ]),
  ];
}

/**
 * Constants into a register: form name, result width, destination size (as
 * printed), the immediate, and the encoding: B0+r / B8+r with the register
 * in the opcode, or REX.W C7 /0 sign-extending an imm32 into r64.
 */
const CONSTANTS: [string, IntWidth, IntWidth, ParamDef, EncodingSpec][] = [
  [
    'mov r8, imm8',
    8,
    8,
    imm(8, 8),
    enc('o', { opcode: [0xb0], reg: 'dst', imm: 'imm', immBytes: 1 }),
  ],
  [
    'mov r16, imm16',
    16,
    16,
    imm(16, 16, { signed: false }),
    enc('o', { prefix: [0x66], opcode: [0xb8], reg: 'dst', imm: 'imm', immBytes: 2 }),
  ],
  [
    'mov r32, imm32',
    32,
    32,
    imm(32, 32, { signed: false }),
    enc('o', { opcode: [0xb8], reg: 'dst', imm: 'imm', immBytes: 4 }),
  ],
  [
    'mov r32, imm32 (zero-extended: const.64)',
    64,
    32,
    imm(64, 32, { signed: false }),
    enc('o', { opcode: [0xb8], reg: 'dst', imm: 'imm', immBytes: 4 }),
  ],
  [
    'mov r64, imm32 (sign-extended)',
    64,
    64,
    imm(64, 32),
    enc('rm', { w: 1, opcode: [0xc7], digit: 0, rm: 'dst', imm: 'imm', immBytes: 4 }),
  ],
  [
    'movabs r64, imm64',
    64,
    64,
    imm(64, 64),
    enc('o', { w: 1, opcode: [0xb8], reg: 'dst', imm: 'imm', immBytes: 8 }),
  ],
];

const constantForms = CONSTANTS.map(
  ([name, width, dst, immediate, encoding]): FormDef => ({
    name,
    extension: 'base',
    params: { dst: SIZES[dst].gpr, imm: immediate },
    ...sem(snip(`%out = const.${width} %imm`, { out: 'dst' })),
    encoding,
    asm: `${name.split(' ')[0]} {dst}, {imm}`,
  }),
);

/**
 * Extending moves: mnemonic, zero/sign, result width, destination size (as
 * printed), source width, encoding. Each gives a register form
 * (`zext.W.F` / `sext.W.F`) and memory forms (`load_u.W.F` / `load_s.W.F`).
 */
const EXTENDS: [
  string,
  'u' | 's',
  IntWidth,
  IntWidth,
  IntWidth,
  Record<string, number[] | number>,
][] = [
  ['movzx', 'u', 16, 16, 8, { opcode: [0x0f, 0xb6] }],
  ['movzx', 'u', 32, 32, 8, { opcode: [0x0f, 0xb6] }],
  ['movzx', 'u', 64, 64, 8, { opcode: [0x0f, 0xb6] }],
  ['movzx', 'u', 32, 32, 16, { opcode: [0x0f, 0xb7] }],
  ['movzx', 'u', 64, 64, 16, { opcode: [0x0f, 0xb7] }],
  ['mov', 'u', 64, 32, 32, { opcode: [0x8b] }],
  ['movsx', 's', 16, 16, 8, { opcode: [0x0f, 0xbe] }],
  ['movsx', 's', 32, 32, 8, { opcode: [0x0f, 0xbe] }],
  ['movsx', 's', 64, 64, 8, { opcode: [0x0f, 0xbe] }],
  ['movsx', 's', 32, 32, 16, { opcode: [0x0f, 0xbf] }],
  ['movsx', 's', 64, 64, 16, { opcode: [0x0f, 0xbf] }],
  ['movsxd', 's', 64, 64, 32, { opcode: [0x63] }],
];

function extendForms([mn, sign, to, dst, from, fields]: (typeof EXTENDS)[number]): FormDef[] {
  const d = SIZES[dst];
  const src = SIZES[from];
  const size = sizeFields(d);
  const [extend, loadExt] = sign === 'u' ? ['zext', 'load_u'] : ['sext', 'load_s'];
  const tag = dst === to ? '' : ` (${extend}.${to}.${from})`;
  // llvm-mc assembles `mov r32, r32` as 89 /r (MR), the memory form is 8B /r.
  const regFields =
    mn === 'mov'
      ? { ...size, opcode: [0x89], reg: 'src', rm: 'dst' }
      : { ...size, ...fields, reg: 'dst', rm: 'src' };
  return [
    {
      name: `${mn} r${dst}, r${from}${tag}`,
      extension: 'base',
      params: { dst: d.gpr, src: src.gpr },
      ...sem(snip(`%out = ${extend}.${to}.${from} %src`, { out: 'dst' })),
      encoding: enc('rm', regFields),
      asm: `${mn} {dst}, {src}`,
    },
    ...MEMORY.map(
      (m): FormDef => ({
        name: `${mn} r${dst}, m${from} ${m.tag}${tag}`,
        extension: 'base',
        params: { dst: d.gpr, ...m.params },
        ...sem(
          snip([...m.ea.lines, `%out = ${loadExt}.${to}.${from} ${m.ea.ref}`], { out: 'dst' }),
        ),
        encoding: enc('rm', { ...size, ...fields, reg: 'dst', ...m.fields }),
        asm: `${mn} {dst}, ${src.ptr} ${m.text}`,
      }),
    ),
  ];
}

/**
 * Truncation: a narrower value is the low bits of the register (the bits
 * above a value's width are ignored by every form that reads it), so
 * `trunc.F.W` is a plain `mov r32, r32` (89 /r), printed at 32 bits.
 */
const TRUNCATIONS: [IntWidth, IntWidth][] = [
  [8, 16],
  [8, 32],
  [8, 64],
  [16, 32],
  [16, 64],
  [32, 64],
];

const truncateForms = TRUNCATIONS.map(
  ([to, from]): FormDef => ({
    name: `mov r32, r32 (trunc.${to}.${from})`,
    extension: 'base',
    params: { dst: SIZES[32].gpr, src: SIZES[32].gpr },
    ...sem(snip(`%out = trunc.${to}.${from} %src`, { out: 'dst' })),
    encoding: enc('rm', { ...sizeFields(SIZES[32]), opcode: [0x89], reg: 'src', rm: 'dst' }),
    asm: 'mov {dst}, {src}',
  }),
);

/**
 * lea: the address arithmetic of a memory operand without touching memory
 * or flags, so an add whose flags nobody needs may use it. lea r32 uses
 * 32-bit address registers (67 prefix) to compute a 32-bit sum.
 */
const leaForms = ([64, 32] as const).flatMap((w) =>
  memoryOperands(w)
    .filter((m) => m.tag !== '[base]')
    .map((m): FormDef => {
      const address = m.address('out');
      return {
        name: `lea r${w}, ${m.tag}${w === 32 ? ' (addr32)' : ''}`,
        extension: 'base',
        params: { dst: reg(GPR, w), ...m.params },
        ...sem(snip(address.lines, { out: 'dst' })),
        encoding: enc('rm', {
          ...(w === 64 ? { w: 1 } : { prefix: [0x67] }),
          opcode: [0x8d],
          reg: 'dst',
          ...m.fields,
        }),
        asm: `lea {dst}, ${m.text}`,
        // The 67 prefix makes lea r32 a byte longer than the add it can replace.
        ...(w === 32 ? { cost: 1.1 } : {}),
      };
    }),
);

/**
 * func_addr: REX.W 8D /r with ModRM.rm = [rip + disp32], the displacement from the end of
 * the instruction to the function (an R_X86_64_PC32 relocation while its place is unknown).
 */
const funcAddress: FormDef = {
  name: 'lea r64, [rip + func]',
  extension: 'base',
  params: { dst: reg(GPR, 64), f: func() },
  ...sem(snip('%out = func_addr @f', { out: 'dst' })),
  encoding: enc('rm', { w: 1, opcode: [0x8d], reg: 'dst', rip: 'f' }),
  asm: 'lea {dst}, [rip{+f}]',
};

/**
 * label_addr: the same lea with the label's rel32 (from the end of the instruction) as the
 * disp32, resolved within the function (0 until the label is placed, then patched).
 */
const labelAddress: FormDef = {
  name: 'lea r64, [rip + label]',
  extension: 'base',
  params: { dst: reg(GPR, 64), target: label(32, { relativeTo: 'end' }) },
  ...sem(snip('%out = label_addr ^target', { out: 'dst' })),
  encoding: enc('rm', { w: 1, opcode: [0x8d], reg: 'dst', rip: 'target' }),
  asm: 'lea {dst}, [rip{+target}]',
};

const sp = fixed('rsp', 64);

/** stack_pointer: REX.W 89 /r with rsp (register 4) in ModRM.reg, as llvm-mc assembles `mov r64, rsp`. */
const stackPointer: FormDef = {
  name: 'mov r64, rsp',
  extension: 'base',
  params: { dst: reg(GPR, 64) },
  ...sem(snip('%out = stack_pointer', { out: 'dst' })),
  encoding: enc('rm', { w: 1, opcode: [0x89], reg: 4, rm: 'dst' }),
  asm: 'mov {dst}, rsp',
};

/** push/pop r64 (50+r, 58+r): rsp moves by 8. pop cannot target rsp itself here. */
const STACK: FormDef[] = [
  {
    name: 'push r64',
    extension: 'base',
    params: { src: reg(GPR, 64), sp },
    ...sem(snip(['%sp2 = sub.64 %sp, 8', 'store.64 %sp2, %src'], { sp2: 'rsp' })),
    encoding: enc('o', { opcode: [0x50], reg: 'src' }),
    asm: 'push {src}',
  },
  {
    name: 'pop r64',
    extension: 'base',
    params: { dst: reg(GPR_INDEX, 64), sp },
    ...sem(snip(['%out = load.64 %sp', '%sp2 = add.64 %sp, 8'], { out: 'dst', sp2: 'rsp' })),
    encoding: enc('o', { opcode: [0x58], reg: 'dst' }),
    asm: 'pop {dst}',
  },
];

export const MOV_FORMS: FormDef[] = group('forms/mov.ts', [
  ...sizes(8, 16, 32, 64).flatMap(movForms),
  ...constantForms,
  ...EXTENDS.flatMap(extendForms),
  ...truncateForms,
  ...leaForms,
  funcAddress,
  labelAddress,
  ...STACK,
  stackPointer,
]);
