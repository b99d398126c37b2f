/**
 * @lirc/wasm: the WebAssembly front end of LIRC. Public exports, by name.
 */

// Decoding and translation to Low IR
export {
  type ConstExpr,
  decodeModule,
  type Export,
  type FuncType,
  type GlobalType,
  type Import,
  type Limits,
  type ValType,
  type WasmModule,
} from './binary/module.js';
export { type ModuleInput, type PrepareOptions, prepareModule, randomModule } from './binaryen.js';
export {
  UnsupportedError,
  WasmError,
  type WasmErrorLocation,
  type WasmErrorWhere,
} from './errors.js';
// Runtime: stores, instances, targets
export {
  CALL_ENTRY,
  type CompileProgress,
  EMULATED_TIMEOUT_MS,
  type RunStats,
  RunTimeoutError,
  STACK_BUDGET,
} from './runtime/execute.js';
export { HOST_ERROR_TRAP, type HostFn, hostFunction } from './runtime/host.js';
export type { Space } from './runtime/space.js';
export { spectest } from './runtime/spectest.js';
export {
  type CodeRef,
  type ExternValue,
  type HostCall,
  type Instance,
  LinkError,
  MEMORY_PAGE_LIMIT,
  type Outcome,
  Pending,
  Store,
  type Target,
} from './runtime/store.js';
export {
  createStore,
  GUEST_DATA_BASE,
  hostElfMachine,
  type RunOptions,
  runStore,
  targetFor,
} from './runtime/target.js';
export {
  describeValue,
  fromBits,
  invokeTyped,
  isArithmeticNan,
  isCanonicalNan,
  TrapError,
  toBits,
  typedResult,
  type WasmResults,
  type WasmValue,
} from './runtime/values.js';
export {
  type FileResult,
  type MarkdownOptions,
  renderMarkdown,
  renderText,
  type TextOptions,
} from './spec/report.js';
export {
  matchesExpected,
  runSpecFile,
  type SpecRunOptions,
  UNSUPPORTED_SKIP,
} from './spec/runner.js';
export {
  type ActionCommand,
  type AssertActionFailsCommand,
  type AssertModuleFailsCommand,
  type AssertReturnCommand,
  convertWast,
  type ExpectedValue,
  type GetAction,
  type InvokeAction,
  type ModuleCommand,
  type ModuleFile,
  type NanPattern,
  type RegisterCommand,
  type SpecAction,
  type SpecCommand,
  type SpecScript,
  type SpecValue,
  type ValueType,
  WastConversionError,
} from './spec/script.js';
export { UNSUPPORTED_TRAP } from './translate/function.js';
export { SEGMENT_TRAPS } from './translate/glue.js';
export { WASM_TRAPS } from './translate/layout.js';
export {
  type TranslatedModule,
  type TranslateOptions,
  TypeRegistry,
  translateModule,
} from './translate/module.js';
