/**
 * Hand-computed rows for the integer ALU actions: arithmetic, division and
 * remainder, bitwise operations, shifts and rotates, bit counting, select,
 * copy and const. Expected values follow WebAssembly (two's-complement wrap,
 * counts mod W, div_s/rem_s rules); a signed expectation stands for its W-bit
 * two's-complement pattern.
 */
import { type Row, trap } from '../helpers/eval.js';

const DIV0 = trap('int_divide_by_zero');
const OVF = trap('int_overflow');

export const ARITHMETIC_ROWS: readonly Row[] = [
  ['add.8', [0xff, 1], 0],
  ['add.8', [0x7f, 1], 0x80],
  ['add.8', [-1, -1], -2],
  ['add.16', [0xffff, 2], 1],
  ['add.16', [0x7fff, 1], 0x8000],
  ['add.32', [0xffffffff, 1], 0],
  ['add.32', [0x7fffffff, 1], 0x80000000],
  ['add.32', [123456789, 987654321], 1111111110],
  ['add.64', [0xffffffffffffffffn, 1], 0],
  ['add.64', [0x7fffffffffffffffn, 1], 0x8000000000000000n],
  ['add.64', [2n ** 53n, 1], 2n ** 53n + 1n],

  ['sub.8', [0, 1], 0xff],
  ['sub.8', [0x80, 1], 0x7f],
  ['sub.16', [0, 1], 0xffff],
  ['sub.16', [5, 7], -2],
  ['sub.32', [0, 1], 0xffffffff],
  ['sub.32', [0x80000000, 1], 0x7fffffff],
  ['sub.64', [0, 1], 0xffffffffffffffffn],
  ['sub.64', [0x8000000000000000n, 1], 0x7fffffffffffffffn],

  ['mul.8', [16, 16], 0],
  ['mul.8', [0x0f, 0x11], 0xff],
  ['mul.8', [-1, -1], 1],
  ['mul.8', [3, -5], 0xf1],
  ['mul.16', [0x100, 0x100], 0],
  ['mul.16', [-3, 7], -21],
  ['mul.32', [0x10000, 0x10000], 0],
  ['mul.32', [0x12345678, 0x10], 0x23456780],
  ['mul.32', [123456789, 1000], 3197704712], // 123456789000 - 28·2^32
  ['mul.32', [-1, -1], 1],
  ['mul.64', [-1, -1], 1],
  ['mul.64', [2n ** 32n, 2n ** 32n], 0],
  ['mul.64', [0x100000001n, 0x100000001n], 0x200000001n], // (2^32+1)^2 = 2^64 + 2^33 + 1

  // mulh: the high half of the 2W-bit product, signed or unsigned view.
  ['mulh_s.8', [-1, -1], 0], // 1 = 0x0001
  ['mulh_s.8', [-128, -128], 0x40], // 16384 = 0x4000
  ['mulh_s.8', [-128, 127], 0xc0], // -16256 = 0xc080
  ['mulh_s.8', [-2, 3], 0xff], // -6 = 0xfffa
  ['mulh_u.8', [0xff, 0xff], 0xfe], // 0xfe01
  ['mulh_u.8', [-128, -128], 0x40], // 0x80·0x80 = 0x4000
  ['mulh_u.8', [-2, 3], 0x02], // 0xfe·3 = 0x2fa
  ['mulh_s.16', [-32768, -32768], 0x4000], // 2^30
  ['mulh_s.16', [-1, 1], 0xffff],
  ['mulh_s.16', [0x7fff, 0x7fff], 0x3fff], // 0x3fff0001
  ['mulh_u.16', [0xffff, 0xffff], 0xfffe], // 0xfffe0001
  ['mulh_u.16', [-1, 2], 1], // 0x1fffe
  ['mulh_s.32', [-1, -1], 0],
  ['mulh_s.32', [0x80000000, 0x80000000], 0x40000000], // 2^62
  ['mulh_s.32', [-2, 3], 0xffffffff],
  ['mulh_s.32', [0x7fffffff, -0x80000000], 0xc0000000], // -2^62 + 2^31 → high -2^30
  ['mulh_u.32', [0xffffffff, 0xffffffff], 0xfffffffe],
  ['mulh_u.32', [-1, 2], 1],
  ['mulh_u.32', [-2, 3], 2], // 0xfffffffe·3 = 0x2fffffffa
  ['mulh_s.64', [-1, -1], 0],
  ['mulh_s.64', [-1, 1], -1],
  ['mulh_s.64', [-0x8000000000000000n, -0x8000000000000000n], 0x4000000000000000n], // 2^126
  ['mulh_s.64', [-0x8000000000000000n, -1], 0], // 2^63 fits the low half
  ['mulh_s.64', [-0x8000000000000000n, 2], -1], // -2^64
  ['mulh_s.64', [0x7fffffffffffffffn, 0x7fffffffffffffffn], 0x3fffffffffffffffn], // 2^126 - 2^64 + 1
  ['mulh_u.64', [-1, -1], 0xfffffffffffffffen], // 2^128 - 2^65 + 1
  ['mulh_u.64', [-1, 2], 1],
  ['mulh_u.64', [0x8000000000000000n, 2], 1],
  ['mulh_u.64', [0x8000000000000000n, -1], 0x7fffffffffffffffn], // 2^127 - 2^63

  ['neg.8', [0x80], 0x80],
  ['neg.8', [1], 0xff],
  ['neg.8', [0], 0],
  ['neg.16', [0x8000], 0x8000],
  ['neg.16', [-5], 5],
  ['neg.32', [0x80000000], 0x80000000],
  ['neg.32', [1], 0xffffffff],
  ['neg.64', [0x8000000000000000n], 0x8000000000000000n],
  ['neg.64', [1], 0xffffffffffffffffn],
];

/** Division and remainder: truncation toward zero, both traps, INT_MIN / -1. */
export const DIVISION_ROWS: readonly Row[] = [
  ['div_s.8', [-128, -1], OVF],
  ['div_s.8', [-128, 1], -128],
  ['div_s.8', [-128, 2], -64],
  ['div_s.8', [-7, 2], -3],
  ['div_s.8', [7, -2], -3],
  ['div_s.8', [-7, -2], 3],
  ['div_s.8', [5, 0], DIV0],
  ['div_s.8', [0, 0], DIV0],
  ['div_s.16', [-32768, -1], OVF],
  ['div_s.16', [-32768, 2], -16384],
  ['div_s.16', [-7, 2], -3],
  ['div_s.16', [1, 0], DIV0],
  ['div_s.32', [-0x80000000, -1], OVF],
  ['div_s.32', [-0x80000000, 1], 0x80000000],
  ['div_s.32', [-7, 2], -3],
  ['div_s.32', [7, -2], -3],
  ['div_s.32', [0x7fffffff, -1], -0x7fffffff],
  ['div_s.32', [-1, 0], DIV0],
  ['div_s.64', [-0x8000000000000000n, -1], OVF],
  ['div_s.64', [-0x8000000000000000n, 2], -0x4000000000000000n],
  ['div_s.64', [-7, 2], -3],
  ['div_s.64', [-7, -2], 3],
  ['div_s.64', [0x8000000000000000n, 0], DIV0],

  ['div_u.8', [0xff, 2], 0x7f],
  ['div_u.8', [-128, -1], 0], // 0x80 / 0xff
  ['div_u.8', [-7, 2], 124], // 249 / 2
  ['div_u.8', [5, 0], DIV0],
  ['div_u.16', [0xffff, 0x100], 0xff],
  ['div_u.16', [0, 0], DIV0],
  ['div_u.32', [0xffffffff, 1], 0xffffffff],
  ['div_u.32', [0x80000000, -1], 0],
  ['div_u.32', [-7, 2], 0x7ffffffc],
  ['div_u.32', [7, 0], DIV0],
  ['div_u.64', [-1, 3], 0x5555555555555555n],
  ['div_u.64', [0x8000000000000000n, -1], 0],
  ['div_u.64', [1, 0], DIV0],

  ['rem_s.8', [-128, -1], 0],
  ['rem_s.8', [-128, 3], -2], // -128 = -42·3 - 2
  ['rem_s.8', [-7, 2], -1],
  ['rem_s.8', [7, -2], 1],
  ['rem_s.8', [-7, -2], -1],
  ['rem_s.8', [5, 0], DIV0],
  ['rem_s.16', [-32768, -1], 0],
  ['rem_s.16', [-7, 2], -1],
  ['rem_s.16', [0, 0], DIV0],
  ['rem_s.32', [-0x80000000, -1], 0],
  ['rem_s.32', [-0x80000000, 7], -2], // -2^31 = -306783378·7 - 2
  ['rem_s.32', [7, -2], 1],
  ['rem_s.32', [-7, 2], -1],
  ['rem_s.32', [3, 0], DIV0],
  ['rem_s.64', [-0x8000000000000000n, -1], 0],
  ['rem_s.64', [-7, 2], -1],
  ['rem_s.64', [7, -2], 1],
  ['rem_s.64', [-1, 0], DIV0],

  ['rem_u.8', [0xff, 0x10], 0x0f],
  ['rem_u.8', [-7, 2], 1], // 249 mod 2
  ['rem_u.8', [-128, -1], 0x80],
  ['rem_u.8', [5, 0], DIV0],
  ['rem_u.16', [0xffff, 0x100], 0xff],
  ['rem_u.16', [1, 0], DIV0],
  ['rem_u.32', [-7, 2], 1],
  ['rem_u.32', [0x80000000, -1], 0x80000000],
  ['rem_u.32', [0, 0], DIV0],
  ['rem_u.64', [-1, 10], 5], // 18446744073709551615 mod 10
  ['rem_u.64', [0x8000000000000000n, -1], 0x8000000000000000n],
  ['rem_u.64', [9, 0], DIV0],
];

export const BITWISE_ROWS: readonly Row[] = [
  ['and.1', [1, 1], 1],
  ['and.1', [1, 0], 0],
  ['or.1', [0, 0], 0],
  ['or.1', [0, 1], 1],
  ['xor.1', [1, 1], 0],
  ['xor.1', [1, 0], 1],
  ['and.8', [0xf0, 0x3c], 0x30],
  ['or.8', [0xf0, 0x3c], 0xfc],
  ['xor.8', [0xf0, 0x3c], 0xcc],
  ['and.16', [0xff00, -1], 0xff00],
  ['or.16', [0xff00, 0x00ff], 0xffff],
  ['xor.16', [0xffff, 0x1234], 0xedcb],
  ['and.32', [0xf0f0f0f0, 0x3c3c3c3c], 0x30303030],
  ['or.32', [0xf0f0f0f0, 0x0f0f0f0f], 0xffffffff],
  ['xor.32', [-1, 0x12345678], 0xedcba987],
  ['and.64', [0xff00ff00ff00ff00n, -1], 0xff00ff00ff00ff00n],
  ['or.64', [0x8000000000000000n, 1], 0x8000000000000001n],
  ['xor.64', [-1, 0x0123456789abcdefn], 0xfedcba9876543210n],
  ['not.8', [0], 0xff],
  ['not.8', [0x5a], 0xa5],
  ['not.16', [0x00ff], 0xff00],
  ['not.32', [0], 0xffffffff],
  ['not.32', [0x12345678], 0xedcba987],
  ['not.64', [0], 0xffffffffffffffffn],
  ['not.64', [0x8000000000000000n], 0x7fffffffffffffffn],
];

/**
 * Shifts and rotates. Counts are W-bit operands taken mod W: W and W+1 act
 * as 0 and 1, and the largest count (all ones) acts as W-1.
 */
export const SHIFT_ROWS: readonly Row[] = [
  ['shl.8', [1, 7], 0x80],
  ['shl.8', [1, 8], 1],
  ['shl.8', [1, 9], 2],
  ['shl.8', [1, 0xff], 0x80],
  ['shl.8', [0xff, 4], 0xf0],
  ['shl.16', [1, 16], 1],
  ['shl.16', [1, 17], 2],
  ['shl.16', [1, 0xffff], 0x8000],
  ['shl.16', [0x1234, 0x1234], 0x2340], // 0x1234 mod 16 = 4
  ['shl.32', [1, 31], 0x80000000],
  ['shl.32', [1, 32], 1],
  ['shl.32', [1, 33], 2],
  ['shl.32', [1, 0xffffffff], 0x80000000],
  ['shl.32', [3, 0x80000021], 6], // 2^31 + 33 ≡ 1
  ['shl.64', [1, 63], 0x8000000000000000n],
  ['shl.64', [1, 64], 1],
  ['shl.64', [1, 65], 2],
  ['shl.64', [1, -1], 0x8000000000000000n],
  ['shl.64', [0xff, 0x8000000000000044n], 0xff0], // ≡ 4

  ['shr_s.8', [0x80, 7], 0xff],
  ['shr_s.8', [0x80, 8], 0x80],
  ['shr_s.8', [0x80, 9], 0xc0],
  ['shr_s.8', [0x80, 0xff], 0xff],
  ['shr_s.8', [0x40, 9], 0x20],
  ['shr_s.16', [0x8000, 16], 0x8000],
  ['shr_s.16', [0x8000, 17], 0xc000],
  ['shr_s.16', [0x8000, 0xffff], 0xffff],
  ['shr_s.16', [0x7fff, 0xffff], 0],
  ['shr_s.32', [0x80000000, 32], 0x80000000],
  ['shr_s.32', [0x80000000, 33], 0xc0000000],
  ['shr_s.32', [0x80000000, 0xffffffff], 0xffffffff],
  ['shr_s.32', [-8, 2], -2],
  ['shr_s.64', [0x8000000000000000n, 64], 0x8000000000000000n],
  ['shr_s.64', [0x8000000000000000n, 65], 0xc000000000000000n],
  ['shr_s.64', [0x8000000000000000n, -1], -1],
  ['shr_s.64', [0x4000000000000000n, 0x8000000000000041n], 0x2000000000000000n],

  ['shr_u.8', [0x80, 7], 1],
  ['shr_u.8', [0x80, 8], 0x80],
  ['shr_u.8', [0x80, 9], 0x40],
  ['shr_u.8', [0x80, 0xff], 1],
  ['shr_u.16', [0x8000, 16], 0x8000],
  ['shr_u.16', [0x8000, 17], 0x4000],
  ['shr_u.16', [0x8000, 0xffff], 1],
  ['shr_u.32', [0x80000000, 32], 0x80000000],
  ['shr_u.32', [0x80000000, 33], 0x40000000],
  ['shr_u.32', [0x80000000, 0xffffffff], 1],
  ['shr_u.32', [-8, 2], 0x3ffffffe],
  ['shr_u.64', [0x8000000000000000n, 64], 0x8000000000000000n],
  ['shr_u.64', [0x8000000000000000n, 65], 0x4000000000000000n],
  ['shr_u.64', [0x8000000000000000n, -1], 1],

  ['rotl.8', [0x81, 0], 0x81],
  ['rotl.8', [0x81, 1], 0x03],
  ['rotl.8', [0x81, 8], 0x81],
  ['rotl.8', [0x81, 9], 0x03],
  ['rotl.8', [0x81, 0xff], 0xc0], // by 7 = right by 1
  ['rotl.8', [0x12, 4], 0x21],
  ['rotl.16', [0x8001, 0], 0x8001],
  ['rotl.16', [0x8001, 1], 0x0003],
  ['rotl.16', [0x8001, 16], 0x8001],
  ['rotl.16', [0x8001, 17], 0x0003],
  ['rotl.16', [0x8001, 0xffff], 0xc000],
  ['rotl.32', [0x80000001, 0], 0x80000001],
  ['rotl.32', [0x80000001, 1], 3],
  ['rotl.32', [0x12345678, 8], 0x34567812],
  ['rotl.32', [0x80000001, 32], 0x80000001],
  ['rotl.32', [0x80000001, 33], 3],
  ['rotl.32', [0x80000001, 0xffffffff], 0xc0000000],
  ['rotl.64', [0x8000000000000001n, 0], 0x8000000000000001n],
  ['rotl.64', [0x8000000000000001n, 1], 3],
  ['rotl.64', [0x0123456789abcdefn, 4], 0x123456789abcdef0n],
  ['rotl.64', [0x8000000000000001n, 64], 0x8000000000000001n],
  ['rotl.64', [0x8000000000000001n, 65], 3],
  ['rotl.64', [0x8000000000000001n, -1], 0xc000000000000000n],

  ['rotr.8', [0x81, 0], 0x81],
  ['rotr.8', [0x81, 1], 0xc0],
  ['rotr.8', [0x81, 8], 0x81],
  ['rotr.8', [0x81, 9], 0xc0],
  ['rotr.8', [0x81, 0xff], 0x03], // by 7 = left by 1
  ['rotr.16', [0x8001, 0], 0x8001],
  ['rotr.16', [0x8001, 1], 0xc000],
  ['rotr.16', [0x8001, 16], 0x8001],
  ['rotr.16', [0x8001, 17], 0xc000],
  ['rotr.16', [0x8001, 0xffff], 0x0003],
  ['rotr.32', [0x80000001, 0], 0x80000001],
  ['rotr.32', [0x80000001, 1], 0xc0000000],
  ['rotr.32', [0x12345678, 8], 0x78123456],
  ['rotr.32', [0x80000001, 32], 0x80000001],
  ['rotr.32', [0x80000001, 33], 0xc0000000],
  ['rotr.32', [0x80000001, 0xffffffff], 3],
  ['rotr.64', [0x8000000000000001n, 0], 0x8000000000000001n],
  ['rotr.64', [0x8000000000000001n, 1], 0xc000000000000000n],
  ['rotr.64', [0x0123456789abcdefn, 4], 0xf0123456789abcden],
  ['rotr.64', [0x8000000000000001n, 64], 0x8000000000000001n],
  ['rotr.64', [0x8000000000000001n, 65], 0xc000000000000000n],
  ['rotr.64', [0x8000000000000001n, -1], 3],
];

export const BIT_COUNT_ROWS: readonly Row[] = [
  ['clz.8', [0], 8],
  ['clz.8', [0xff], 0],
  ['clz.8', [1], 7],
  ['clz.16', [0], 16],
  ['clz.16', [0xffff], 0],
  ['clz.16', [0x00ff], 8],
  ['clz.32', [0], 32],
  ['clz.32', [-1], 0],
  ['clz.32', [0x00010000], 15],
  ['clz.64', [0], 64],
  ['clz.64', [-1], 0],
  ['clz.64', [1], 63],
  ['ctz.8', [0], 8],
  ['ctz.8', [0xff], 0],
  ['ctz.8', [0x80], 7],
  ['ctz.16', [0], 16],
  ['ctz.16', [0xffff], 0],
  ['ctz.16', [0x0100], 8],
  ['ctz.32', [0], 32],
  ['ctz.32', [-1], 0],
  ['ctz.32', [0x00010000], 16],
  ['ctz.64', [0], 64],
  ['ctz.64', [-1], 0],
  ['ctz.64', [0x8000000000000000n], 63],
  ['popcnt.8', [0], 0],
  ['popcnt.8', [0xff], 8],
  ['popcnt.8', [0x5a], 4],
  ['popcnt.16', [0], 0],
  ['popcnt.16', [0xffff], 16],
  ['popcnt.32', [0], 0],
  ['popcnt.32', [-1], 32],
  ['popcnt.32', [0x80000001], 2],
  ['popcnt.64', [0], 0],
  ['popcnt.64', [-1], 64],
  ['popcnt.64', [0x0123456789abcdefn], 32],
];

/** select c, a, b; copy; const (whose negative immediates wrap to W bits). */
export const MOVE_ROWS: readonly Row[] = [
  ['select.1', [1, 1, 0], 1],
  ['select.1', [0, 1, 0], 0],
  ['select.8', [1, 0x12, 0x34], 0x12],
  ['select.8', [0, 0x12, 0x34], 0x34],
  ['select.16', [1, -1, 0], 0xffff],
  ['select.16', [0, -1, 0], 0],
  ['select.32', [1, 0xdeadbeef, 7], 0xdeadbeef],
  ['select.32', [0, 0xdeadbeef, 7], 7],
  ['select.64', [1, -1, 0], 0xffffffffffffffffn],
  ['select.64', [0, -1, 0x123456789n], 0x123456789n],
  ['copy.1', [1], 1],
  ['copy.8', [0xab], 0xab],
  ['copy.16', [0xabcd], 0xabcd],
  ['copy.32', [0xdeadbeef], 0xdeadbeef],
  ['copy.64', [0xfedcba9876543210n], 0xfedcba9876543210n],
  ['const.1', [1], 1],
  ['const.1', [-1], 1],
  ['const.8', [-1], 0xff],
  ['const.8', [-128], 0x80],
  ['const.8', [255], 0xff],
  ['const.16', [-2], 0xfffe],
  ['const.32', [-1], 0xffffffff],
  ['const.32', [-0x80000000], 0x80000000],
  ['const.64', [-1], 0xffffffffffffffffn],
  ['const.64', [-0x8000000000000000n], 0x8000000000000000n],
  ['const.64', [0x123456789abcdef0n], 0x123456789abcdef0n],
];

export const INTEGER_ROWS: readonly Row[] = [
  ...ARITHMETIC_ROWS,
  ...DIVISION_ROWS,
  ...BITWISE_ROWS,
  ...SHIFT_ROWS,
  ...BIT_COUNT_ROWS,
  ...MOVE_ROWS,
];
