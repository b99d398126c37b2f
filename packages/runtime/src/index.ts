/**
 * @lirc/runtime: runs machine code produced by LIRC. It takes bytes and runs
 * them; it knows no instruction set (target numbers such as an ELF machine or
 * a qemu binary come from the caller).
 *
 * - native: host code in this process (map, copy, make executable, call
 *   through koffi with a signature described as data);
 * - isolated: host code in a child process, so a crash or a hang is an
 *   outcome of one call, not a dead test runner (batches, fresh child after
 *   a crash);
 * - emulated: a static ELF32 executable run under qemu user-mode emulation,
 *   for guests other than the host.
 */

// Emulated executor: static ELF32 executables under qemu
export type { Elf32Executable, Elf32Layout, Elf32Options } from './elf.js';
export { buildStaticElf32, DEFAULT_ELF32_BASE, elf32Layout } from './elf.js';
export type { QemuOptions, QemuResult } from './emulator.js';
export { qemuMissingMessage, runQemu, ToolMissingError, toolAvailable } from './emulator.js';
// Isolated executor: host code in a child process
export type { CallOutcome, IsolatedCall, IsolatedOptions } from './isolated.js';
export { IsolatedRunner, IsolationError, runIsolated, runIsolatedBatch } from './isolated.js';
// Native executor: host code in this process
export type { HostFunction, LoadOptions, NativeFunction } from './native.js';
export {
  allocateMemory,
  ExecutableCode,
  HostMemory,
  hostFunction,
  loadCode,
} from './native.js';
// Signatures
export type { Signature, Value, ValueKind } from './signature.js';
export { checkSignature, formatSignature, signature, VALUE_KINDS } from './signature.js';
