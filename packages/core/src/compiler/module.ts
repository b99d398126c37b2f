/**
 * The Low IR sink that compiles a module: one FunctionCompiler per function,
 * for one machine definition, then `link`, which lays the functions out one
 * after another and resolves the calls between them (each call is encoded
 * again, pc-relative, once its callee's place is known). Calls to functions
 * outside the module stay relocations. The stream is verified as it
 * arrives; on a machine that keeps 64-bit integers in pairs of 32-bit
 * registers (`splitsWideIntegers`), the pair legalization (pairs/stage.ts)
 * rewrites it before the function compilers see it.
 */
import { encodeForm, type LoadedMachine, Matcher, type RelocationRequest } from '@lirc/asmquery';
import {
  type Action,
  type FunctionHeader,
  type LabelDef,
  type Location,
  type LowIrSink,
  LowIrVerificationError,
  type ModuleHeader,
  Verifier,
} from '@lirc/low-ir';
import { PairLegalizer, splitsWideIntegers } from '../pairs/stage.js';
import { CompileError } from './errors.js';
import type { ExplainRecorder } from './explain.js';
import { type CompiledFunction, FunctionCompiler, type TrapSite } from './function.js';
import { RegisterPool } from './pool.js';

/** Options of the compiler. */
export interface CompilerOptions {
  /** Check the allocation invariant after every instruction (tests turn it on). */
  readonly checkInvariant?: boolean;
  /**
   * Verify the stream as it arrives (default true): an ill-formed module is
   * rejected with the verifier's diagnostics before the offending action is
   * compiled.
   */
  readonly verify?: boolean;
  /** The source file, for messages. */
  readonly file?: string;
  /** Keep each function's assembly listing (`CompiledFunction.listing`), for golden files and `lirc compile`. */
  readonly listing?: boolean;
  /**
   * Hears, per function, the actions, each choice of an instruction form with
   * the candidates and why the losers lost, the moves and spills, where live
   * values are after each instruction, and the finished code (explain.ts;
   * `lirc explain`). Off by default; without it nothing is recorded. It does
   * not change the code.
   */
  readonly explain?: ExplainRecorder;
}

/** A linked module: all functions in one piece of code. */
export interface CompiledModule {
  readonly code: Uint8Array;
  /** Where each function starts and how long it is. */
  readonly functions: readonly {
    readonly name: string;
    readonly offset: number;
    readonly size: number;
  }[];
  /** Calls to functions outside the module, at offsets in `code`. */
  readonly relocations: readonly RelocationRequest[];
  /** Every trap site of every function, at offsets in `code`, in increasing order. */
  readonly trapSites: readonly TrapSite[];
}

/**
 * The trap site whose instructions hold byte `offset` of the module's code
 * (where a fault happened), or undefined when the fault was not a trap.
 */
export function findTrapSite(module: CompiledModule, offset: number): TrapSite | undefined {
  const sites = module.trapSites;
  let lo = 0;
  let hi = sites.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sites[mid]!;
    if (offset < s.offset) hi = mid - 1;
    else if (offset >= s.offset + s.size) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** Compiles a streamed module; read `functions` after `endModule`, or `link()` it. */
export class ModuleCompiler implements LowIrSink {
  readonly functions: CompiledFunction[] = [];
  private readonly matcher: Matcher;
  private readonly headers = new Map<string, FunctionHeader>();
  /** Functions called before their header arrived: their CC was taken to be the ABI's. */
  private readonly calledAhead = new Set<string>();
  private current: FunctionCompiler | undefined;
  private readonly verifier: Verifier | undefined;
  /** Where the verified stream goes: the function compilers, through the pair stage if the machine needs it. */
  private readonly next: LowIrSink;

  constructor(
    private readonly machine: LoadedMachine,
    private readonly options: CompilerOptions = {},
  ) {
    this.matcher = new Matcher(machine);
    if (options.verify !== false) this.verifier = new Verifier({ registry: machine.registry });
    const compile: LowIrSink = {
      module: () => {},
      beginFunction: (header) => this.begin(header),
      label: (def) => this.fn().label(def),
      action: (action) => this.fn().action(action),
      endFunction: () => {
        this.functions.push(this.fn().finish());
        this.current = undefined;
      },
      endModule: () => {},
    };
    this.next = splitsWideIntegers(machine.def)
      ? new PairLegalizer(compile, { registry: machine.registry, machine: machine.def.name })
      : compile;
  }

  /** Runs the verifier on one stream call; throws if it found something new. */
  private checked(step: (v: Verifier) => void): void {
    if (!this.verifier) return;
    const before = this.verifier.diagnostics.length;
    step(this.verifier);
    if (this.verifier.diagnostics.length > before) {
      throw new LowIrVerificationError(this.verifier.diagnostics.slice(before), this.options.file);
    }
  }

  module(header: ModuleHeader): void {
    this.checked((v) => v.module(header));
    if (header.pointerWidth !== this.machine.def.pointerWidth) {
      throw new CompileError(
        `the module has ${header.pointerWidth}-bit pointers but ${this.machine.def.name} has ${this.machine.def.pointerWidth}-bit ones`,
      );
    }
    this.next.module(header);
  }

  beginFunction(header: FunctionHeader): void {
    this.checked((v) => v.beginFunction(header));
    this.options.explain?.({ kind: 'function', header });
    this.next.beginFunction(header);
  }

  /** Starts compiling a function (after the pair stage, if any). */
  private begin(header: FunctionHeader): void {
    if (this.calledAhead.has(header.name) && !plainConvention(header, this.machine))
      throw new CompileError(
        `@${header.name} is called before its definition, but its calling convention names locations: a call follows them only once it has seen the header (define @${header.name} before its callers)`,
      );
    this.headers.set(header.name, header);
    this.current = new FunctionCompiler(
      this.machine,
      this.matcher,
      new RegisterPool(this.machine),
      header,
      this.options.checkInvariant ?? false,
      (name) => {
        const found = this.headers.get(name);
        if (found === undefined) this.calledAhead.add(name);
        return found;
      },
      this.options.listing ?? false,
      this.options.explain,
    );
  }

  label(def: LabelDef): void {
    this.checked((v) => v.label(def));
    this.next.label(def);
  }

  action(action: Action): void {
    this.checked((v) => v.action(action));
    this.options.explain?.({ kind: 'input', action });
    this.next.action(action);
  }

  endFunction(): void {
    this.checked((v) => v.endFunction());
    this.next.endFunction();
  }

  endModule(): void {
    this.checked((v) => v.endModule());
    this.next.endModule();
  }

  /** Lays the functions out (each at a 16-byte boundary) and resolves calls between them. */
  link(): CompiledModule {
    const placed: { name: string; offset: number; size: number }[] = [];
    let end = 0;
    for (const f of this.functions) {
      const offset = Math.ceil(end / 16) * 16;
      placed.push({ name: f.name, offset, size: f.code.length });
      end = offset + f.code.length;
    }
    const code = new Uint8Array(end);
    const start = new Map(placed.map((p) => [p.name, p.offset]));
    const relocations: RelocationRequest[] = [];
    const trapSites: TrapSite[] = [];
    this.functions.forEach((f, k) => {
      const base = placed[k]!.offset;
      code.set(f.code, base);
      for (const t of f.trapSites) trapSites.push({ ...t, offset: base + t.offset });
      // The relocations of resolved calls are gone; the others stay.
      const gone = new Set<number>();
      for (const site of f.references) {
        const target = start.get(site.callee);
        if (target === undefined) continue;
        const at = base + site.offset;
        const bytes = encodeForm(this.machine, site.form, {
          ...site.operands,
          [site.param]: { func: site.callee, offset: target - at },
        }).bytes;
        code.set(bytes, at);
        for (const r of encodeForm(this.machine, site.form, site.operands).relocations)
          gone.add(site.offset + r.at);
      }
      for (const r of f.relocations)
        if (!gone.has(r.at)) relocations.push({ ...r, at: base + r.at });
    });
    trapSites.sort((a, b) => a.offset - b.offset);
    return { code, functions: placed, relocations, trapSites };
  }

  private fn(): FunctionCompiler {
    if (!this.current) throw new CompileError('an action outside a function');
    return this.current;
  }
}

/**
 * Whether a function's CC is what a caller assumes without its header: every
 * entry generic in the ABI's first register class, and no stack depth.
 */
function plainConvention(header: FunctionHeader, machine: LoadedMachine): boolean {
  const first = Object.keys(machine.def.abi.args)[0];
  const plain = (loc: Location | undefined) =>
    loc === undefined || loc.kind === 'any' || (loc.kind === 'class' && loc.name === first);
  return (
    header.params.every((p) => plain(p.loc)) &&
    header.results.every((r) => plain(r.loc)) &&
    (header.stackDepth ?? 0) === 0
  );
}
