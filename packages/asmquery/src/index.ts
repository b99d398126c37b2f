/**
 * @lirc/asmquery: finds the machine instructions that implement a sequence of
 * Low IR actions, from a declarative machine definition.
 *
 * Pipeline: a MachineDefinition (machine-defs/<isa>/) is validated and
 * compiled by loadMachine; a Matcher built on it answers queries (which forms
 * implement these buffered actions, given where the inputs are now) with
 * ranked candidates; encodeForm / formatForm turn a chosen form and operands
 * into bytes and assembly text; runOracle checks every form against llvm-mc.
 */

export type { BufferOperand, FinishedCode } from './encoding/buffer.js';
export { CodeBuffer } from './encoding/buffer.js';
// Encoding and printing
export type { EncodedForm, OperandInput, Operands, PrintOptions } from './encoding/encode.js';
export {
  EncodeError,
  encodeForm,
  formatForm,
  immediateFits,
  labelFits,
  labelTargetFor,
  registerName,
} from './encoding/encode.js';
export {
  bitFormat,
  enc,
  fixed,
  func,
  group,
  imm,
  LayoutError,
  label,
  parseLayout,
  reg,
  sym,
} from './machine/builders.js';
export type { SemanticsControl, SemanticsOutcome } from './machine/evaluate.js';
export { evaluateSemantics } from './machine/evaluate.js';
// Loading
export type { CompiledForm, LoadedMachine, OutputLocation } from './machine/load.js';
export { loadMachine, MachineDefinitionError, paramRegisters } from './machine/load.js';
export type { SemAction, SemOperand } from './machine/semantics.js';
export { actionKey } from './machine/semantics.js';
// Writing machine definitions
export type {
  AbiDef,
  AssemblySyntaxDef,
  EncodeContext,
  Encoded,
  EncodingSpec,
  FieldValue,
  FormatCheckContext,
  FormatDef,
  FormatField,
  FormDef,
  LinuxAbi,
  MachineDefinition,
  ObjectFormatDef,
  OperandValue,
  OracleConfig,
  ParamDef,
  RegisterClass,
  RegisterDef,
  RelocationRequest,
  SpecialRegisters,
} from './machine/types.js';
export type { OracleCase } from './oracle/cases.js';
export { generateCases, paramDomain } from './oracle/cases.js';

// The llvm-mc oracle
export type { OracleFailure, OracleOptions, OracleReport } from './oracle/oracle.js';
export { normalizeAsm, runOracle } from './oracle/oracle.js';
// Queries
export type {
  Binding,
  Candidate,
  MatcherOptions,
  Query,
  RejectionTrace,
  ValueLocation,
} from './query/matcher.js';
export { describeImmediate, Matcher } from './query/matcher.js';
export { Bitset, FormTables } from './query/tables.js';
export type { WindowSpec } from './query/text-query.js';
export { inReg, windowQuery } from './query/text-query.js';
