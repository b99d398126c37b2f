/**
 * Reading a WebAssembly module for `lirc run` and `lirc compile`: the file's
 * bytes (binary `.wasm` or text `.wat`) through binaryen (validation, and
 * wasm-opt's passes with `-O`), then LIRC's decoder. Every problem with the
 * input is a CliError (exit 1) naming the file.
 */
import { decodeModule, prepareModule, type WasmModule } from '@lirc/wasm';
import { readBytes } from './files.js';
import { userError } from './wasm-errors.js';

/** A decoded module and what reading it cost. */
export interface LoadedWasm {
  readonly module: WasmModule;
  /** Milliseconds in binaryen: parse, validation and (with `optimize`) optimisation. */
  readonly prepareMs: number;
  /** Milliseconds decoding the validated binary. */
  readonly decodeMs: number;
}

/** Options of {@link loadWasm}. */
export interface LoadWasmOptions {
  /** Run binaryen's optimiser (wasm-opt's default passes) before decoding. */
  readonly optimize?: boolean;
}

/** Reads, validates (optionally optimises) and decodes the module in `file`. */
export async function loadWasm(file: string, options: LoadWasmOptions = {}): Promise<LoadedWasm> {
  const bytes = readBytes(file);
  try {
    const started = performance.now();
    const binary = await prepareModule({ bytes, file }, { optimize: options.optimize ?? false });
    const prepared = performance.now();
    const module = decodeModule(binary, file);
    return { module, prepareMs: prepared - started, decodeMs: performance.now() - prepared };
  } catch (e) {
    throw userError(e, { file });
  }
}
