/**
 * Hand-computed rows for the memory actions on a 16-byte LinearMemory:
 * little-endian loads at every width, sign- and zero-extending loads, plain
 * and truncating stores, and out-of-bounds / straddling accesses (which trap
 * without touching memory).
 */
import type { Arg, Expected } from '../helpers/eval.js';
import { trap } from '../helpers/eval.js';

/**
 * One memory row: action, initial memory (hex bytes from address 0, the rest
 * zero), inputs (address, then the value for stores), expected outcome, and
 * for stores the expected memory from address 0 (bytes after it unchanged).
 */
export type MemRow = readonly [
  action: string,
  init: string,
  args: readonly Arg[],
  expected: Expected,
  after?: string,
];

const OOB = trap('out_of_bounds');
/** Bytes 00 01 02 … 0f: a load at address a sees byte a in its lowest byte. */
const SEQ = '00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f';
/** n bytes of 0xee, the fill that shows which bytes a store left alone. */
const ee = (n: number) => Array(n).fill('ee').join(' ');
const FILL = ee(16);

export const LOAD_ROWS: readonly MemRow[] = [
  ['load.8', 'ff', [0], 0xff],
  ['load.8', SEQ, [15], 0x0f],
  ['load.8', SEQ, [16], OOB],
  ['load.8', SEQ, [-1], OOB], // address 2^64 - 1
  ['load.16', SEQ, [0], 0x0100],
  ['load.16', SEQ, [1], 0x0201], // unaligned
  ['load.16', SEQ, [14], 0x0f0e],
  ['load.16', SEQ, [15], OOB], // straddles the end
  ['load.16', 'ff 80', [0], 0x80ff],
  ['load.32', SEQ, [0], 0x03020100],
  ['load.32', SEQ, [3], 0x06050403],
  ['load.32', SEQ, [12], 0x0f0e0d0c],
  ['load.32', SEQ, [13], OOB],
  ['load.32', SEQ, [16], OOB],
  ['load.64', SEQ, [0], 0x0706050403020100n],
  ['load.64', SEQ, [8], 0x0f0e0d0c0b0a0908n],
  ['load.64', SEQ, [9], OOB],
  ['load.64', SEQ, [-8], OOB], // 2^64 - 8: the end address would wrap to 0
  ['load.64', 'ff ff ff ff ff ff ff 80', [0], 0x80ffffffffffffffn],

  ['load_s.16.8', 'ff', [0], 0xffff],
  ['load_s.16.8', '7f', [0], 0x7f],
  ['load_s.16.8', SEQ, [16], OOB],
  ['load_s.32.8', 'ff', [0], 0xffffffff],
  ['load_s.32.8', '80', [0], 0xffffff80],
  ['load_s.32.8', '7f', [0], 0x7f],
  ['load_s.32.8', `${ee(15)} 90`, [15], 0xffffff90],
  ['load_s.32.16', '00 80', [0], 0xffff8000],
  ['load_s.32.16', 'ff 7f', [0], 0x7fff],
  ['load_s.32.16', SEQ, [15], OOB],
  ['load_s.64.8', '80', [0], 0xffffffffffffff80n],
  ['load_s.64.8', '01', [0], 1],
  ['load_s.64.16', 'fe ff', [0], 0xfffffffffffffffen],
  ['load_s.64.16', 'ff 7f', [0], 0x7fff],
  ['load_s.64.32', '00 00 00 80', [0], 0xffffffff80000000n],
  ['load_s.64.32', 'ff ff ff 7f', [0], 0x7fffffff],
  ['load_s.64.32', SEQ, [13], OOB],

  ['load_u.16.8', 'ff', [0], 0xff],
  ['load_u.16.8', SEQ, [16], OOB],
  ['load_u.32.8', 'ff', [0], 0xff],
  ['load_u.32.8', `${ee(15)} 90`, [15], 0x90],
  ['load_u.32.16', '00 80', [0], 0x8000],
  ['load_u.32.16', SEQ, [15], OOB],
  ['load_u.64.8', '80', [0], 0x80],
  ['load_u.64.16', 'fe ff', [0], 0xfffe],
  ['load_u.64.16', SEQ, [15], OOB],
  ['load_u.64.32', '00 00 00 80', [0], 0x80000000],
  ['load_u.64.32', SEQ, [12], 0x0f0e0d0c],
  ['load_u.64.32', SEQ, [13], OOB],
];

export const STORE_ROWS: readonly MemRow[] = [
  ['store.8', FILL, [3, 0xab], undefined, 'ee ee ee ab'],
  ['store.8', FILL, [15, -1], undefined, `${ee(15)} ff`],
  ['store.8', FILL, [16, 1], OOB],
  ['store.16', FILL, [0, 0x1234], undefined, '34 12'],
  ['store.16', FILL, [1, -2], undefined, 'ee fe ff'],
  ['store.16', FILL, [14, 0xabcd], undefined, `${ee(14)} cd ab`],
  ['store.16', FILL, [15, 0x1234], OOB], // straddles the end: nothing is written
  ['store.32', FILL, [0, 0x12345678], undefined, '78 56 34 12'],
  ['store.32', FILL, [12, 0x01020304], undefined, `${ee(12)} 04 03 02 01`],
  ['store.32', FILL, [13, 0], OOB],
  ['store.64', FILL, [0, 0x0102030405060708n], undefined, '08 07 06 05 04 03 02 01'],
  ['store.64', FILL, [8, -1], undefined, `${ee(8)} ff ff ff ff ff ff ff ff`],
  ['store.64', FILL, [9, 0], OOB],
  ['store.64', FILL, [-1, 0], OOB],
  // store.W.M writes only the low M bits of its W-bit value.
  ['store.16.8', FILL, [0, 0xabcd], undefined, 'cd ee'],
  ['store.16.8', FILL, [16, 0], OOB],
  ['store.32.8', FILL, [2, 0x12345678], undefined, 'ee ee 78 ee'],
  ['store.32.8', FILL, [15, -1], undefined, `${ee(15)} ff`],
  ['store.32.16', FILL, [0, 0x12345678], undefined, '78 56 ee'],
  ['store.32.16', FILL, [15, 0], OOB],
  ['store.64.8', FILL, [0, 0x0102030405060708n], undefined, '08 ee'],
  ['store.64.8', FILL, [16, 0], OOB],
  ['store.64.16', FILL, [0, 0x0102030405060708n], undefined, '08 07 ee'],
  ['store.64.16', FILL, [15, 0], OOB],
  ['store.64.32', FILL, [4, 0x0102030405060708n], undefined, `${ee(4)} 08 07 06 05 ee`],
  ['store.64.32', FILL, [13, 0], OOB],
];

export const MEMORY_ROWS: readonly MemRow[] = [...LOAD_ROWS, ...STORE_ROWS];
