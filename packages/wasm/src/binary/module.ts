/**
 * Decodes the structure of a WebAssembly 1.0 binary (with multi-value and
 * sign-extension): types, imports, functions, tables, memories, globals,
 * exports, start, element and data segments. Function bodies are kept as
 * byte ranges for the streaming translator (translate/); each is validated
 * here in one pass (validate.ts), so decoding a module costs time linear in
 * its size.
 *
 * The module has been validated (binaryen) before it gets here; this decoder
 * still checks what it reads and reports malformed bytes as a WasmError, and
 * validates the function bodies itself (binaryen accepts some invalid ones).
 */
import { WasmError } from '../errors.js';
import { Reader } from './reader.js';
import { validateFunctions } from './validate.js';

/** A value type of WebAssembly 1.0. */
export type ValType = 'i32' | 'i64' | 'f32' | 'f64';

/** A function type. */
export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** Limits of a memory (in 64 KiB pages) or a table (in entries). */
export interface Limits {
  readonly min: number;
  readonly max?: number;
}

/** A global's type. */
export interface GlobalType {
  readonly type: ValType;
  readonly mutable: boolean;
}

/** A constant expression: a constant, or the value of an (imported) global. */
export type ConstExpr =
  | { readonly kind: 'const'; readonly type: ValType; readonly bits: bigint }
  | { readonly kind: 'global'; readonly index: number };

/** What an import or export names. */
export type ExternKind = 'func' | 'table' | 'memory' | 'global';

/** An import and its type. */
export type Import = { readonly module: string; readonly name: string } & (
  | { readonly kind: 'func'; readonly type: number }
  | { readonly kind: 'table'; readonly limits: Limits }
  | { readonly kind: 'memory'; readonly limits: Limits }
  | { readonly kind: 'global'; readonly global: GlobalType }
);

/** An export. */
export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
}

/** A defined global. */
export interface Global {
  readonly type: GlobalType;
  readonly init: ConstExpr;
}

/** An active element segment (function indices into table `table`). */
export interface ElementSegment {
  readonly table: number;
  readonly offset: ConstExpr;
  readonly functions: readonly number[];
}

/** An active data segment. */
export interface DataSegment {
  readonly memory: number;
  readonly offset: ConstExpr;
  readonly bytes: Uint8Array;
}

/** A function body: its byte range in the binary (local declarations, then code). */
export interface FunctionBody {
  readonly start: number;
  readonly end: number;
}

/** A decoded module. Index spaces count imports first, as in WebAssembly. */
export interface WasmModule {
  readonly bytes: Uint8Array;
  readonly file?: string;
  readonly types: readonly FuncType[];
  readonly imports: readonly Import[];
  /** The type index of every function, imported ones first. */
  readonly functionTypes: readonly number[];
  readonly importedFunctions: number;
  /** Every table (imported first). */
  readonly tables: readonly Limits[];
  readonly importedTables: number;
  readonly memories: readonly Limits[];
  readonly importedMemories: number;
  /** Every global's type (imported first). */
  readonly globalTypes: readonly GlobalType[];
  readonly importedGlobals: number;
  /** The defined globals. */
  readonly globals: readonly Global[];
  readonly exports: readonly Export[];
  readonly start?: number;
  readonly elements: readonly ElementSegment[];
  readonly data: readonly DataSegment[];
  /** The bodies of the defined functions, in order. */
  readonly bodies: readonly FunctionBody[];
  /** Bytes of the code section. */
  readonly codeBytes: number;
}

const VALTYPES: Record<number, ValType> = { 127: 'i32', 126: 'i64', 125: 'f32', 124: 'f64' };

/** Reads a value type byte. */
export function readValType(r: Reader): ValType {
  const at = r.pos;
  const t = VALTYPES[r.u8()];
  if (t === undefined) throw r.error('unknown value type', at);
  return t;
}

function readLimits(r: Reader): Limits {
  const flag = r.u8();
  if (flag === 0) return { min: r.u32() };
  if (flag === 1) return { min: r.u32(), max: r.u32() };
  throw r.error('integer too large');
}

function readTableType(r: Reader): Limits {
  const at = r.pos;
  if (r.u8() !== 0x70) throw r.error('only funcref tables are supported', at);
  return readLimits(r);
}

function readGlobalType(r: Reader): GlobalType {
  const type = readValType(r);
  const m = r.u8();
  if (m > 1) throw r.error('malformed mutability');
  return { type, mutable: m === 1 };
}

function readConstExpr(r: Reader): ConstExpr {
  const at = r.pos;
  const op = r.u8();
  let expr: ConstExpr;
  switch (op) {
    case 0x41:
      expr = { kind: 'const', type: 'i32', bits: BigInt.asUintN(32, BigInt(r.s32())) };
      break;
    case 0x42:
      expr = { kind: 'const', type: 'i64', bits: BigInt.asUintN(64, r.s64()) };
      break;
    case 0x43:
      expr = { kind: 'const', type: 'f32', bits: BigInt(r.fixed32()) };
      break;
    case 0x44:
      expr = { kind: 'const', type: 'f64', bits: r.fixed64() };
      break;
    case 0x23:
      expr = { kind: 'global', index: r.u32() };
      break;
    default:
      throw r.error(`unsupported constant expression opcode 0x${op.toString(16)}`, at);
  }
  if (r.u8() !== 0x0b) throw r.error('constant expression does not end', at);
  return expr;
}

function vector<T>(r: Reader, item: () => T): T[] {
  const n = r.u32();
  const out: T[] = [];
  for (let k = 0; k < n; k++) out.push(item());
  return out;
}

/** Decodes a module's structure (see the module comment). */
export function decodeModule(bytes: Uint8Array, file?: string): WasmModule {
  const r = new Reader(bytes, 0, bytes.length, file);
  if (bytes.length < 8 || r.fixed32() !== 0x6d736100)
    throw new WasmError('not a WebAssembly binary (magic header missing)', file);
  if (r.fixed32() !== 1) throw r.error('unknown binary version');
  const types: FuncType[] = [];
  const imports: Import[] = [];
  const functionTypes: number[] = [];
  const tables: Limits[] = [];
  const memories: Limits[] = [];
  const globalTypes: GlobalType[] = [];
  const globals: Global[] = [];
  let exports: Export[] = [];
  let start: number | undefined;
  let elements: ElementSegment[] = [];
  let data: DataSegment[] = [];
  const bodies: FunctionBody[] = [];
  let codeBytes = 0;
  let counts = { func: 0, table: 0, memory: 0, global: 0 };
  let lastId = 0;
  while (!r.done) {
    const id = r.u8();
    const size = r.u32();
    const end = r.pos + size;
    if (end > bytes.length) throw r.error('section size mismatch');
    if (id !== 0) {
      if (id <= lastId) throw r.error('unexpected section order');
      lastId = id;
    }
    const s = new Reader(bytes, r.pos, end, file);
    switch (id) {
      case 0:
        s.name();
        s.pos = end;
        break;
      case 1:
        types.push(
          ...vector(s, () => {
            if (s.u8() !== 0x60) throw s.error('malformed function type');
            return {
              params: vector(s, () => readValType(s)),
              results: vector(s, () => readValType(s)),
            };
          }),
        );
        break;
      case 2:
        for (const imp of vector(s, () => readImport(s))) {
          imports.push(imp);
          if (imp.kind === 'func') functionTypes.push(imp.type);
          else if (imp.kind === 'table') tables.push(imp.limits);
          else if (imp.kind === 'memory') memories.push(imp.limits);
          else globalTypes.push(imp.global);
        }
        counts = {
          func: functionTypes.length,
          table: tables.length,
          memory: memories.length,
          global: globalTypes.length,
        };
        break;
      case 3:
        functionTypes.push(...vector(s, () => s.u32()));
        break;
      case 4:
        tables.push(...vector(s, () => readTableType(s)));
        break;
      case 5:
        memories.push(...vector(s, () => readLimits(s)));
        break;
      case 6:
        for (const g of vector(s, () => ({ type: readGlobalType(s), init: readConstExpr(s) }))) {
          globals.push(g);
          globalTypes.push(g.type);
        }
        break;
      case 7:
        exports = vector(s, () => {
          const name = s.name();
          const kind = (['func', 'table', 'memory', 'global'] as const)[s.u8()];
          if (kind === undefined) throw s.error('malformed export kind');
          return { name, kind, index: s.u32() };
        });
        break;
      case 8:
        start = s.u32();
        break;
      case 9:
        elements = vector(s, () => {
          const table = s.u32();
          if (table !== 0) throw s.error('only table 0 in element segments (WebAssembly 1.0)');
          return { table, offset: readConstExpr(s), functions: vector(s, () => s.u32()) };
        });
        break;
      case 10: {
        codeBytes = size;
        const n = s.u32();
        for (let k = 0; k < n; k++) {
          const len = s.u32();
          bodies.push({ start: s.pos, end: s.pos + len });
          s.take(len);
        }
        break;
      }
      case 11:
        data = vector(s, () => {
          const memory = s.u32();
          if (memory !== 0) throw s.error('only memory 0 in data segments (WebAssembly 1.0)');
          const offset = readConstExpr(s);
          return { memory, offset, bytes: s.take(s.u32()) };
        });
        break;
      default:
        throw r.error(`unknown or unsupported section ${id}`);
    }
    if (s.pos !== end) throw s.error('section size mismatch');
    r.pos = end;
  }
  if (bodies.length !== functionTypes.length - counts.func)
    throw new WasmError('function and code section have inconsistent lengths', file);
  const module: WasmModule = {
    bytes,
    ...(file === undefined ? {} : { file }),
    types,
    imports,
    functionTypes,
    importedFunctions: counts.func,
    tables,
    importedTables: counts.table,
    memories,
    importedMemories: counts.memory,
    globalTypes,
    importedGlobals: counts.global,
    globals,
    exports,
    ...(start === undefined ? {} : { start }),
    elements,
    data,
    bodies,
    codeBytes,
  };
  validateFunctions(module);
  return module;
}

function readImport(s: Reader): Import {
  const module = s.name();
  const name = s.name();
  const at = s.pos;
  switch (s.u8()) {
    case 0:
      return { module, name, kind: 'func', type: s.u32() };
    case 1:
      return { module, name, kind: 'table', limits: readTableType(s) };
    case 2:
      return { module, name, kind: 'memory', limits: readLimits(s) };
    case 3:
      return { module, name, kind: 'global', global: readGlobalType(s) };
    default:
      throw s.error('malformed import kind', at);
  }
}
