/**
 * @lirc/low-ir: the Low IR language of LIRC.
 *
 * Pipeline of this package: a producer (ModuleBuilder, parseLir, moduleFromJson)
 * streams a module into LowIrSink consumers: Verifier (checks), TextPrinter
 * (canonical `.lir`), ModuleCollector (a Module in memory), which the
 * Interpreter runs as the reference semantics. The ActionRegistry holds every
 * action's shape, effects and evaluator.
 */

export { TrapKinds } from './actions/define.js';
export { createStandardRegistry, STANDARD_REGISTRY } from './actions/standard.js';
// Bits, floats and docs helpers
export { fitsWidth, toSigned, wrap } from './bits.js';
export type {
  BuildOperand,
  FuncName,
  Label,
  ParamSpec,
  ResultOptions,
  Sym,
  Value,
} from './builder.js';
export { externDecl, FunctionBuilder, func, ModuleBuilder, sym } from './builder.js';
export { ModuleCollector } from './collector.js';
// Verification and errors
export type { Diagnostic } from './errors.js';
export { formatDiagnostic, LirSyntaxError, LowIrVerificationError } from './errors.js';
export { f32FromBits, f32ToBits, f64FromBits, f64ToBits } from './floats.js';
// Reference interpreter
export type { HostFunction, InterpreterOptions, RunResult } from './interpreter/interpreter.js';
export { Interpreter, InterpreterError } from './interpreter/interpreter.js';
export { LinearMemory } from './interpreter/memory.js';
// Data model
export type {
  Action,
  BodyItem,
  DataSegment,
  ExternDecl,
  FunctionDef,
  FunctionHeader,
  LabelDef,
  LabelRef,
  Location,
  Module,
  ModuleHeader,
  Operand,
  ResultSlot,
  SourcePos,
  ValueDef,
} from './ir.js';
export { DEFAULT_MODULE_HEADER } from './ir.js';
// JSON form
export type { ModuleJson } from './json.js';
export { LowIrJsonError, ModuleJsonSchema, moduleFromJson, moduleToJson } from './json.js';
// Convenience: text → module in one call
export { loadLir, parseModule } from './load.js';
// Random programs (differential testing)
export { generateProgram, RANDOM_ENTRY } from './random/generate.js';
export type { RandomProgram, RandomProgramOptions } from './random/options.js';
export { Prng } from './random/prng.js';
export type { ShrinkOptions } from './random/shrink.js';
export { programSize, shrinkProgram } from './random/shrink.js';
export {
  describeShape,
  REFERENCE_BEGIN,
  REFERENCE_END,
  renderActionReference,
} from './reference.js';
// Action registry
export type {
  ActionEffects,
  ActionSignature,
  ActionSpec,
  ControlKind,
  EvalContext,
  Evaluator,
  MemoryAccess,
  OperandRule,
} from './registry.js';
export { ActionRegistry, allowsWidths, formatWidths, TrapSignal } from './registry.js';
// Streaming
export type { LowIrSink } from './sink.js';
export { functionsOnly, replayModule, teeSink } from './sink.js';
// Text form
export type { ParseOptions } from './text/parser.js';
export { parseLir } from './text/parser.js';
export { formatAction, printToString, TextPrinter } from './text/printer.js';
export type { VerifierOptions } from './verifier.js';
export { assertValid, VALUE_WIDTHS, Verifier, verifyModule } from './verifier.js';
