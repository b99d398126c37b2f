/**
 * A sink that keeps what it is sent: turns a Low IR stream into a Module in
 * memory, for the interpreter, the JSON form and tests.
 */
import type {
  Action,
  BodyItem,
  FunctionDef,
  FunctionHeader,
  LabelDef,
  Module,
  ModuleHeader,
} from './ir.js';
import type { LowIrSink } from './sink.js';

/** Collects a streamed module; read it with `module()` after `endModule`. */
export class ModuleCollector implements LowIrSink {
  private header: ModuleHeader | undefined;
  private readonly functions: FunctionDef[] = [];
  private current: { header: FunctionHeader; body: BodyItem[] } | undefined;
  private done = false;

  module(header: ModuleHeader): void {
    this.header = header;
  }

  beginFunction(header: FunctionHeader): void {
    this.current = { header, body: [] };
  }

  label(def: LabelDef): void {
    this.body().push({ kind: 'label', label: def });
  }

  action(action: Action): void {
    this.body().push({ kind: 'action', action });
  }

  endFunction(): void {
    const current = this.current;
    if (current === undefined) throw new Error('endFunction without beginFunction');
    this.functions.push({ ...current.header, body: current.body });
    this.current = undefined;
  }

  endModule(): void {
    this.done = true;
  }

  /** The collected module. */
  result(): Module {
    if (this.header === undefined || !this.done)
      throw new Error('the module stream is not complete');
    return { header: this.header, functions: this.functions };
  }

  private body(): BodyItem[] {
    if (this.current === undefined) throw new Error('label or action outside a function');
    return this.current.body;
  }
}
