/**
 * @lirc/core: the streaming register allocator and code generator (LIRC).
 * See docs/lirc-core.md for the design and for what is built so far: the
 * allocation state with its invariant check, parallel moves, code
 * generation with labels, spilling, frames, calls and module linking,
 * the pair legalization of 64-bit values for 32-bit machines, and the
 * explain recorder (what the compiler decided, for `lirc explain`).
 */

export type { FunctionReference } from './compiler/context.js';
export { CompileError } from './compiler/errors.js';
// Explanations (`lirc explain`): the events the compiler reports when asked, and a collector
export type {
  ActionOrigin,
  CandidateVerdict,
  ExplainEvent,
  ExplainRecorder,
  FinishedInstruction,
  LiveValue,
  MoveNote,
  Rejection,
} from './compiler/explain.js';
export type {
  CompiledAction,
  ExplainedInstruction,
  FunctionExplanation,
  InputAction,
  InstructionRole,
} from './compiler/explain-collector.js';
export { ExplainCollector } from './compiler/explain-collector.js';
export type {
  CompiledFunction,
  EmittedCode,
  InstructionRecord,
  TrapSite,
} from './compiler/function.js';
export type { CompiledModule, CompilerOptions } from './compiler/module.js';
export { findTrapSite, ModuleCompiler } from './compiler/module.js';
// What LIRC needs of every machine definition (checked by `lirc mdef check`)
export type { GenericRequirement } from './compiler/requirements.js';
export { genericRequirements, NO_INSTRUCTION_ACTIONS } from './compiler/requirements.js';
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
