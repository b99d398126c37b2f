/**
 * Scalar floating point in SSE registers: f32 (the ss forms, prefix F3) and
 * f64 (sd, prefix F2) in the low lane of xmm0–xmm15. Assumes MXCSR as the
 * ABI leaves it: round to nearest even, exceptions masked, no FTZ/DAZ.
 *
 *   movss/movsd xmm, xmm/m    F3/F2 0F 10 /r     store: F3/F2 0F 11 /r    movaps xmm, xmm 0F 28 /r
 *   addss 58  mulss 59  subss 5C  minss 5D  divss 5E  maxss 5F  sqrtss 51   (F3/F2 0F op /r)
 *   ucomiss xmm, xmm          0F 2E /r (66 for sd)
 *   cvtsi2ss/sd xmm, r/m      F3/F2 (REX.W) 0F 2A /r      cvttss2si/sd2si r, xmm/m  F3/F2 (REX.W) 0F 2C /r
 *   cvtss2sd / cvtsd2ss       F3 / F2 0F 5A /r
 *   andps 54  andnps 55  orps 56  xorps 57   (0F op /r; 66 for pd)
 *   movd/movq xmm, r          66 (REX.W) 0F 6E /r         movd/movq r, xmm  66 (REX.W) 0F 7E /r
 *   roundss/roundsd           66 0F 3A 0A/0B /r ib        (SSE4.1)
 *
 * NaNs: x86 propagates an input NaN (quieted) where the interpreter returns
 * the canonical NaN; Low IR allows compiled code any NaN, so the standard
 * actions hold. minss/maxss are not fmin/fmax (see actions.ts).
 */
import { enc, type FormDef, group } from '@lirc/asmquery';
import { FLAGS } from '../registers.js';
import {
  gprOperand,
  join,
  load,
  MEMORY,
  type RegOperand,
  SIZES,
  type Snippet,
  sem,
  sizes,
  snip,
  twoOperandForms,
  xmmOperand,
} from './common.js';

/** A scalar float type: its width, mnemonic suffix, mandatory prefix, extension and packed twin. */
interface Scalar {
  readonly bits: 32 | 64;
  readonly ss: 'ss' | 'sd';
  readonly prefix: number;
  readonly extension: string;
  /** Suffix of the packed logic instructions used on it: ps, or pd (with 66). */
  readonly ps: 'ps' | 'pd';
}

const SCALARS: Scalar[] = [
  { bits: 32, ss: 'ss', prefix: 0xf3, extension: 'sse', ps: 'ps' },
  { bits: 64, ss: 'sd', prefix: 0xf2, extension: 'sse2', ps: 'pd' },
];

/** The 66 prefix of the double-precision ucomisd, andpd, … */
function packed(f: Scalar): { prefix?: number[] } {
  return f.bits === 64 ? { prefix: [0x66] } : {};
}

/**
 * xmm ← op(xmm, xmm/m) and xmm ← op(xmm/m): mnemonic stem, opcode byte,
 * semantics of `stem dst, src` at width w.
 */
const ARITH: [string, number, (w: number, dst: string, src: string) => Snippet][] = [
  ['add', 0x58, (w, d, s) => snip(`%out = fadd.${w} ${d}, ${s}`)],
  ['mul', 0x59, (w, d, s) => snip(`%out = fmul.${w} ${d}, ${s}`)],
  ['sub', 0x5c, (w, d, s) => snip(`%out = fsub.${w} ${d}, ${s}`)],
  ['min', 0x5d, (w, d, s) => snip(`%out = x86_min.${w} ${d}, ${s}`)],
  ['div', 0x5e, (w, d, s) => snip(`%out = fdiv.${w} ${d}, ${s}`)],
  ['max', 0x5f, (w, d, s) => snip(`%out = x86_max.${w} ${d}, ${s}`)],
  ['sqrt', 0x51, (w, _d, s) => snip(`%out = fsqrt.${w} ${s}`)],
];

const arithmetic = SCALARS.flatMap((f) =>
  ARITH.flatMap(([stem, opcode, semantics]) => {
    const fields = { prefix: [f.prefix], opcode: [0x0f, opcode] };
    return twoOperandForms({
      mnemonic: `${stem}${f.ss}`,
      extension: f.extension,
      first: xmmOperand(f.bits),
      sem: (a, b) => semantics(f.bits, a, b),
      writes: true,
      shapes: { 'r, r': { fields, regHolds: 'first' }, 'r, m': { fields } },
    });
  }),
);

/** movss/movsd: register copy, load and store. */
const moves = SCALARS.flatMap((f): FormDef[] => {
  const w = f.bits;
  const xmm = xmmOperand(w).param;
  const mn = `mov${f.ss}`;
  const fields = (opcode: number) => ({ prefix: [f.prefix], opcode: [0x0f, opcode] });
  const ptr = SIZES[w].ptr;
  return [
    {
      name: `${mn} xmm, xmm`,
      extension: f.extension,
      params: { dst: xmm, src: xmm },
      ...sem(snip(`%out = copy.${w} %src`, { out: 'dst' })),
      encoding: enc('rm', { ...fields(0x10), reg: 'dst', rm: 'src' }),
      asm: `${mn} {dst}, {src}`,
    },
    {
      // Copies all 128 bits: no dependency on the old destination.
      name: `movaps xmm, xmm (copy.${w})`,
      extension: 'sse',
      params: { dst: xmm, src: xmm },
      ...sem(snip(`%out = copy.${w} %src`, { out: 'dst' })),
      encoding: enc('rm', { opcode: [0x0f, 0x28], reg: 'dst', rm: 'src' }),
      asm: 'movaps {dst}, {src}',
    },
    ...MEMORY.flatMap((m): FormDef[] => [
      {
        name: `${mn} xmm, m${w} ${m.tag}`,
        extension: f.extension,
        params: { dst: xmm, ...m.params },
        ...sem(snip([...m.ea.lines, `%out = load.${w} ${m.ea.ref}`], { out: 'dst' })),
        encoding: enc('rm', { ...fields(0x10), reg: 'dst', ...m.fields }),
        asm: `${mn} {dst}, ${ptr} ${m.text}`,
      },
      {
        name: `${mn} m${w} ${m.tag}, xmm`,
        extension: f.extension,
        params: { ...m.params, src: xmm },
        ...sem(snip([...m.ea.lines, `store.${w} ${m.ea.ref}, %src`])),
        encoding: enc('rm', { ...fields(0x11), reg: 'src', ...m.fields }),
        asm: `${mn} ${ptr} ${m.text}, {src}`,
      },
    ]),
  ];
});

/**
 * ucomiss a, b sets ZF, PF, CF = 111 (unordered), 000 (a > b), 001 (a < b),
 * 100 (equal): cc.p is "unordered", cc.a is a > b, cc.ae is a ≥ b (both
 * false on NaN). a < b and a ≤ b come from the swapped operands. Equality
 * needs two flags (ZF and not PF) and is not a single condition.
 */
function ucomiFlags(w: number, x: string, y: string, swapped: boolean): Snippet {
  // `ucomiss x, y` decides x > y (cc.a) and x ≥ y (cc.ae); swapped, the same flags say y < x, y ≤ x.
  const [l, r, above, aboveOrEqual] = swapped ? [y, x, 'flt', 'fle'] : [x, y, 'fgt', 'fge'];
  return snip(
    [
      `%uno = funo.${w} ${l}, ${r}`,
      `%${above} = ${above}.${w} ${l}, ${r}`,
      `%${aboveOrEqual} = ${aboveOrEqual}.${w} ${l}, ${r}`,
    ],
    { uno: 'cc.p', [above]: 'cc.a', [aboveOrEqual]: 'cc.ae' },
  );
}

const compares = SCALARS.flatMap((f) =>
  [false, true].flatMap((swapped): FormDef[] => {
    const w = f.bits;
    const xmm = xmmOperand(w).param;
    const mn = `ucomi${f.ss}`;
    const suffix = swapped ? ' (swapped: flt, fle)' : '';
    const common = { extension: f.extension, clobbers: [FLAGS] };
    const fields = { ...packed(f), opcode: [0x0f, 0x2e] };
    // Register forms: the window's %a, %b are ModRM.reg, ModRM.rm (or the other way round).
    const [x, y] = swapped ? ['b', 'a'] : ['a', 'b'];
    return [
      {
        name: `${mn} xmm, xmm${suffix}`,
        ...common,
        params: { a: xmm, b: xmm },
        ...sem(ucomiFlags(w, `%${x}`, `%${y}`, swapped)),
        encoding: enc('rm', { ...fields, reg: x, rm: y }),
        asm: `${mn} {${x}}, {${y}}`,
      },
      ...MEMORY.map(
        (m): FormDef => ({
          name: `${mn} xmm, m${w} ${m.tag}${suffix}`,
          ...common,
          params: { a: xmm, ...m.params },
          ...sem(join(load(m, w, 'v'), ucomiFlags(w, '%a', '%v', swapped))),
          encoding: enc('rm', { ...fields, reg: 'a', ...m.fields }),
          asm: `${mn} {a}, ${SIZES[w].ptr} ${m.text}`,
        }),
      ),
    ];
  }),
);

const [xmm32, xmm64, r32, r64] = [
  xmmOperand(32),
  xmmOperand(64),
  gprOperand(SIZES[32]),
  gprOperand(SIZES[64]),
];

/**
 * Conversions: mnemonic, destination, source, Low IR action, mandatory
 * prefix, REX.W (64-bit integer operand), opcode byte, extension.
 */
const TRUNCATE_NOTE =
  'x86 returns INT_MIN (the "integer indefinite" value) for NaN and out-of-range inputs, where Low IR ftoi_s traps (invalid_conversion, int_overflow): producers guard the input.';

const conversions: [string, RegOperand, RegOperand, string, number, 0 | 1, number, string][] = [
  ['cvtsi2ss', xmm32, r32, 'itof_s.32.32', 0xf3, 0, 0x2a, 'sse'],
  ['cvtsi2ss', xmm32, r64, 'itof_s.32.64', 0xf3, 1, 0x2a, 'sse'],
  ['cvtsi2sd', xmm64, r32, 'itof_s.64.32', 0xf2, 0, 0x2a, 'sse2'],
  ['cvtsi2sd', xmm64, r64, 'itof_s.64.64', 0xf2, 1, 0x2a, 'sse2'],
  ['cvttss2si', r32, xmm32, 'ftoi_s.32.32', 0xf3, 0, 0x2c, 'sse'],
  ['cvttss2si', r64, xmm32, 'ftoi_s.64.32', 0xf3, 1, 0x2c, 'sse'],
  ['cvttsd2si', r32, xmm64, 'ftoi_s.32.64', 0xf2, 0, 0x2c, 'sse2'],
  ['cvttsd2si', r64, xmm64, 'ftoi_s.64.64', 0xf2, 1, 0x2c, 'sse2'],
  ['cvtss2sd', xmm64, xmm32, 'fpromote.64.32', 0xf3, 0, 0x5a, 'sse2'],
  ['cvtsd2ss', xmm32, xmm64, 'fdemote.32.64', 0xf2, 0, 0x5a, 'sse2'],
];

const converts = conversions.flatMap(
  ([mnemonic, first, second, action, prefix, w, opcode, extension]) => {
    const fields = { prefix: [prefix], ...(w ? { w: 1 } : {}), opcode: [0x0f, opcode] };
    return twoOperandForms({
      mnemonic,
      extension,
      first,
      second,
      sem: (_dst, src) => snip(`%out = ${action} ${src}`),
      writes: true,
      ...(action.startsWith('ftoi') ? { note: TRUNCATE_NOTE } : {}),
      shapes: { 'r, r': { fields, regHolds: 'first' }, 'r, m': { fields } },
    });
  },
);

/**
 * Bitwise logic on the low lane. Low IR is untyped: and.32 of two f32 bit
 * patterns is what andps does to their lane (fabs, fneg and copysign are
 * built from these with a constant mask).
 */
const LOGIC: [string, number, (w: number) => Snippet][] = [
  ['and', 0x54, (w) => snip(`%out = and.${w} %dst, %src`)],
  ['andn', 0x55, (w) => snip([`%n = not.${w} %dst`, `%out = and.${w} %n, %src`])],
  ['or', 0x56, (w) => snip(`%out = or.${w} %dst, %src`)],
  ['xor', 0x57, (w) => snip(`%out = xor.${w} %dst, %src`)],
];

const logic = SCALARS.flatMap((f): FormDef[] => {
  const w = f.bits;
  const xmm = xmmOperand(w).param;
  return [
    ...LOGIC.map(
      ([stem, opcode, semantics]): FormDef => ({
        name: `${stem}${f.ps} xmm, xmm (${w}-bit lane)`,
        extension: 'sse2',
        params: { dst: xmm, src: xmm },
        ...sem({ ...semantics(w), outputs: { out: 'dst' } }),
        encoding: enc('rm', { ...packed(f), opcode: [0x0f, opcode], reg: 'dst', rm: 'src' }),
        asm: `${stem}${f.ps} {dst}, {src}`,
      }),
    ),
    {
      name: `xorps xmm, xmm (zero, const.${w})`,
      extension: 'sse',
      params: { dst: xmm },
      ...sem(snip(`%out = const.${w} 0`, { out: 'dst' })),
      encoding: enc('rm', { opcode: [0x0f, 0x57], reg: 'dst', rm: 'dst' }),
      asm: 'xorps {dst}, {dst}',
    },
  ];
});

/** movd/movq between a general-purpose and an xmm register: reinterpret. */
const transfers = sizes(32, 64).flatMap((s): FormDef[] => {
  const w = s.bits;
  const mn = w === 32 ? 'movd' : 'movq';
  const base = { prefix: [0x66], ...(w === 64 ? { w: 1 } : {}) };
  const xmm = xmmOperand(w as 32 | 64).param;
  return [
    {
      name: `${mn} xmm, r${w}`,
      extension: 'sse2',
      params: { dst: xmm, src: s.gpr },
      ...sem(snip(`%out = reinterpret.${w} %src`, { out: 'dst' })),
      encoding: enc('rm', { ...base, opcode: [0x0f, 0x6e], reg: 'dst', rm: 'src' }),
      asm: `${mn} {dst}, {src}`,
    },
    {
      name: `${mn} r${w}, xmm`,
      extension: 'sse2',
      params: { dst: s.gpr, src: xmm },
      ...sem(snip(`%out = reinterpret.${w} %src`, { out: 'dst' })),
      encoding: enc('rm', { ...base, opcode: [0x0f, 0x7e], reg: 'src', rm: 'dst' }),
      asm: `${mn} {dst}, {src}`,
    },
  ];
});

/**
 * roundss/roundsd with the rounding mode in the immediate: bits 1:0 the
 * mode (00 nearest even, 01 down, 10 up, 11 toward zero), bit 2 clear (use
 * the immediate, not MXCSR), bit 3 set (no precision exception).
 */
const ROUNDING: [string, string, number][] = [
  ['nearest', 'fnearest', 0b1000],
  ['floor', 'ffloor', 0b1001],
  ['ceil', 'fceil', 0b1010],
  ['trunc', 'ftrunc', 0b1011],
];

const rounding = SCALARS.flatMap((f) =>
  ROUNDING.map(([mode, action, immediate]): FormDef => {
    const xmm = xmmOperand(f.bits).param;
    const mn = `round${f.ss}`;
    return {
      name: `${mn} xmm, xmm, ${immediate} (${mode})`,
      extension: 'sse4.1',
      params: { dst: xmm, src: xmm },
      ...sem(snip(`%out = ${action}.${f.bits} %src`, { out: 'dst' })),
      encoding: enc('rm', {
        prefix: [0x66],
        opcode: [0x0f, 0x3a, f.bits === 32 ? 0x0a : 0x0b],
        reg: 'dst',
        rm: 'src',
        imm: immediate,
        immBytes: 1,
      }),
      asm: `${mn} {dst}, {src}, ${immediate}`,
    };
  }),
);

export const SSE_FORMS: FormDef[] = group('forms/sse.ts', [
  ...moves,
  ...arithmetic,
  ...compares,
  ...converts,
  ...logic,
  ...transfers,
  ...rounding,
]);
