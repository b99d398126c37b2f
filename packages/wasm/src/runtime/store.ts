/**
 * A store of WebAssembly instances for one target, and the calls made on
 * them. Instantiating links the imports and lays out the instance's data
 * (layout.ts: context, memory, table, global cells) in the store's space;
 * calls (and each instance's initialisation) are queued, and `run` compiles
 * every module of the store with LIRC into one piece of code and makes the
 * queued calls in order through the host glue of @lirc/core: in this
 * process when the target is the host (execute.ts), else in one static
 * executable under the machine's emulator. A store runs once.
 */
import type { LoadedMachine } from '@lirc/asmquery';
import type { FuncType, GlobalType, Limits, ValType, WasmModule } from '../binary/module.js';
import { WasmError } from '../errors.js';
import {
  ContextLayout,
  GLOBAL_CELL_BYTES,
  memoryLayout,
  PAGE_BYTES,
  tableLayout,
} from '../translate/layout.js';
import { TypeRegistry } from '../translate/module.js';
import type { Space } from './space.js';

/** Where a function's code is: a Low IR function of the store, or a host address. */
export type CodeRef = { readonly name: string } | { readonly address: bigint };

/** Something an instance exports (or a host provides) for imports. */
export type ExternValue =
  | {
      readonly kind: 'func';
      readonly type: FuncType;
      readonly code: CodeRef;
      readonly context: bigint;
      readonly entry?: string;
    }
  | { readonly kind: 'memory'; readonly descriptor: bigint; readonly limits: Limits }
  | { readonly kind: 'table'; readonly descriptor: bigint; readonly limits: Limits }
  | {
      readonly kind: 'global';
      readonly cell: bigint;
      readonly type: GlobalType;
      readonly getter?: string;
    };

/** How a call ended: results as bits (unsigned, at their width), a trap, or a fault that is no trap. */
export type Outcome =
  | { readonly kind: 'values'; readonly values: readonly bigint[] }
  | {
      readonly kind: 'trap';
      readonly trap: string;
      /** For a `host_error` trap: what the JavaScript host function threw (host.ts). */
      readonly error?: unknown;
    }
  | { readonly kind: 'fault'; readonly signal: number; readonly offset: number };

/** A queued call; `outcome` is set by `Store.run`. */
export class Pending {
  outcome: Outcome | undefined;
  constructor(readonly results: readonly ValType[]) {}
}

/** A link error (unknown import, incompatible import type): the module is not instantiated. */
export class LinkError extends WasmError {}

/** An instance: its exports and its context. */
export interface Instance {
  readonly exports: ReadonlyMap<string, ExternValue>;
  readonly context: bigint;
  /** The instantiation routine's call (traps if a segment does not fit, or in the start function). */
  readonly init: Pending;
}

/** A target: the machine definition, and whether its code runs in this process. */
export interface Target {
  readonly machine: LoadedMachine;
  /** True when the host runs the machine's code (else the machine's emulator runs it). */
  readonly native: boolean;
}

/** Pages a memory without a maximum may grow to (an implementation limit). */
export const MEMORY_PAGE_LIMIT = { native: 4096, emulated: 1024 } as const;

/** A module of the store with its prefix, for compiling. */
export interface StoreModule {
  readonly module: WasmModule;
  readonly prefix: string;
}

/** A queued call of an entry `thunk(ctx, io)`. */
export interface QueuedCall {
  readonly thunk: CodeRef;
  readonly context: bigint;
  readonly io: bigint;
  readonly pending: Pending;
}

/**
 * A JavaScript function the store's code calls (host.ts): its adapter reads
 * the callback's address from `record` (written before a native run) and
 * calls it with `record`, which finds this entry.
 */
export interface HostCall {
  /** Address of the adapter's record (P bytes): the callback's address. */
  readonly record: bigint;
  /** Reads the arguments from the io buffer, calls the function, writes its results back; throws what it throws. */
  readonly call: () => void;
}

/** Instances and queued calls of one target (see the module comment). */
export class Store {
  readonly types = new TypeRegistry();
  readonly modules: StoreModule[] = [];
  readonly calls: QueuedCall[] = [];
  /** Context slots holding code addresses, written once the code is linked. */
  readonly codeSlots: { readonly at: bigint; readonly code: CodeRef }[] = [];
  /** Extra Low IR text compiled with the modules (host modules such as spectest). */
  readonly extraText: string[] = [];
  /** JavaScript host functions (host.ts; native stores only). */
  readonly hostCalls: HostCall[] = [];
  readonly P: 32 | 64;
  readonly storeBlock: bigint;
  /** What translation does with instructions not supported yet (see TranslateEnv.unsupported). */
  unsupported: 'error' | 'trap' = 'error';
  /** Verify the Low IR stream while compiling (a translator bug check). */
  verify = true;
  private ran = false;

  constructor(
    readonly target: Target,
    readonly space: Space,
  ) {
    this.P = target.machine.def.pointerWidth as 32 | 64;
    this.storeBlock = space.alloc(16);
  }

  /** Pointer bytes. */
  get B(): number {
    return this.P / 8;
  }

  /** Allocates a linear memory with `limits`; returns its descriptor's address. */
  allocateMemory(limits: Limits): bigint {
    const cap = this.target.native ? MEMORY_PAGE_LIMIT.native : MEMORY_PAGE_LIMIT.emulated;
    const max = Math.min(limits.max ?? cap, cap, 65536);
    if (limits.min > max)
      throw new WasmError(
        `a memory of ${limits.min} pages is larger than this runtime allows (${max} pages)`,
      );
    const M = memoryLayout(this.B);
    const d = this.space.alloc(M.size);
    const base = this.space.alloc(max * PAGE_BYTES, true);
    this.space.writeInt(d + BigInt(M.base), this.B, base);
    this.space.writeInt(d + BigInt(M.bytes), this.B, BigInt(limits.min * PAGE_BYTES));
    this.space.writeInt(d + BigInt(M.pages), 4, BigInt(limits.min));
    this.space.writeInt(d + BigInt(M.maxPages), 4, BigInt(max));
    return d;
  }

  /** Allocates a table with `limits` (all entries null); returns its descriptor's address. */
  allocateTable(limits: Limits): bigint {
    const T = tableLayout(this.B);
    const d = this.space.alloc(T.size);
    const entries = this.space.alloc(Math.max(1, limits.min) * T.entry.size);
    this.space.writeInt(d + BigInt(T.base), this.B, entries);
    this.space.writeInt(d + BigInt(T.length), 4, BigInt(limits.min));
    this.space.writeInt(d + BigInt(T.max), 4, BigInt(limits.max ?? 0xffff_ffff));
    return d;
  }

  /** Allocates a global's cell holding `bits`. */
  allocateGlobal(bits: bigint): bigint {
    const cell = this.space.alloc(GLOBAL_CELL_BYTES);
    this.space.writeInt(cell, GLOBAL_CELL_BYTES, bits);
    return cell;
  }

  /**
   * Instantiates `m`: links its imports (`resolve` finds each; a missing or
   * incompatible one is a LinkError), lays out its data and queues its
   * initialisation.
   */
  instantiate(
    m: WasmModule,
    resolve: (module: string, name: string) => ExternValue | undefined,
  ): Instance {
    if (this.ran) throw new Error('this store has already run');
    const prefix = `w${this.modules.length}_`;
    const layout = new ContextLayout(this.P, m.globalTypes.length, m.importedFunctions);
    const imports = m.imports.map((imp) => {
      const v = resolve(imp.module, imp.name);
      if (v === undefined) throw new LinkError(`unknown import ${imp.module}.${imp.name}`, m.file);
      if (v.kind !== imp.kind)
        throw new LinkError(`incompatible import type for ${imp.module}.${imp.name}`, m.file);
      const ok =
        (imp.kind === 'func' && v.kind === 'func' && sameType(m.types[imp.type]!, v.type)) ||
        (imp.kind === 'global' &&
          v.kind === 'global' &&
          v.type.type === imp.global.type &&
          v.type.mutable === imp.global.mutable) ||
        ((imp.kind === 'memory' || imp.kind === 'table') &&
          (v.kind === 'memory' || v.kind === 'table') &&
          limitsMatch(v.limits, imp.limits));
      if (!ok)
        throw new LinkError(`incompatible import type for ${imp.module}.${imp.name}`, m.file);
      return v;
    });
    this.modules.push({ module: m, prefix });
    const ctx = this.space.alloc(layout.size);
    const put = (offset: number, v: bigint) => this.space.writeInt(ctx + BigInt(offset), this.B, v);
    put(layout.store, this.storeBlock);
    let memory: ExternValue | undefined = imports.find((v) => v.kind === 'memory');
    if (memory === undefined && m.memories.length > 0)
      memory = {
        kind: 'memory',
        descriptor: this.allocateMemory(m.memories[0]!),
        limits: m.memories[0]!,
      };
    let table: ExternValue | undefined = imports.find((v) => v.kind === 'table');
    if (table === undefined && m.tables.length > 0)
      table = { kind: 'table', descriptor: this.allocateTable(m.tables[0]!), limits: m.tables[0]! };
    if (memory?.kind === 'memory') put(layout.memory, memory.descriptor);
    if (table?.kind === 'table') put(layout.table, table.descriptor);
    const cells: bigint[] = imports.flatMap((v) => (v.kind === 'global' ? [v.cell] : []));
    for (const _g of m.globals) cells.push(this.allocateGlobal(0n));
    cells.forEach((c, i) => {
      put(layout.global(i), c);
    });
    const funcs: { code: CodeRef; context: bigint }[] = imports.flatMap((v) =>
      v.kind === 'func' ? [{ code: v.code, context: v.context }] : [],
    );
    funcs.forEach((f, k) => {
      this.codeSlots.push({ at: ctx + BigInt(layout.importCode(k)), code: f.code });
      put(layout.importContext(k), f.context);
    });
    for (let index = m.importedFunctions; index < m.functionTypes.length; index++)
      funcs.push({ code: { name: `${prefix}f${index}` }, context: ctx });
    const exports = new Map<string, ExternValue>();
    m.exports.forEach((e, k) => {
      if (e.kind === 'func') {
        const f = funcs[e.index]!;
        const type = m.types[m.functionTypes[e.index]!]!;
        exports.set(e.name, {
          kind: 'func',
          type,
          code: f.code,
          context: f.context,
          entry: `${prefix}export${k}`,
        });
      } else if (e.kind === 'global') {
        exports.set(e.name, {
          kind: 'global',
          cell: cells[e.index]!,
          type: m.globalTypes[e.index]!,
          getter: `${prefix}global${k}`,
        });
      } else if (e.kind === 'memory' && memory) exports.set(e.name, memory);
      else if (e.kind === 'table' && table) exports.set(e.name, table);
    });
    const blob = this.space.alloc(m.data.reduce((n, d) => n + d.bytes.length, 0));
    let at = blob;
    for (const d of m.data) {
      this.space.write(at, d.bytes);
      at += BigInt(d.bytes.length);
    }
    const init = new Pending([]);
    this.calls.push({ thunk: { name: `${prefix}init` }, context: ctx, io: blob, pending: init });
    return { exports, context: ctx, init };
  }

  /** Queues a call of exported function `name` with arguments given as bits. */
  invoke(instance: Instance, name: string, args: readonly bigint[]): Pending {
    const f = instance.exports.get(name);
    if (f?.kind !== 'func' || f.entry === undefined)
      throw new WasmError(`no exported function "${name}"`);
    if (args.length !== f.type.params.length)
      throw new WasmError(`"${name}" takes ${f.type.params.length} arguments, not ${args.length}`);
    const io = this.space.alloc(8 * Math.max(1, f.type.params.length, f.type.results.length));
    args.forEach((a, k) => {
      this.space.writeInt(io + BigInt(8 * k), 8, a);
    });
    const pending = new Pending(f.type.results);
    this.calls.push({ thunk: { name: f.entry }, context: instance.context, io, pending });
    return pending;
  }

  /** Queues a read of exported global `name` (through its getter). */
  get(instance: Instance, name: string): Pending {
    const g = instance.exports.get(name);
    if (g?.kind !== 'global' || g.getter === undefined)
      throw new WasmError(`no exported global "${name}"`);
    const getter = g.getter;
    const io = this.space.alloc(8);
    const pending = new Pending([g.type.type]);
    this.calls.push({ thunk: { name: getter }, context: instance.context, io, pending });
    return pending;
  }

  /** Marks the store as run (the executors call this first). */
  markRun(): void {
    if (this.ran) throw new Error('a store runs once');
    this.ran = true;
  }
}

function sameType(a: FuncType, b: FuncType): boolean {
  return a.params.join() === b.params.join() && a.results.join() === b.results.join();
}

/** Whether actual limits satisfy an import's declared ones. */
function limitsMatch(actual: Limits, declared: Limits): boolean {
  if (actual.min < declared.min) return false;
  if (declared.max === undefined) return true;
  return actual.max !== undefined && actual.max <= declared.max;
}
