/**
 * Instance state reached through the context: linear memory accesses with
 * their bounds check, memory.size and memory.grow, globals' cells, and
 * call_indirect's table checks (layout.ts has the layouts).
 *
 * Every access is checked explicitly against the memory's current size
 * (read from its descriptor, so a memory grown by another instance is seen):
 * `address + offset + bytes > size` traps `out_of_bounds`. With 64-bit
 * pointers the sum is computed in 64 bits; with 32-bit pointers the carry
 * out of the 32-bit sum is part of the check.
 */
import type { Operand } from '@lirc/low-ir';
import { imm, sym } from './emitter.js';
import type { FunctionTranslator } from './function.js';
import { memoryLayout, tableLayout } from './layout.js';

/** Loads the address of the memory descriptor (with `uses` uses). */
function memoryDescriptor(t: FunctionTranslator, uses: number): Operand {
  const d = t.emit.def('load', [t.P], [t.address(t.ctxUse(), t.env.layout.memory)], t.P);
  t.emit.clone(d, uses - 1);
  return d;
}

/**
 * The host address of a `bytes`-byte access at WebAssembly address
 * `address` + `offset`, after the bounds check; undefined when the access
 * can never be in bounds (then it traps, and `value` is released).
 */
export function memoryAccess(
  t: FunctionTranslator,
  address: Operand,
  offset: number,
  bytes: number,
  value?: Operand,
): Operand | undefined {
  const { emit, P } = t;
  const M = memoryLayout(P / 8);
  const reach = offset + bytes;
  const known =
    address.kind === 'imm' ? BigInt.asUintN(32, address.value) + BigInt(reach) : undefined;
  if (P === 32 && (reach > 0xffff_ffff || (known !== undefined && known > 0xffff_ffffn))) {
    emit.drop(address);
    if (value) emit.drop(value);
    t.trap('out_of_bounds');
    return undefined;
  }
  const d = memoryDescriptor(t, 2);
  const size = emit.def('load', [P], [t.address(d, M.bytes)], P);
  let index: Operand;
  let outside: Operand;
  if (address.kind === 'imm') {
    index = imm(BigInt.asUintN(32, address.value));
    outside = emit.def('lt_u', [P], [size, imm(known!)], 1);
  } else if (P === 64) {
    index = emit.def('zext', [64, 32], [address], 64, 2);
    const end = emit.def('add', [64], [index, imm(reach)], 64);
    outside = emit.def('lt_u', [64], [size, end], 1);
  } else {
    index = address;
    emit.clone(index, 2);
    const end = emit.def('add', [32], [index, imm(reach)], 32);
    const carry = emit.def('add_carry', [32], [index, imm(reach)], 1);
    const past = emit.def('lt_u', [32], [size, end], 1);
    outside = emit.def('or', [1], [carry, past], 1);
  }
  emit.effect('trap_if', [], [outside, sym('out_of_bounds')]);
  const base = emit.def('load', [P], [t.address(d, M.base)], P);
  const at = emit.def('add', [P], [base, index], P);
  return t.address(at, offset);
}

/** memory.size: the current number of pages. */
export function memorySize(t: FunctionTranslator): Operand {
  const d = memoryDescriptor(t, 1);
  return t.emit.def('load', [32], [t.address(d, memoryLayout(t.P / 8).pages)], 32);
}

/**
 * memory.grow: grows by `delta` pages unless that passes the memory's
 * maximum (then -1); the old number of pages otherwise. Branch-free: the
 * memory is reserved up to its maximum, so growing only updates the size.
 */
export function memoryGrow(t: FunctionTranslator, delta: Operand): Operand {
  const { emit, P } = t;
  const M = memoryLayout(P / 8);
  const d = memoryDescriptor(t, 3);
  const pagesAt = t.address(d, M.pages);
  emit.clone(pagesAt);
  const pages = emit.def('load', [32], [pagesAt], 32, 4);
  const max = emit.def('load', [32], [t.address(d, M.maxPages)], 32);
  emit.clone(delta);
  const grown = emit.def('add', [32], [pages, delta], 32, 2);
  const carry = emit.def('add_carry', [32], [pages, delta], 1);
  const over = emit.def('lt_u', [32], [max, grown], 1);
  const fail = emit.def('or', [1], [carry, over], 1, 2);
  const result = emit.def('select', [32], [fail, imm(0xffff_ffff), pages], 32);
  const now = emit.def('select', [32], [fail, pages, grown], 32, 2);
  emit.effect('store', [32], [pagesAt, now]);
  const wide = P === 64 ? emit.def('zext', [64, 32], [now], 64) : now;
  const size = emit.def('shl', [P], [wide, imm(16)], P);
  emit.effect('store', [P], [t.address(d, M.bytes), size]);
  return result;
}

/** The address of global `index`'s cell. */
export function loadGlobalCell(t: FunctionTranslator, index: number): Operand {
  return t.emit.def('load', [t.P], [t.address(t.ctxUse(), t.env.layout.global(index))], t.P);
}

/**
 * call_indirect through table 0 with type `typeIndex`: traps
 * `undefined_element` past the table's length, `uninitialized_element` on
 * a null entry, `indirect_call_type_mismatch` when the entry's type id
 * differs; calls the entry's code with the entry's context.
 */
export function callIndirect(t: FunctionTranslator, typeIndex: number): void {
  const { emit, P } = t;
  const T = tableLayout(P / 8);
  const type = t.env.module.types[typeIndex]!;
  const index = t.stack.popOp();
  const args = t.popIndirectArgs(type.params.length);
  const table = emit.def('load', [P], [t.address(t.ctxUse(), t.env.layout.table)], P, 2);
  const length = emit.def('load', [32], [t.address(table, T.length)], 32);
  emit.clone(index);
  const past = emit.def('ge_u', [32], [index, length], 1);
  emit.effect('trap_if', [], [past, sym('undefined_element')]);
  const base = emit.def('load', [P], [t.address(table, T.base)], P);
  let offset: Operand;
  // A constant index past the table traps above; the offset is only wrapped to fit the pointer width.
  if (index.kind === 'imm')
    offset = imm(BigInt.asUintN(P, BigInt.asUintN(32, index.value) * BigInt(T.entry.size)));
  else {
    const wide = P === 64 ? emit.def('zext', [64, 32], [index], 64) : index;
    offset = emit.def('mul', [P], [wide, imm(T.entry.size)], P);
  }
  const entry = emit.def('add', [P], [base, offset], P, 3);
  const code = emit.def('load', [P], [t.address(entry, T.entry.code)], P, 2);
  const isNull = emit.def('eq', [P], [code, imm(0)], 1);
  emit.effect('trap_if', [], [isNull, sym('uninitialized_element')]);
  const id = emit.def('load', [32], [t.address(entry, T.entry.type)], 32);
  const wrong = emit.def('ne', [32], [id, imm(t.env.typeId(typeIndex))], 1);
  emit.effect('trap_if', [], [wrong, sym('indirect_call_type_mismatch')]);
  const context = emit.def('load', [P], [t.address(entry, T.entry.context)], P);
  const results = type.results.map((r) => emit.value(r === 'i32' || r === 'f32' ? 32 : 64));
  emit.multi('call_indirect', [], [code, context, ...args], results);
  for (const r of results) t.stack.put({ kind: 'value', id: r.id }, r.width);
}
