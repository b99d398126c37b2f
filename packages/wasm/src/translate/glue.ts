/**
 * The functions a translated module needs besides its own, written as Low IR
 * text (they are small and read best as text) and compiled with it:
 *
 * - an entry per exported function, `(ctx, io) -> ()`: reads the arguments
 *   from `io` (8 bytes each), calls the function, writes the results back
 *   to `io` (so every export has the same signature for the runtime);
 * - a getter per exported global, `(ctx, io) -> ()`: writes its value to `io`;
 * - the instantiation routine `(ctx, blob) -> ()`: initialises the globals,
 *   checks that every element and data segment fits (traps
 *   `elements_segment_does_not_fit` / `data_segment_does_not_fit` before
 *   writing anything), writes the table entries, copies the data from
 *   `blob` (the data segments' bytes, one after the other) and calls the
 *   start function;
 * - `copy(dst, src, n)`, a byte loop used by the routine.
 */
import type { ConstExpr, WasmModule } from '../binary/module.js';
import { widthOf } from './function.js';
import type { ContextLayout } from './layout.js';
import { memoryLayout, tableLayout } from './layout.js';

/**
 * Trap kinds of the instantiation routine that mean the module cannot be
 * instantiated (the 2020 spec's "unlinkable": a segment that does not fit),
 * with the spec's wording. Nothing has been written when they occur.
 */
export const SEGMENT_TRAPS = {
  elements_segment_does_not_fit: 'elements segment does not fit',
  data_segment_does_not_fit: 'data segment does not fit',
} as const;

/** Names of a module's glue functions. */
export interface GlueNames {
  readonly init: string;
  readonly copy: string;
  /** The entry of exported function `k` (by export position). */
  entry(k: number): string;
  /** The getter of exported global `k` (by export position). */
  getter(k: number): string;
}

/** What glue generation needs. */
export interface GlueEnv {
  readonly module: WasmModule;
  readonly layout: ContextLayout;
  readonly pointerWidth: 32 | 64;
  readonly names: GlueNames;
  functionName(index: number): string;
  typeId(typeIndex: number): number;
}

/** The glue of a module as Low IR text (with its `module ptrN` line). */
export function glueText(env: GlueEnv): string {
  const out: string[] = [`module ptr${env.pointerWidth}`];
  env.module.exports.forEach((e, k) => {
    if (e.kind === 'func') out.push(entryText(env, e.index, env.names.entry(k)));
    if (e.kind === 'global') out.push(getterText(env, e.index, env.names.getter(k)));
  });
  out.push(copyText(env), initText(env));
  return out.join('\n');
}

/** Lines that call function `index` with `args` (after the context), defining `results`. */
function callLines(env: GlueEnv, index: number, args: string[], results: string): string[] {
  const { module: m, layout, pointerWidth: P } = env;
  const lhs = results ? `${results} = ` : '';
  if (index >= m.importedFunctions)
    return [`  ${lhs}call @${env.functionName(index)}(%ctx${args.map((a) => `, ${a}`).join('')})`];
  return [
    `  %codeat = add.${P} %ctx, ${layout.importCode(index)}`,
    `  %code = load.${P} %codeat`,
    `  %calleeat = add.${P} %ctx, ${layout.importContext(index)}`,
    `  %callee = load.${P} %calleeat`,
    `  ${lhs}call_indirect %code, %callee${args.map((a) => `, ${a}`).join('')}`,
  ];
}

function entryText(env: GlueEnv, index: number, name: string): string {
  const P = env.pointerWidth;
  const type = env.module.types[env.module.functionTypes[index]!]!;
  const lines = [`func @${name}(%ctx: ${P}, %io: ${P}) {`];
  const args = type.params.map((t, j) => {
    lines.push(`  %at${j} = add.${P} %io, ${8 * j}`, `  %a${j} = load.${widthOf(t)} %at${j}`);
    return `%a${j}`;
  });
  const results = type.results.map((t, j) => `%r${j}: ${widthOf(t)}`).join(', ');
  lines.push(...callLines(env, index, args, results));
  type.results.forEach((_t, j) => {
    lines.push(
      `  %rat${j} = add.${P} %io, ${8 * j}`,
      `  store.${widthOf(type.results[j]!)} %rat${j}, %r${j}`,
    );
  });
  lines.push('  return', '}');
  return lines.join('\n');
}

function getterText(env: GlueEnv, index: number, name: string): string {
  const P = env.pointerWidth;
  const w = widthOf(env.module.globalTypes[index]!.type);
  return [
    `func @${name}(%ctx: ${P}, %io: ${P}) {`,
    `  %cellat = add.${P} %ctx, ${env.layout.global(index)}`,
    `  %cell = load.${P} %cellat`,
    `  %v = load.${w} %cell`,
    `  store.${w} %io, %v`,
    '  return',
    '}',
  ].join('\n');
}

function copyText(env: GlueEnv): string {
  const P = env.pointerWidth;
  return [
    `func @${env.names.copy}(%dst: ${P}, %src: ${P}, %n: ${P}) {`,
    '  jump ^loop(%dst, %src, %n)',
    `^loop(%d: ${P}, %s: ${P}, %k: ${P}):`,
    `  %done = eq.${P} %k, 0`,
    '  br_if %done, ^end()',
    '  %b = load_u.32.8 %s',
    '  store.32.8 %d, %b',
    `  %dnext = add.${P} %d, 1`,
    `  %snext = add.${P} %s, 1`,
    `  %knext = sub.${P} %k, 1`,
    '  jump ^loop(%dnext, %snext, %knext)',
    '^end():',
    '  return',
    '}',
  ].join('\n');
}

/** A counter for fresh names in generated text. */
class Names {
  private n = 0;
  next(base: string): string {
    return `%${base}${this.n++}`;
  }
}

/** Lines computing a constant expression of width `w` into a fresh value (or an immediate). */
function constLines(env: GlueEnv, e: ConstExpr, names: Names, lines: string[]): string {
  const P = env.pointerWidth;
  if (e.kind === 'const') return e.bits.toString();
  const w = widthOf(env.module.globalTypes[e.index]!.type);
  const at = names.next('gat');
  const cell = names.next('gcell');
  const v = names.next('g');
  lines.push(
    `  ${at} = add.${P} %ctx, ${env.layout.global(e.index)}`,
    `  ${cell} = load.${P} ${at}`,
    `  ${v} = load.${w} ${cell}`,
  );
  return v;
}

/** Widens a 32-bit operand (value or immediate) to pointer width. */
function widen(P: number, v: string, names: Names, lines: string[]): string {
  if (P === 32 || !v.startsWith('%')) return v;
  const r = names.next('w');
  lines.push(`  ${r} = zext.64.32 ${v}`);
  return r;
}

/**
 * Lines trapping `kind` unless `offset + n <= limit` (offset a 32-bit operand, limit a
 * pointer-width value), computed without wrapping.
 */
function fitLines(
  P: number,
  offset: string,
  n: number,
  limit: string,
  kind: string,
  names: Names,
  lines: string[],
): void {
  const bad = names.next('bad');
  if (!offset.startsWith('%')) {
    const end = BigInt(offset) + BigInt(n);
    lines.push(`  ${bad} = lt_u.${P} ${limit}, ${end}`);
  } else if (P === 64) {
    const o = widen(P, offset, names, lines);
    const end = names.next('end');
    lines.push(`  ${end} = add.64 ${o}, ${n}`, `  ${bad} = lt_u.64 ${limit}, ${end}`);
  } else {
    const end = names.next('end');
    const carry = names.next('carry');
    const past = names.next('past');
    lines.push(
      `  ${end} = add.32 ${offset}, ${n}`,
      `  ${carry} = add_carry.32 ${offset}, ${n}`,
      `  ${past} = lt_u.32 ${limit}, ${end}`,
      `  ${bad} = or.1 ${carry}, ${past}`,
    );
  }
  lines.push(`  trap_if ${bad}, ${kind}`);
}

function initText(env: GlueEnv): string {
  const { module: m, layout, pointerWidth: P } = env;
  const B = P / 8;
  const names = new Names();
  const lines = [`func @${env.names.init}(%ctx: ${P}, %blob: ${P}) {`];
  const tooFar = (e: ConstExpr, n: number) =>
    e.kind === 'const' && BigInt.asUintN(32, e.bits) + BigInt(n) > 0xffff_ffffn;
  if (
    m.elements.some((s) => tooFar(s.offset, s.functions.length)) ||
    m.data.some((s) => tooFar(s.offset, s.bytes.length))
  ) {
    lines.push(
      `  trap ${m.elements.some((s) => tooFar(s.offset, s.functions.length)) ? 'elements_segment_does_not_fit' : 'data_segment_does_not_fit'}`,
      '}',
    );
    return lines.join('\n');
  }
  m.globals.forEach((g, k) => {
    const index = m.importedGlobals + k;
    const v = constLines(env, g.init, names, lines);
    const at = names.next('cellat');
    const cell = names.next('cell');
    lines.push(
      `  ${at} = add.${P} %ctx, ${layout.global(index)}`,
      `  ${cell} = load.${P} ${at}`,
      `  store.${widthOf(g.type.type)} ${cell}, ${v}`,
    );
  });
  // Check every segment before writing any.
  const T = tableLayout(B);
  const M = memoryLayout(B);
  const elemOffsets = m.elements.map((s) => constLines(env, s.offset, names, lines));
  const dataOffsets = m.data.map((s) => constLines(env, s.offset, names, lines));
  if (m.elements.length > 0) {
    lines.push(
      `  %tabat = add.${P} %ctx, ${layout.table}`,
      `  %tab = load.${P} %tabat`,
      `  %lenat = add.${P} %tab, ${T.length}`,
      '  %len = load.32 %lenat',
    );
    const len = widen(P, '%len', names, lines);
    m.elements.forEach((s, k) => {
      fitLines(
        P,
        elemOffsets[k]!,
        s.functions.length,
        len,
        'elements_segment_does_not_fit',
        names,
        lines,
      );
    });
  }
  if (m.data.length > 0) {
    lines.push(
      `  %memat = add.${P} %ctx, ${layout.memory}`,
      `  %mem = load.${P} %memat`,
      `  %sizeat = add.${P} %mem, ${M.bytes}`,
      `  %size = load.${P} %sizeat`,
    );
    m.data.forEach((s, k) => {
      fitLines(
        P,
        dataOffsets[k]!,
        s.bytes.length,
        '%size',
        'data_segment_does_not_fit',
        names,
        lines,
      );
    });
  }
  if (m.elements.length > 0) {
    lines.push(`  %tabbase = load.${P} %tab`);
    m.elements.forEach((s, k) => {
      const o = widen(P, elemOffsets[k]!, names, lines);
      const start = names.next('seg');
      if (o.startsWith('%')) {
        const scaled = names.next('scaled');
        lines.push(
          `  ${scaled} = mul.${P} ${o}, ${T.entry.size}`,
          `  ${start} = add.${P} %tabbase, ${scaled}`,
        );
      } else
        lines.push(
          `  ${start} = add.${P} %tabbase, ${BigInt.asUintN(P, BigInt(o) * BigInt(T.entry.size))}`,
        );
      s.functions.forEach((f, j) => {
        const e = names.next('e');
        lines.push(`  ${e} = add.${P} ${start}, ${j * T.entry.size}`);
        let code: string;
        let context = '%ctx';
        if (f >= m.importedFunctions) {
          code = names.next('fn');
          lines.push(`  ${code} = func_addr @${env.functionName(f)}`);
        } else {
          code = names.next('ic');
          context = names.next('ix');
          const a = names.next('ia');
          const b = names.next('ib');
          lines.push(
            `  ${a} = add.${P} %ctx, ${layout.importCode(f)}`,
            `  ${code} = load.${P} ${a}`,
            `  ${b} = add.${P} %ctx, ${layout.importContext(f)}`,
            `  ${context} = load.${P} ${b}`,
          );
        }
        const ta = names.next('ta');
        const ca = names.next('ca');
        lines.push(
          `  store.${P} ${e}, ${code}`,
          `  ${ta} = add.${P} ${e}, ${T.entry.type}`,
          `  store.32 ${ta}, ${env.typeId(m.functionTypes[f]!)}`,
          `  ${ca} = add.${P} ${e}, ${T.entry.context}`,
          `  store.${P} ${ca}, ${context}`,
        );
      });
    });
  }
  if (m.data.length > 0) {
    lines.push(`  %membase = load.${P} %mem`);
    let from = 0;
    m.data.forEach((s, k) => {
      const o = widen(P, dataOffsets[k]!, names, lines);
      const dst = names.next('dst');
      const src = names.next('src');
      lines.push(
        `  ${dst} = add.${P} %membase, ${o}`,
        `  ${src} = add.${P} %blob, ${from}`,
        `  call @${env.names.copy}(${dst}, ${src}, ${s.bytes.length})`,
      );
      from += s.bytes.length;
    });
  }
  if (m.start !== undefined)
    lines.push(
      ...callLines(env, m.start, [], '').map((l) =>
        l.replace(/%code\b/g, '%startcode').replace(/%callee\b/g, '%startctx'),
      ),
    );
  lines.push(`  drop %blob`, '  return', '}');
  return lines.join('\n');
}
