/**
 * Reading a WebAssembly module for `lirc run` and `lirc compile`: the file's
 * bytes (binary `.wasm` or text `.wat`) through binaryen (validation, and
 * wasm-opt's passes with `-O`), then LIRC's decoder, which validates every
 * function body itself. A binary module is decoded from the file's own
 * bytes unless `-O` rewrote it: binaryen's re-encoding drops unreachable
 * code, and with it type errors there that the spec rejects. (Text goes
 * through binaryen's encoding, so such errors in a `.wat` pass unseen.)
 * Every problem with the input is a CliError (exit 1) naming the file.
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
    const optimize = options.optimize ?? false;
    const started = performance.now();
    const binary = await prepareModule({ bytes, file }, { optimize });
    const prepared = performance.now();
    const module = decodeModule(isBinary(bytes) && !optimize ? bytes : binary, file);
    return { module, prepareMs: prepared - started, decodeMs: performance.now() - prepared };
  } catch (e) {
    throw userError(e, { file });
  }
}

/** Whether `bytes` start with the WebAssembly binary magic (`\0asm`). */
function isBinary(bytes: Uint8Array): boolean {
  return bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}
