/**
 * The runtime ABI shared by translated code and the runtime (runtime/): the
 * layout of an instance's context, of a memory, of a table and its entries.
 * Translated functions take the context's address as a hidden first
 * parameter; everything an instance reaches goes through it. The layouts
 * depend only on the pointer width (P bytes), so they are the same for every
 * machine of that width.
 *
 * Context (one per instance):
 *   +0        the memory (address of a memory descriptor; 0 if none)
 *   +P        the table (address of a table descriptor; 0 if none)
 *   +2P       the store block (shared by the store's instances): STORE_BLOCK
 *   +3P+P*i   the address of global i's cell (8 bytes, every global)
 *   then, per imported function k, 2P bytes: its code address and its context
 *
 * Memory descriptor: +0 base, +P size in bytes, +2P pages (32 bits),
 *   +2P+4 the most pages it may grow to (32 bits).
 * Table descriptor: +0 base of the entries, +P entries (32 bits), +P+4 max.
 * Table entry (3P bytes): +0 code address (0: null), +P the type's id
 *   (32 bits), +2P the instance context of the function.
 */

/** Bytes of a page of linear memory. */
export const PAGE_BYTES = 65536;

/** Bytes of a global's cell (every global, whatever its type). */
export const GLOBAL_CELL_BYTES = 8;

/** Offsets in a context, for pointer width `pointerWidth` (bits). */
export class ContextLayout {
  readonly P: number;
  constructor(
    readonly pointerWidth: 32 | 64,
    readonly globals: number,
    readonly importedFunctions: number,
  ) {
    this.P = pointerWidth / 8;
  }
  get memory(): number {
    return 0;
  }
  get table(): number {
    return this.P;
  }
  get store(): number {
    return 2 * this.P;
  }
  global(index: number): number {
    return 3 * this.P + this.P * index;
  }
  importCode(k: number): number {
    return 3 * this.P + this.P * this.globals + 2 * this.P * k;
  }
  importContext(k: number): number {
    return this.importCode(k) + this.P;
  }
  get size(): number {
    return this.importCode(this.importedFunctions);
  }
}

/** A memory descriptor's layout. */
export function memoryLayout(P: number) {
  return { base: 0, bytes: P, pages: 2 * P, maxPages: 2 * P + 4, size: 2 * P + 8 } as const;
}

/** A table descriptor's layout and its entries'. */
export function tableLayout(P: number) {
  return {
    base: 0,
    length: P,
    max: P + 4,
    size: P + 8,
    entry: { code: 0, type: P, context: 2 * P, size: 3 * P },
  } as const;
}

/**
 * Store block: the stack limit the translated functions compare against,
 * and the number of calls the store's call entry has started (32 bits; host
 * functions that log can tell which call they ran in).
 */
export const STORE_BLOCK = { stackLimit: 0, calls: 8, size: 16 } as const;

/** Trap kinds of translated code (Low IR trap kinds), and what the spec calls them. */
export const WASM_TRAPS = {
  unreachable: 'unreachable',
  int_divide_by_zero: 'integer divide by zero',
  int_overflow: 'integer overflow',
  invalid_conversion: 'invalid conversion to integer',
  out_of_bounds: 'out of bounds memory access',
  undefined_element: 'undefined element',
  uninitialized_element: 'uninitialized element',
  indirect_call_type_mismatch: 'indirect call type mismatch',
  call_stack_exhausted: 'call stack exhausted',
  table_out_of_bounds: 'out of bounds table access',
  host_error: 'host function error',
} as const;
