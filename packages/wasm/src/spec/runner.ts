/**
 * The spec testsuite runner: runs the commands of one `.wast` file (converted
 * by script.ts) on one target and counts them as passed, failed or skipped
 * (report.ts renders the counts).
 *
 * A store runs once and makes its calls in order (runtime/store.ts), so the
 * whole file goes into one store: every module is instantiated and every
 * action queued while walking the commands, then the store runs, then the
 * queued checks read the outcomes. Checks that need no run (a module that
 * must not decode or validate, one that must not link) are decided while
 * walking. Instructions not supported yet translate to a trap of kind
 * `unsupported`; a command that ends in it is skipped with a reason.
 *
 * What counts: every module definition (passed when it loads and its
 * initialisation returns), every action and assertion. `register` is not a
 * check. Loading a module is binaryen's validation, decoding, and a
 * translation into a Low IR verifier, so that a module the translator
 * rejects or translates wrongly fails alone instead of the whole store. A
 * module that does not load makes the later commands that use it fail (or
 * be skipped, when it was skipped for an unsupported feature). When the
 * store as a whole cannot run (LIRC cannot compile a module, the emulator
 * fails), every check that needed the run fails with that one error, named
 * once in the failures.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { LowIrVerificationError, Verifier } from '@lirc/low-ir';
import { decodeModule, type ValType, type WasmModule } from '../binary/module.js';
import { prepareModule } from '../binaryen.js';
import { UnsupportedError, WasmError } from '../errors.js';
import { spectest } from '../runtime/spectest.js';
import {
  type ExternValue,
  type Instance,
  LinkError,
  type Outcome,
  type Pending,
  type Store,
  type Target,
} from '../runtime/store.js';
import { createStore, runStore } from '../runtime/target.js';
import { fromBits, isArithmeticNan, isCanonicalNan } from '../runtime/values.js';
import { UNSUPPORTED_TRAP } from '../translate/function.js';
import { SEGMENT_TRAPS } from '../translate/glue.js';
import { WASM_TRAPS } from '../translate/layout.js';
import { translateModule } from '../translate/module.js';
import type { FileResult } from './report.js';
import {
  convertWast,
  type ExpectedValue,
  type ModuleFile,
  type SpecAction,
  type SpecCommand,
  type SpecValue,
  WastConversionError,
} from './script.js';

/** Options of {@link runSpecFile}. */
export interface SpecRunOptions {
  /** The target's name in the result (default: the machine definition's name). */
  label?: string;
  /** How long the emulated run may take (default: the runtime's, 120 s). */
  timeoutMs?: number;
  /** Where wast2json writes (default: a temporary directory, removed afterwards). */
  workDir?: string;
}

/** The skip reason of a command that ends in an unsupported instruction. */
export const UNSUPPORTED_SKIP = 'instruction the translator does not support';

/** How a check ended. */
type Verdict = { pass: true } | { pass: false; message: string } | { skip: string };

const PASS: Verdict = { pass: true };

function fail(message: string): Verdict {
  return { pass: false, message };
}

/** A module that did not load: later commands on it skip (unsupported) or fail. */
interface Broken {
  readonly line: number;
  readonly skip?: string;
  readonly message: string;
}

/** A module of the file: its instance, or why it has none. */
type Loaded = { readonly instance: Instance } | { readonly broken: Broken };

/**
 * Runs the spec script `wastPath` on `target` and counts its commands (see
 * the module comment). Never throws for a problem of the file or of LIRC: a
 * file wast2json rejects is one skipped command with the reason, a store
 * that cannot run fails the checks that needed it.
 *
 * @throws Error when wast2json is not installed.
 */
export async function runSpecFile(
  wastPath: string,
  target: Target,
  options: SpecRunOptions = {},
): Promise<FileResult> {
  const result: FileResult = {
    file: basename(wastPath),
    target: options.label ?? target.machine.def.name,
    passed: 0,
    failed: 0,
    skipped: 0,
    skipReasons: new Map(),
    failures: [],
  };
  const dir = options.workDir ?? mkdtempSync(join(tmpdir(), 'lirc-spec-'));
  try {
    let commands: SpecCommand[];
    try {
      commands = convertWast(wastPath, dir).commands;
    } catch (error) {
      if (!(error instanceof WastConversionError)) throw error;
      count(result, 0, { skip: error.reason });
      return result;
    }
    await new FileRun(target, result).run(commands, options.timeoutMs);
    return result;
  } finally {
    if (options.workDir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

function count(result: FileResult, line: number, verdict: Verdict): void {
  if ('skip' in verdict) {
    result.skipped++;
    result.skipReasons.set(verdict.skip, (result.skipReasons.get(verdict.skip) ?? 0) + 1);
  } else if (verdict.pass) result.passed++;
  else {
    result.failed++;
    result.failures.push({ line, message: verdict.message });
  }
}

/** The walk over one file's commands, with its store. */
class FileRun {
  private readonly store: Store;
  private spectestExports: Map<string, ExternValue> | undefined;
  private readonly named = new Map<string, Loaded>();
  private readonly registered = new Map<string, Loaded>();
  private current: Loaded | undefined;
  /** The .wast line of each module of the store (by index, as in the prefix `w<k>_`). */
  private readonly storeLines: number[] = [];
  /** Checks made after the run, in command order, with the calls they read. */
  private readonly after: { line: number; check: () => Verdict }[] = [];

  constructor(
    target: Target,
    private readonly result: FileResult,
  ) {
    this.store = createStore(target);
    this.store.unsupported = 'trap';
  }

  async run(commands: readonly SpecCommand[], timeoutMs: number | undefined): Promise<void> {
    for (const c of commands) {
      const verdict = await this.command(c);
      if (verdict !== undefined) count(this.result, c.line, verdict);
    }
    if (this.store.calls.length > 0) await this.runAndCheck(timeoutMs);
    this.result.failures.sort((a, b) => a.line - b.line);
  }

  /** Runs the store, then makes the checks that read its outcomes. */
  private async runAndCheck(timeoutMs: number | undefined): Promise<void> {
    try {
      await runStore(this.store, timeoutMs === undefined ? {} : { timeoutMs });
    } catch (error) {
      // Name the module when the error names one of its functions (@w<k>_...).
      const message = errorMessage(error);
      const line = this.storeLines[Number(/@w(\d+)_/.exec(message)?.[1])] ?? this.after[0]!.line;
      this.result.failed += this.after.length;
      this.result.failures.push({
        line,
        message: `the file did not run (${this.after.length} checks not made): ${message}`,
      });
      return;
    }
    for (const { line, check } of this.after) count(this.result, line, check());
  }

  /** Walks one command: its verdict now, or undefined (checked after the run, or no check). */
  private async command(c: SpecCommand): Promise<Verdict | undefined> {
    switch (c.type) {
      case 'module':
        return this.defineModule(c.line, c.path, c.name);
      case 'register': {
        const loaded = c.name === undefined ? this.current : this.named.get(c.name);
        if (loaded === undefined) return fail(`register: no module ${c.name ?? '(current)'}`);
        this.registered.set(c.as, loaded);
        return undefined;
      }
      case 'action':
        return this.action(c.line, c.action, (o) => (o.kind === 'values' ? PASS : unexpected(o)));
      case 'assert_return':
        return this.action(c.line, c.action, (o, types) => returns(o, types, c.expected));
      case 'assert_trap':
        return this.action(c.line, c.action, (o) => traps(o, c.message));
      case 'assert_exhaustion':
        return this.action(c.line, c.action, (o) => traps(o, c.message, 'call_stack_exhausted'));
      case 'assert_invalid':
      case 'assert_malformed':
        return rejects(c.module, c.message);
      case 'assert_unlinkable':
      case 'assert_uninstantiable':
        return this.instantiateFails(c.type, c.line, c.module, c.message);
    }
  }

  /**
   * Reads, validates and decodes a module file, and translates the module
   * into a Low IR verifier (the store translates it again when it runs).
   */
  private async load(path: string): Promise<WasmModule> {
    const bytes = new Uint8Array(readFileSync(path));
    const file = basename(path);
    await prepareModule({ bytes, file });
    const m = decodeModule(bytes, file);
    const verifier = new Verifier({ registry: this.store.target.machine.registry });
    verifier.module({ pointerWidth: this.store.P, data: [], externs: [] });
    translateModule(m, verifier, { pointerWidth: this.store.P, unsupported: 'trap' });
    verifier.endModule();
    if (!verifier.ok)
      throw new LowIrVerificationError(verifier.diagnostics, `${file} (translated)`);
    return m;
  }

  /** Resolves an import; `blocked` is set when it comes from a module that did not load. */
  private resolver() {
    const state: { blocked?: Broken } = {};
    const resolve = (module: string, field: string): ExternValue | undefined => {
      if (module === 'spectest') {
        this.spectestExports ??= spectest(this.store);
        return this.spectestExports.get(field);
      }
      const loaded = this.registered.get(module);
      if (loaded === undefined) return undefined;
      if ('broken' in loaded) {
        state.blocked ??= loaded.broken;
        return undefined;
      }
      return loaded.instance.exports.get(field);
    };
    return { resolve, state };
  }

  /** Instantiates `m` in the store; records its line for errors of the run. */
  private instantiate(
    m: WasmModule,
    line: number,
  ): { instance: Instance } | { error: unknown; blocked: Broken | undefined } {
    const { resolve, state } = this.resolver();
    try {
      const instance = this.store.instantiate(m, resolve);
      this.storeLines[this.store.modules.length - 1] = line;
      return { instance };
    } catch (error) {
      return { error, blocked: state.blocked };
    }
  }

  private async defineModule(
    line: number,
    path: string,
    name?: string,
  ): Promise<Verdict | undefined> {
    const define = (loaded: Loaded) => {
      this.current = loaded;
      if (name !== undefined) this.named.set(name, loaded);
    };
    let m: WasmModule;
    try {
      m = await this.load(path);
    } catch (error) {
      const broken = brokenBy(error, line, 'does not load');
      define({ broken });
      return brokenVerdict(broken);
    }
    const linked = this.instantiate(m, line);
    if (!('instance' in linked)) {
      const broken: Broken = linked.blocked
        ? {
            ...linked.blocked,
            line,
            message: `imports from ${describe(linked.blocked)}, which did not load`,
          }
        : brokenBy(linked.error, line, 'does not link');
      define({ broken });
      return brokenVerdict(broken);
    }
    const { instance } = linked;
    define({ instance });
    this.after.push({
      line,
      check: () => {
        const o = instance.init.outcome!;
        if (o.kind === 'values') return PASS;
        return o.kind === 'trap' && o.trap === UNSUPPORTED_TRAP
          ? { skip: UNSUPPORTED_SKIP }
          : fail(`instantiation: ${describeOutcome(o)}`);
      },
    });
    return undefined;
  }

  /** Queues an action; `check` judges its outcome (and result types) after the run. */
  private action(
    line: number,
    action: SpecAction,
    check: (outcome: Outcome, types: readonly ValType[]) => Verdict,
  ): Verdict | undefined {
    const loaded = action.module === undefined ? this.current : this.named.get(action.module);
    if (loaded === undefined) return fail(`no module ${action.module ?? 'defined'}`);
    if ('broken' in loaded)
      return brokenVerdict(loaded.broken, `${describe(loaded.broken)} did not load`);
    let pending: Pending;
    try {
      pending =
        action.type === 'invoke'
          ? this.store.invoke(
              loaded.instance,
              action.field,
              action.args.map((a) => a.value),
            )
          : this.store.get(loaded.instance, action.field);
    } catch (error) {
      return fail(`${describeAction(action)}: ${errorMessage(error)}`);
    }
    this.after.push({
      line,
      check: () => {
        const v = check(pending.outcome!, pending.results);
        return 'pass' in v && !v.pass ? fail(`${describeAction(action)}: ${v.message}`) : v;
      },
    });
    return undefined;
  }

  /** `assert_unlinkable` and `assert_uninstantiable`. */
  private async instantiateFails(
    type: 'assert_unlinkable' | 'assert_uninstantiable',
    line: number,
    file: ModuleFile,
    message: string,
  ): Promise<Verdict | undefined> {
    let m: WasmModule;
    try {
      m = await this.load(file.path);
    } catch (error) {
      return brokenVerdict(brokenBy(error, line, 'does not load'));
    }
    const linked = this.instantiate(m, line);
    if (!('instance' in linked)) {
      if (linked.blocked)
        return brokenVerdict(
          linked.blocked,
          `imports from ${describe(linked.blocked)}, which did not load`,
        );
      if (linked.error instanceof LinkError)
        return type === 'assert_unlinkable'
          ? PASS
          : fail(
              `expected the start function to trap (${message}), got ${errorMessage(linked.error)}`,
            );
      return brokenVerdict(brokenBy(linked.error, line, 'does not instantiate'));
    }
    const { init } = linked.instance;
    this.after.push({
      line,
      check: () => {
        const o = init.outcome!;
        if (o.kind === 'trap' && o.trap === UNSUPPORTED_TRAP) return { skip: UNSUPPORTED_SKIP };
        const unlinkable = o.kind === 'trap' && Object.hasOwn(SEGMENT_TRAPS, o.trap);
        if (type === 'assert_unlinkable' ? unlinkable : o.kind === 'trap' && !unlinkable)
          return PASS;
        return fail(
          `expected ${type === 'assert_unlinkable' ? 'a link error' : 'a trap'} (${message}), instantiation gave ${describeOutcome(o)}`,
        );
      },
    });
    return undefined;
  }
}

/**
 * Why a module did not load: skipped for an unsupported feature, else a
 * failure (bad input that should be valid, or an internal error of LIRC).
 */
function brokenBy(error: unknown, line: number, what: string): Broken {
  const message = `module ${what}: ${errorMessage(error)}`;
  if (error instanceof UnsupportedError)
    return { line, skip: `unsupported: ${error.feature}`, message };
  return { line, message };
}

/** Names a module that did not load (its own failure gives the reason). */
function describe(broken: Broken): string {
  return `the module of line ${broken.line}`;
}

function brokenVerdict(broken: Broken, message = broken.message): Verdict {
  return broken.skip !== undefined ? { skip: broken.skip } : fail(message);
}

/** `assert_invalid` and `assert_malformed`: reading, validating or decoding fails. */
async function rejects(file: ModuleFile, message: string): Promise<Verdict> {
  const bytes = new Uint8Array(readFileSync(file.path));
  const name = basename(file.path);
  try {
    const binary = await prepareModule({ bytes, file: name });
    decodeModule(file.format === 'binary' ? bytes : binary, name);
  } catch (error) {
    if (error instanceof WasmError) return PASS;
    return fail(`rejecting the module (${message}) failed: ${errorMessage(error)}`);
  }
  return fail(`the module is accepted; expected it rejected (${message})`);
}

// --- outcomes ------------------------------------------------------------

/** An error's message; the class too when it is not a WasmError (an internal error). */
function errorMessage(error: unknown): string {
  if (error instanceof WasmError) return oneLine(error.message);
  return oneLine(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** The spec's message for a trap kind (or the kind in words). */
function trapMessage(kind: string): string {
  return (WASM_TRAPS as Record<string, string>)[kind] ?? kind.replace(/_/g, ' ');
}

function hex(bits: bigint): string {
  return `0x${bits.toString(16)}`;
}

/**
 * A value as `<type>:<bits in hex>`, a float's number after it
 * (`f32:0x3f800000 (1)`, `f64:0x7ff8000000000001 (NaN)`); a NaN pattern as
 * itself (`f32:nan:canonical`).
 */
function describeValue(v: SpecValue | ExpectedValue): string {
  if (typeof v.value !== 'bigint') return `${v.type}:${v.value}`;
  const bits = `${v.type}:${hex(v.value)}`;
  if (v.type === 'i32' || v.type === 'i64') return bits;
  const n = fromBits(v.type, v.value) as number;
  return `${bits} (${Object.is(n, -0) ? '-0' : String(n)})`;
}

function describeAction(a: SpecAction): string {
  const at = a.module === undefined ? '' : `${a.module}.`;
  if (a.type === 'get') return `get ${at}${a.field}`;
  return `${at}${a.field}(${a.args.map(describeValue).join(', ')})`;
}

function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'values':
      return `values [${o.values.map(hex).join(', ')}]`;
    case 'trap':
      return `trap "${trapMessage(o.trap)}"`;
    case 'fault':
      return `crash: signal ${o.signal} at code offset ${hex(BigInt(o.offset))}`;
  }
}

/** A verdict for an outcome that is no value where values were expected. */
function unexpected(o: Outcome): Verdict {
  if (o.kind === 'trap' && o.trap === UNSUPPORTED_TRAP) return { skip: UNSUPPORTED_SKIP };
  return fail(describeOutcome(o));
}

/**
 * Whether a result, `bits` (unsigned, at the type's width) of type `type`,
 * matches an expected value of `assert_return`: of the same type, and bit
 * for bit equal (floats too: -0 is not 0, a NaN's sign and payload count),
 * or for `nan:canonical` / `nan:arithmetic` a NaN of that kind
 * (isCanonicalNan, isArithmeticNan).
 */
export function matchesExpected(bits: bigint, type: ValType, expected: ExpectedValue): boolean {
  if (type !== expected.type) return false;
  switch (expected.value) {
    case 'nan:canonical':
      return isCanonicalNan(expected.type, bits);
    case 'nan:arithmetic':
      return isArithmeticNan(expected.type, bits);
    default:
      return bits === expected.value;
  }
}

/** `assert_return`: the values, of `types`, against the expected ones (matchesExpected). */
function returns(
  o: Outcome,
  types: readonly ValType[],
  expected: readonly ExpectedValue[],
): Verdict {
  if (o.kind !== 'values') return unexpected(o);
  const ok =
    o.values.length === expected.length &&
    o.values.every((v, k) => matchesExpected(v, types[k]!, expected[k]!));
  if (ok) return PASS;
  const got = o.values.map((v, k) =>
    types[k] === undefined ? hex(v) : describeValue({ type: types[k], value: v }),
  );
  return fail(`got [${got.join(', ')}], expected [${expected.map(describeValue).join(', ')}]`);
}

/**
 * `assert_trap` / `assert_exhaustion`: a trap whose spec message starts with
 * the expected text (as the reference interpreter checks), and of kind
 * `kind` when given.
 */
function traps(o: Outcome, message: string, kind?: string): Verdict {
  if (o.kind === 'trap' && o.trap === UNSUPPORTED_TRAP) return { skip: UNSUPPORTED_SKIP };
  if (
    o.kind === 'trap' &&
    (kind === undefined || o.trap === kind) &&
    trapMessage(o.trap).startsWith(message)
  )
    return PASS;
  return fail(`expected trap "${message}", got ${describeOutcome(o)}`);
}
