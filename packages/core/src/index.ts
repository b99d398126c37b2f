/**
 * @lirc/core: the streaming register allocator and code generator (LIRC).
 * See docs/lirc-core.md for the design and for what is built so far: the
 * allocation state with its invariant check, parallel moves, code
 * generation with labels, spilling, frames, calls and module linking, and
 * the pair legalization of 64-bit values for 32-bit machines.
 */

export type { FunctionReference } from './compiler/context.js';
export { CompileError } from './compiler/errors.js';
export type {
  CompiledFunction,
  EmittedCode,
  InstructionRecord,
  TrapSite,
} from './compiler/function.js';
export type { CompiledModule, CompilerOptions } from './compiler/module.js';
export { findTrapSite, ModuleCompiler } from './compiler/module.js';
// Host glue in Low IR: guarded entries, the signal handler, a start routine
export type { HostBlockLayout } from './host/block.js';
export { hostBlockLayout } from './host/block.js';
export { GLUE, guardedEntry, guardedEntryName, RESULT_BYTES, signalGlue } from './host/glue.js';
export type { BatchLayout } from './host/start.js';
export { batchLayout, batchStart, INSTALL_FAILED, OUTCOME_BYTES, START } from './host/start.js';
export type { Move } from './moves.js';
export { MoveError, sequentializeMoves } from './moves.js';
// ELF relocatable objects and assembly text of a linked module
export type { AssemblyOptions } from './object/assembly.js';
export { writeAssembly } from './object/assembly.js';
export type { ElfObjectOptions, ObjectData } from './object/elf-object.js';
export { writeElfObject } from './object/elf-object.js';
// The pair legalization: 64-bit values in pairs of 32-bit registers
export type { PairStageOptions } from './pairs/stage.js';
export { PairLegalizer, splitsWideIntegers } from './pairs/stage.js';
export type { Location } from './state.js';
export { AllocationError, AllocationState, locationKey } from './state.js';
