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

/** A flag a bit count decides: its condition is "the source is 0" or "the result is 0". */
type ZeroTest = [cc: string, of: 'src' | 'out'];
const ZF_SOURCE: ZeroTest[] = [['cc.e', 'src']];
const CF_SOURCE_ZF_RESULT: ZeroTest[] = [
  ['cc.b', 'src'],
  ['cc.e', 'out'],
];

/** mnemonic, extension, mandatory prefix, opcode, Low IR action, flags. */
const BITS: [string, string, number[], number[], string, ZeroTest[]][] = [
  ['bsf', 'base', [], [0x0f, 0xbc], 'x86_bsf', ZF_SOURCE],
  ['bsr', 'base', [], [0x0f, 0xbd], 'x86_bsr', ZF_SOURCE],
  ['tzcnt', 'bmi1', [0xf3], [0x0f, 0xbc], 'ctz', CF_SOURCE_ZF_RESULT],
  ['lzcnt', 'lzcnt', [0xf3], [0x0f, 0xbd], 'clz', CF_SOURCE_ZF_RESULT],
  ['popcnt', 'popcnt', [0xf3], [0x0f, 0xb8], 'popcnt', ZF_SOURCE],
];

function semantics(action: string, flags: ZeroTest[], w: number, src: string): Snippet {
  return join(
    snip(`%out = ${action}.${w} ${src}`),
    ...flags.map(([cc, of], k) =>
      snip(`%z${k} = eqz.${w} ${of === 'src' ? src : '%out'}`, { [`z${k}`]: cc }),
    ),
  );
}

function bitForms([mn, extension, prefix, opcode, action, flags]: (typeof BITS)[number]) {
  return sizes(16, 32, 64).flatMap((s) => {
    const fields = { ...sizeFields(s, prefix), opcode };
    return twoOperandForms({
      mnemonic: mn,
      extension,
      first: gprOperand(s),
      sem: (_dst, src) => semantics(action, flags, s.bits, src),
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
