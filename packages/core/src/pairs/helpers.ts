/**
 * Helper functions of the pair legalization, written in Low IR with 32-bit
 * values only: 64-bit division and remainder (signed and unsigned) and the
 * high halves of 64-bit products. A 64-bit operand is two parameters, low
 * half first; a 64-bit result two results. The pair stage calls them and
 * adds to the module those a function used (and those they call) after
 * that function; their conventions are plain, so a call may precede them.
 *
 * Division shifts and subtracts, one quotient bit per step (64 steps), or
 * uses `div_u.32`/`rem_u.32` when both operands fit 32 bits. The traps are
 * Low IR's: `int_divide_by_zero` for a zero divisor, `int_overflow` for
 * INT64_MIN / -1; `rem_s` works on magnitudes, so INT64_MIN rem -1 is 0.
 */
import {
  functionsOnly,
  type Module as LowIrModule,
  type LowIrSink,
  ModuleCollector,
  parseLir,
  replayModule,
} from '@lirc/low-ir';

/** The helpers' names (the `lirc_` prefix is reserved for LIRC's functions). */
export const HELPERS = {
  divU: 'lirc_div_u64',
  divS: 'lirc_div_s64',
  remU: 'lirc_rem_u64',
  remS: 'lirc_rem_s64',
  mulhU: 'lirc_mulh_u64',
  mulhS: 'lirc_mulh_s64',
  udivmod: 'lirc_udivmod64',
} as const;

/** The helpers each helper calls. */
const CALLS: Readonly<Record<string, readonly string[]>> = {
  [HELPERS.divU]: [HELPERS.udivmod],
  [HELPERS.divS]: [HELPERS.udivmod],
  [HELPERS.remU]: [HELPERS.udivmod],
  [HELPERS.remS]: [HELPERS.udivmod],
  [HELPERS.mulhS]: [HELPERS.mulhU],
};

/** Whether `name` is one of the helpers. */
export function isHelper(name: string): boolean {
  return Object.values(HELPERS).includes(name as (typeof HELPERS)[keyof typeof HELPERS]);
}

/** `name` and every helper it calls, directly or not. */
export function withCallees(name: string): string[] {
  return [name, ...(CALLS[name] ?? []).flatMap(withCallees)];
}

/** Lines computing the 64-bit difference a - b as `%{p}l`, `%{p}h`. */
function sub64(p: string, [alo, ahi]: [string, string], [blo, bhi]: [string, string]): string[] {
  return [
    `  %${p}b = lt_u.32 ${alo}, ${blo}`,
    `  %${p}l = sub.32 ${alo}, ${blo}`,
    `  %${p}d = sub.32 ${ahi}, ${bhi}`,
    `  %${p}w = zext.32.1 %${p}b`,
    `  %${p}h = sub.32 %${p}d, %${p}w`,
  ];
}

/** Lines computing (x ^ s) - s as `%{p}l`, `%{p}h`: x negated when s (0 or -1) is -1. */
function negateIf(p: string, [xl, xh]: [string, string], s: string): string[] {
  return [
    `  %${p}xl = xor.32 ${xl}, ${s}`,
    `  %${p}xh = xor.32 ${xh}, ${s}`,
    ...sub64(p, [`%${p}xl`, `%${p}xh`], [s, s]),
  ];
}

/** The lines of a function's start that trap when the divisor (blo, bhi) is zero. */
const ZERO_CHECK = [
  '  %any = or.32 %blo, %bhi',
  '  %zero = eqz.32 %any',
  '  trap_if %zero, int_divide_by_zero',
];

const HEADER = (name: string) =>
  `func @${name}(%alo: 32, %ahi: 32, %blo: 32, %bhi: 32) -> (32, 32) {`;

const UDIVMOD = `func @${HELPERS.udivmod}(%alo: 32, %ahi: 32, %blo: 32, %bhi: 32) -> (32, 32, 32, 32) {
  %highs = or.32 %ahi, %bhi
  %small = eqz.32 %highs
  br_if %small, ^small(%alo, %blo)
  jump ^step(0, %alo, %ahi, 0, 0, %blo, %bhi)
^small(%x: 32, %y: 32):
  %q = div_u.32 %x, %y
  %r = rem_u.32 %x, %y
  return %q, 0, %r, 0
^step(%i: 32, %ql: 32, %qh: 32, %rl: 32, %rh: 32, %dlo: 32, %dhi: 32):
  ; (r, q) <<= 1 as one 128-bit number; out is the bit shifted out of r
  %out = shr_u.32 %rh, 31
  %rh1 = shl.32 %rh, 1
  %rlt = shr_u.32 %rl, 31
  %rh2 = or.32 %rh1, %rlt
  %rl1 = shl.32 %rl, 1
  %qht = shr_u.32 %qh, 31
  %rl2 = or.32 %rl1, %qht
  %qh1 = shl.32 %qh, 1
  %qlt = shr_u.32 %ql, 31
  %qh2 = or.32 %qh1, %qlt
  %ql1 = shl.32 %ql, 1
  ; when r >= d (or r went past 64 bits), subtract d and set the quotient bit
  %hgt = gt_u.32 %rh2, %dhi
  %heq = eq.32 %rh2, %dhi
  %lge = ge_u.32 %rl2, %dlo
  %lowge = and.1 %heq, %lge
  %fits = or.1 %hgt, %lowge
  %over = trunc.1.32 %out
  %ge = or.1 %fits, %over
  %bit = zext.32.1 %ge
  %ql2 = or.32 %ql1, %bit
  %mask = sub.32 0, %bit
  %sl = and.32 %dlo, %mask
  %shifted = and.32 %dhi, %mask
${sub64('n', ['%rl2', '%rh2'], ['%sl', '%shifted']).join('\n')}
  %i1 = add.32 %i, 1
  %more = lt_u.32 %i1, 64
  br_if %more, ^step(%i1, %ql2, %qh2, %nl, %nh, %dlo, %dhi)
  return %ql2, %qh2, %nl, %nh
}
`;

/** An unsigned division or remainder: the quotient's or the remainder's halves. */
function unsigned(name: string, quotient: boolean): string {
  return [
    HEADER(name),
    ...ZERO_CHECK,
    `  %ql: 32, %qh: 32, %rl: 32, %rh: 32 = call @${HELPERS.udivmod}(%alo, %ahi, %blo, %bhi)`,
    quotient ? '  return %ql, %qh' : '  return %rl, %rh',
    '}',
    '',
  ].join('\n');
}

/**
 * A signed division or remainder: the unsigned one of the magnitudes,
 * negated when the signs differ (quotient) or when a is negative
 * (remainder). INT64_MIN / -1 traps first.
 */
function signed(name: string, quotient: boolean): string {
  const overflow = quotient
    ? [
        '  %amin = xor.32 %ahi, 0x80000000',
        '  %alow = or.32 %amin, %alo',
        '  %ismin = eqz.32 %alow',
        '  %bboth = and.32 %blo, %bhi',
        '  %isneg1 = eq.32 %bboth, -1',
        '  %overflow = and.1 %ismin, %isneg1',
        '  trap_if %overflow, int_overflow',
      ]
    : [];
  return [
    HEADER(name),
    ...ZERO_CHECK,
    ...overflow,
    '  %as = shr_s.32 %ahi, 31',
    '  %bs = shr_s.32 %bhi, 31',
    ...negateIf('ua', ['%alo', '%ahi'], '%as'),
    ...negateIf('ub', ['%blo', '%bhi'], '%bs'),
    `  %ql: 32, %qh: 32, %rl: 32, %rh: 32 = call @${HELPERS.udivmod}(%ual, %uah, %ubl, %ubh)`,
    ...(quotient
      ? ['  %s = xor.32 %as, %bs', ...negateIf('n', ['%ql', '%qh'], '%s')]
      : negateIf('n', ['%rl', '%rh'], '%as')),
    '  return %nl, %nh',
    '}',
    '',
  ].join('\n');
}

const MULH_U = `func @${HELPERS.mulhU}(%alo: 32, %ahi: 32, %blo: 32, %bhi: 32) -> (32, 32) {
  %h00 = mulh_u.32 %alo, %blo
  %l01 = mul.32 %alo, %bhi
  %h01 = mulh_u.32 %alo, %bhi
  %l10 = mul.32 %ahi, %blo
  %h10 = mulh_u.32 %ahi, %blo
  %l11 = mul.32 %ahi, %bhi
  %h11 = mulh_u.32 %ahi, %bhi
  ; bits 32..63 of the product: h00 + l01 + l10, carrying k into bit 64
  %m1 = add.32 %h00, %l01
  %k1 = lt_u.32 %m1, %h00
  %m2 = add.32 %m1, %l10
  %k2 = lt_u.32 %m2, %m1
  %k1w = zext.32.1 %k1
  %k2w = zext.32.1 %k2
  %k = add.32 %k1w, %k2w
  ; bits 64..95: h01 + h10 + l11 + k, carrying into bits 96..127: h11
  %n1 = add.32 %h01, %h10
  %c1 = lt_u.32 %n1, %h01
  %n2 = add.32 %n1, %l11
  %c2 = lt_u.32 %n2, %n1
  %n3 = add.32 %n2, %k
  %c3 = lt_u.32 %n3, %n2
  %c1w = zext.32.1 %c1
  %c2w = zext.32.1 %c2
  %c3w = zext.32.1 %c3
  %tmp1 = add.32 %h11, %c1w
  %tmp2 = add.32 %tmp1, %c2w
  %tmp3 = add.32 %tmp2, %c3w
  return %n3, %tmp3
}
`;

/** mulh_s(a, b) = mulh_u(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0), modulo 2^64. */
const MULH_S = [
  HEADER(HELPERS.mulhS),
  `  %ul: 32, %uh: 32 = call @${HELPERS.mulhU}(%alo, %ahi, %blo, %bhi)`,
  '  %as = shr_s.32 %ahi, 31',
  '  %bs = shr_s.32 %bhi, 31',
  '  %xl = and.32 %blo, %as',
  '  %xh = and.32 %bhi, %as',
  '  %yl = and.32 %alo, %bs',
  '  %yh = and.32 %ahi, %bs',
  ...sub64('diff', ['%ul', '%uh'], ['%xl', '%xh']),
  ...sub64('e', ['%diffl', '%diffh'], ['%yl', '%yh']),
  '  return %el, %eh',
  '}',
  '',
].join('\n');

const TEXT = [
  UDIVMOD,
  unsigned(HELPERS.divU, true),
  unsigned(HELPERS.remU, false),
  signed(HELPERS.divS, true),
  signed(HELPERS.remS, false),
  MULH_U,
  MULH_S,
].join('\n');

let parsed: LowIrModule | undefined;

/** The helpers as parsed Low IR (parsed once). */
function helperModule(): LowIrModule {
  if (parsed === undefined) {
    const collector = new ModuleCollector();
    parseLir(`module ptr32\n${TEXT}`, collector, { file: 'lirc-pair-helpers.lir' });
    parsed = collector.result();
  }
  return parsed;
}

/** Streams helper `name` into `sink`, a module already open there. */
export function emitHelper(name: string, sink: LowIrSink): void {
  const module = helperModule();
  const fn = module.functions.find((f) => f.name === name);
  if (fn === undefined) throw new Error(`internal: no pair helper @${name}`);
  // The function alone: the module's header and end are the stream's own.
  replayModule({ header: module.header, functions: [fn] }, functionsOnly(sink));
}

/** The text of every helper, for tests and docs. */
export const HELPER_TEXT = TEXT;
