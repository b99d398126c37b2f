/**
 * Spec test scripts: turns a `.wast` file of the WebAssembly core testsuite
 * into typed commands, through wabt's `wast2json` (Debian package `wabt`),
 * which writes `<name>.json` and the modules as `<name>.N.wasm` (or `.wat` for
 * text modules of `assert_malformed`). The runner executes the commands.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** A Wasm number type. */
export type ValueType = 'i32' | 'i64' | 'f32' | 'f64';

/**
 * A value: the bits of the number as an unsigned integer (floats as their
 * IEEE bits, e.g. f32 1.0 is 1065353216n), as wast2json writes them.
 */
export interface SpecValue {
  type: ValueType;
  value: bigint;
}

/** An expected float result that is any canonical or any arithmetic NaN. */
export interface NanPattern {
  type: 'f32' | 'f64';
  value: 'nan:canonical' | 'nan:arithmetic';
}

/** An expected result of `assert_return`. */
export type ExpectedValue = SpecValue | NanPattern;

/** Calls an export, of the named module or of the last one defined. */
export interface InvokeAction {
  type: 'invoke';
  /** The module's `$name`; absent for the most recent module. */
  module?: string;
  field: string;
  args: SpecValue[];
}

/** Reads an exported global. */
export interface GetAction {
  type: 'get';
  module?: string;
  field: string;
}

/** An action of a spec script: an invoke or a get. */
export type SpecAction = InvokeAction | GetAction;

/** A module file written by wast2json: binary (.wasm) or text (.wat). */
export interface ModuleFile {
  /** The file's path (in the output directory). */
  path: string;
  format: 'binary' | 'text';
}

/** Defines (instantiates) a module; it becomes the current one. */
export interface ModuleCommand {
  type: 'module';
  line: number;
  /** The module's `$name`, if it has one. */
  name?: string;
  path: string;
}

/** Makes a module's exports importable under the module name `as`. */
export interface RegisterCommand {
  type: 'register';
  line: number;
  as: string;
  /** The registered module's `$name`; absent for the current module. */
  name?: string;
}

/** Performs an action and ignores its results (whose types are given). */
export interface ActionCommand {
  type: 'action';
  line: number;
  action: SpecAction;
  resultTypes: ValueType[];
}

/** The action's results equal `expected`. */
export interface AssertReturnCommand {
  type: 'assert_return';
  line: number;
  action: SpecAction;
  expected: ExpectedValue[];
}

/** The action traps (`assert_trap`) or exhausts the call stack (`assert_exhaustion`). */
export interface AssertActionFailsCommand {
  type: 'assert_trap' | 'assert_exhaustion';
  line: number;
  action: SpecAction;
  /** The spec interpreter's message, e.g. `integer divide by zero`. */
  message: string;
  resultTypes: ValueType[];
}

/**
 * The module is rejected: does not decode or parse (`assert_malformed`),
 * does not validate (`assert_invalid`), has imports that cannot be resolved
 * (`assert_unlinkable`) or traps while instantiating (`assert_uninstantiable`).
 */
export interface AssertModuleFailsCommand {
  type: 'assert_malformed' | 'assert_invalid' | 'assert_unlinkable' | 'assert_uninstantiable';
  line: number;
  module: ModuleFile;
  message: string;
}

/** One command of a script; `line` is its line in the .wast file. */
export type SpecCommand =
  | ModuleCommand
  | RegisterCommand
  | ActionCommand
  | AssertReturnCommand
  | AssertActionFailsCommand
  | AssertModuleFailsCommand;

/** A converted .wast file. */
export interface SpecScript {
  /** The .wast file. */
  source: string;
  /** The JSON file wast2json wrote; the module files are next to it. */
  json: string;
  commands: SpecCommand[];
}

/**
 * A .wast file that cannot be converted (wast2json rejects it, or it uses a
 * value type this layer does not know). The caller skips the whole file:
 * `reason` is short and without location, for counting; `message` is whole.
 */
export class WastConversionError extends Error {
  constructor(
    readonly wastPath: string,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'WastConversionError';
  }
}

/**
 * wast2json's feature flags for the 2020 spec snapshot: its defaults minus
 * reference types, bulk memory and SIMD. With reference types, elem.wast is
 * rejected ("redefinition of elem") and linking.wast gets the bulk-memory
 * instantiation semantics; with these flags both convert as the snapshot
 * means them (wabt's spectest-interp then passes both).
 */
const WAST2JSON_FLAGS = ['--disable-reference-types', '--disable-bulk-memory', '--disable-simd'];

/**
 * Converts `wastPath` with wast2json into `outDir` (created if missing) and
 * returns its commands in order.
 *
 * @throws WastConversionError when wast2json rejects the file (the caller
 *   skips the file with the reason); Error when wast2json is not installed.
 */
export function convertWast(wastPath: string, outDir: string): SpecScript {
  mkdirSync(outDir, { recursive: true });
  const json = join(outDir, `${basename(wastPath).replace(/\.wast$/, '')}.json`);
  const run = spawnSync('wast2json', [...WAST2JSON_FLAGS, wastPath, '-o', json], {
    encoding: 'utf8',
  });
  if (run.error) {
    if ((run.error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(
        'wast2json not found: it comes with the Debian package wabt (apt-get install wabt)',
      );
    throw run.error;
  }
  if (run.status !== 0) {
    const first = (run.stderr || run.stdout || `exit status ${run.status}`).trim().split('\n')[0]!;
    const problem = first.replace(/^.*?:\d+:\d+: (?:error: )?/, '');
    throw new WastConversionError(
      wastPath,
      `wast2json rejects the file: ${problem}`,
      `wast2json rejects ${first.replace(wastPath, basename(wastPath))}`,
    );
  }
  const data = JSON.parse(readFileSync(json, 'utf8')) as { commands: RawCommand[] };
  return {
    source: wastPath,
    json,
    commands: data.commands.map((c) => command(c, outDir, wastPath)),
  };
}

// --- wast2json's JSON ----------------------------------------------------

interface RawValue {
  type: string;
  value?: string;
}

interface RawAction {
  type: string;
  module?: string;
  field: string;
  args?: RawValue[];
}

interface RawCommand {
  type: string;
  line: number;
  filename?: string;
  name?: string;
  as?: string;
  module_type?: string;
  text?: string;
  action?: RawAction;
  expected?: RawValue[];
}

const VALUE_TYPES: readonly string[] = ['i32', 'i64', 'f32', 'f64'];

function unsupported(wastPath: string, line: number, what: string): WastConversionError {
  return new WastConversionError(
    wastPath,
    `unsupported in spec scripts: ${what}`,
    `${basename(wastPath)}:${line}: unsupported in spec scripts: ${what}`,
  );
}

function valueType(raw: RawValue, wastPath: string, line: number): ValueType {
  if (!VALUE_TYPES.includes(raw.type)) throw unsupported(wastPath, line, `value type ${raw.type}`);
  return raw.type as ValueType;
}

function value(raw: RawValue, wastPath: string, line: number): SpecValue {
  const type = valueType(raw, wastPath, line);
  if (raw.value === undefined || !/^\d+$/.test(raw.value))
    throw unsupported(wastPath, line, `${type} value ${raw.value ?? '(none)'}`);
  return { type, value: BigInt(raw.value) };
}

function expected(raw: RawValue, wastPath: string, line: number): ExpectedValue {
  if (raw.value === 'nan:canonical' || raw.value === 'nan:arithmetic') {
    const type = valueType(raw, wastPath, line);
    if (type !== 'f32' && type !== 'f64') throw unsupported(wastPath, line, `${type} NaN`);
    return { type, value: raw.value };
  }
  return value(raw, wastPath, line);
}

function action(raw: RawAction | undefined, wastPath: string, line: number): SpecAction {
  if (raw?.type === 'invoke') {
    const args = (raw.args ?? []).map((a) => value(a, wastPath, line));
    return { type: 'invoke', ...optional('module', raw.module), field: raw.field, args };
  }
  if (raw?.type === 'get')
    return { type: 'get', ...optional('module', raw.module), field: raw.field };
  throw unsupported(wastPath, line, `action ${raw?.type ?? '(none)'}`);
}

/** `{key: value}` when value is defined, else `{}` (no `undefined` members). */
function optional<K extends string>(key: K, v: string | undefined): { [k in K]?: string } {
  return v === undefined ? {} : ({ [key]: v } as { [k in K]: string });
}

function command(raw: RawCommand, outDir: string, wastPath: string): SpecCommand {
  const { line } = raw;
  switch (raw.type) {
    case 'module':
      return {
        type: 'module',
        line,
        ...optional('name', raw.name),
        path: join(outDir, raw.filename!),
      };
    case 'register':
      return { type: 'register', line, as: raw.as!, ...optional('name', raw.name) };
    case 'action':
      return {
        type: 'action',
        line,
        action: action(raw.action, wastPath, line),
        resultTypes: (raw.expected ?? []).map((v) => valueType(v, wastPath, line)),
      };
    case 'assert_return':
      return {
        type: 'assert_return',
        line,
        action: action(raw.action, wastPath, line),
        expected: (raw.expected ?? []).map((v) => expected(v, wastPath, line)),
      };
    case 'assert_trap':
    case 'assert_exhaustion':
      return {
        type: raw.type,
        line,
        action: action(raw.action, wastPath, line),
        message: raw.text ?? '',
        resultTypes: (raw.expected ?? []).map((v) => valueType(v, wastPath, line)),
      };
    case 'assert_malformed':
    case 'assert_invalid':
    case 'assert_unlinkable':
    case 'assert_uninstantiable':
      return {
        type: raw.type,
        line,
        module: {
          path: join(outDir, raw.filename!),
          format: raw.module_type === 'text' ? 'text' : 'binary',
        },
        message: raw.text ?? '',
      };
    default:
      throw unsupported(wastPath, line, `command ${raw.type}`);
  }
}
