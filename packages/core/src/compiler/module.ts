/**
 * The Low IR sink that compiles a module: one FunctionCompiler per function,
 * for one machine definition. The module's pointer width must be the
 * machine's.
 */
import { type LoadedMachine, Matcher } from '@lirc/asmquery';
import type { Action, FunctionHeader, LabelDef, LowIrSink, ModuleHeader } from '@lirc/low-ir';
import { CompileError } from './errors.js';
import { type CompiledFunction, FunctionCompiler } from './function.js';
import { RegisterPool } from './pool.js';

/** Options of the compiler. */
export interface CompilerOptions {
  /** Check the allocation invariant after every instruction (tests turn it on). */
  readonly checkInvariant?: boolean;
}

/** Compiles a streamed module; read `functions` after `endModule`. */
export class ModuleCompiler implements LowIrSink {
  readonly functions: CompiledFunction[] = [];
  private readonly matcher: Matcher;
  private current: FunctionCompiler | undefined;

  constructor(
    private readonly machine: LoadedMachine,
    private readonly options: CompilerOptions = {},
  ) {
    this.matcher = new Matcher(machine);
  }

  module(header: ModuleHeader): void {
    if (header.pointerWidth !== this.machine.def.pointerWidth) {
      throw new CompileError(
        `the module has ${header.pointerWidth}-bit pointers but ${this.machine.def.name} has ${this.machine.def.pointerWidth}-bit ones`,
      );
    }
  }

  beginFunction(header: FunctionHeader): void {
    this.current = new FunctionCompiler(
      this.machine,
      this.matcher,
      new RegisterPool(this.machine),
      header,
      this.options.checkInvariant ?? false,
    );
  }

  label(def: LabelDef): void {
    this.fn().label(def);
  }

  action(action: Action): void {
    this.fn().action(action);
  }

  endFunction(): void {
    this.functions.push(this.fn().finish());
    this.current = undefined;
  }

  endModule(): void {}

  private fn(): FunctionCompiler {
    if (!this.current) throw new CompileError('an action outside a function');
    return this.current;
  }
}
