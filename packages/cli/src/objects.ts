/**
 * What `lirc compile --emit obj` puts in an ELF object besides the code,
 * for each kind of input (the contract docs/objects.md describes):
 *
 * - a `.lir` module: every function as a global symbol of its own name;
 *   with `memory N` (or data), the module's memory image as the object
 *   `lirc_memory` (N bytes, each `data` segment at its offset);
 * - a WebAssembly module: each exported function as a global symbol named
 *   by its export (the translated function itself, which takes the
 *   instance context first), the instantiation routine `wasm_init(ctx,
 *   data)` and the data segments' bytes, one after another, as
 *   `wasm_data`; the rest of the glue and the functions are local.
 */
import type { ElfObjectOptions, ObjectData } from '@lirc/core';
import type { Module } from '@lirc/low-ir';
import type { TranslatedModule } from '@lirc/wasm';
import { CliError } from './io.js';

/** Name of the memory image of a `.lir` module in its object. */
export const LIR_MEMORY_SYMBOL = 'lirc_memory';
/** Names of a WebAssembly object's instantiation routine and data blob. */
export const WASM_INIT_SYMBOL = 'wasm_init';
export const WASM_DATA_SYMBOL = 'wasm_data';

/** The object contents of a `.lir` module. */
export function lirObjectOptions(module: Module): ElfObjectOptions {
  const h = module.header;
  const end = Math.max(0, ...h.data.map((d) => d.offset + d.bytes.length));
  if (h.memorySize === undefined && h.data.length === 0) return {};
  const size = Math.max(h.memorySize ?? 0, end);
  const bytes = new Uint8Array(end);
  for (const d of h.data) bytes.set(d.bytes, d.offset);
  return { data: [{ name: LIR_MEMORY_SYMBOL, bytes, size }] };
}

/** The object contents of a translated WebAssembly module. */
export function wasmObjectOptions(translated: TranslatedModule, file: string): ElfObjectOptions {
  const m = translated.module;
  const aliases = m.exports.flatMap((e) => {
    if (e.kind !== 'func' || e.index < m.importedFunctions) return [];
    if (e.name === WASM_INIT_SYMBOL || e.name === WASM_DATA_SYMBOL || e.name.includes('\0'))
      throw new CliError(`${file}: export "${e.name}" cannot be a symbol of the object`);
    return [{ name: e.name, of: translated.functionName(e.index) }];
  });
  const size = m.data.reduce((n, d) => n + d.bytes.length, 0);
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const d of m.data) {
    bytes.set(d.bytes, at);
    at += d.bytes.length;
  }
  const data: ObjectData[] = [{ name: WASM_DATA_SYMBOL, bytes }];
  // The routine's own name is wasm_init (the translator's default prefix).
  return { isGlobal: (name) => name === translated.glue.init, aliases, data };
}
