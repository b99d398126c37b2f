/**
 * Bit counting and scanning (16/32/64 bits, register or memory source):
 *
 *   bsf  0F BC /r      bsr   0F BD /r       (base; result undefined for 0: target actions)
 *   tzcnt F3 0F BC /r  lzcnt F3 0F BD /r    (BMI1, LZCNT: ctz, clz; W for 0)
 *   popcnt F3 0F B8 /r                      (POPCNT)
 *
 * Flags they define: bsf/bsr set ZF when the source is 0; lzcnt/tzcnt set
 * CF when the source is 0 and ZF when the result is 0; popcnt sets ZF when
 * the source is 0 and clears the others.
 */
import { type FormDef, group } from '@lirc/asmquery';
import { FLAGS } from '../registers.js';
import {
  gprOperand,
  join,
  type Snippet,
  sizeFields,
  sizes,
  snip,
  twoOperandForms,
} from './common.js';

const zero = (w: number, v: string, name: string, cc: string) =>
  snip(`%${name} = eqz.${w} ${v}`, { [name]: cc });

/** mnemonic, extension, mandatory prefix, opcode, semantics of `mnemonic dst, src` at width w. */
const BITS: [string, string, number[], number[], (w: number, src: string) => Snippet][] = [
  [
    'bsf',
    'base',
    [],
    [0x0f, 0xbc],
    (w, src) => join(snip(`%out = x86_bsf.${w} ${src}`), zero(w, src, 'zf', 'cc.e')),
  ],
  [
    'bsr',
    'base',
    [],
    [0x0f, 0xbd],
    (w, src) => join(snip(`%out = x86_bsr.${w} ${src}`), zero(w, src, 'zf', 'cc.e')),
  ],
  [
    'tzcnt',
    'bmi1',
    [0xf3],
    [0x0f, 0xbc],
    (w, src) => countFlags(w, snip(`%out = ctz.${w} ${src}`), src),
  ],
  [
    'lzcnt',
    'lzcnt',
    [0xf3],
    [0x0f, 0xbd],
    (w, src) => countFlags(w, snip(`%out = clz.${w} ${src}`), src),
  ],
  [
    'popcnt',
    'popcnt',
    [0xf3],
    [0x0f, 0xb8],
    (w, src) => join(snip(`%out = popcnt.${w} ${src}`), zero(w, src, 'zf', 'cc.e')),
  ],
];

/** lzcnt/tzcnt: CF = source is 0, ZF = result is 0. */
function countFlags(w: number, count: Snippet, src: string): Snippet {
  return join(count, zero(w, src, 'cf', 'cc.b'), zero(w, '%out', 'zf', 'cc.e'));
}

function bitForms([mn, extension, prefix, opcode, semantics]: (typeof BITS)[number]) {
  return sizes(16, 32, 64).flatMap((s) => {
    const fields = { ...sizeFields(s, prefix), opcode };
    return twoOperandForms({
      mnemonic: mn,
      extension,
      first: gprOperand(s),
      sem: (_dst, src) => semantics(s.bits, src),
      writes: true,
      clobbers: [FLAGS],
      ...(mn.startsWith('bs')
        ? { note: `The destination is undefined when the source is 0 (then ZF is set, cc.e).` }
        : {}),
      shapes: { 'r, r': { fields, regHolds: 'first' }, 'r, m': { fields } },
    });
  });
}

export const BIT_FORMS: FormDef[] = group('forms/bits.ts', BITS.flatMap(bitForms));
