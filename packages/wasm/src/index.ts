/**
 * @lirc/wasm: the WebAssembly front end of LIRC. Public exports, by name.
 */
export { type ModuleInput, type PrepareOptions, prepareModule, randomModule } from './binaryen.js';
export {
  UnsupportedError,
  WasmError,
  type WasmErrorLocation,
  type WasmErrorWhere,
} from './errors.js';
export {
  type FileResult,
  type MarkdownOptions,
  renderMarkdown,
  renderText,
  type TextOptions,
} from './spec/report.js';
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
