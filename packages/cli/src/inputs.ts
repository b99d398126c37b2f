/**
 * Which kind of input a file of `lirc run` and `lirc compile` is: Low IR
 * text when its name ends in `.lir`, else a WebAssembly module (binary or
 * text; wasm-load.ts tells them apart by content).
 */

/** Whether `file` is read as a Low IR module (its name ends in `.lir`). */
export function isLirFile(file: string): boolean {
  return file.toLowerCase().endsWith('.lir');
}
