/**
 * The streaming interface of Low IR. A producer (the builder, the text
 * parser, later the WebAssembly decoder) pushes a module header, then each
 * function as a header, its labels and actions in order, and an end marker.
 * Consumers (printer, verifier, collector, LIRC) implement LowIrSink and never
 * need a whole function in memory unless they choose to keep it.
 */
import type { Action, FunctionHeader, LabelDef, Module, ModuleHeader } from './ir.js';

/** A consumer of a Low IR stream. Calls arrive in stream order. */
export interface LowIrSink {
  /** First call: module-level facts (pointer width, memory, data, externs). */
  module(header: ModuleHeader): void;
  beginFunction(header: FunctionHeader): void;
  /** A label definition; it starts a new block. */
  label(def: LabelDef): void;
  action(action: Action): void;
  endFunction(): void;
  /** Last call. */
  endModule(): void;
}

/** A sink that forwards every call to each of `sinks`, in order. */
export function teeSink(...sinks: LowIrSink[]): LowIrSink {
  return {
    module: (h) => {
      for (const s of sinks) s.module(h);
    },
    beginFunction: (h) => {
      for (const s of sinks) s.beginFunction(h);
    },
    label: (l) => {
      for (const s of sinks) s.label(l);
    },
    action: (a) => {
      for (const s of sinks) s.action(a);
    },
    endFunction: () => {
      for (const s of sinks) s.endFunction();
    },
    endModule: () => {
      for (const s of sinks) s.endModule();
    },
  };
}

/**
 * A sink that forwards only the functions of a stream to `sink`: the
 * module header and end go nowhere. For streaming more functions into a
 * module already open in `sink` (helpers, host glue parsed from text).
 */
export function functionsOnly(sink: LowIrSink): LowIrSink {
  return {
    module: () => {},
    beginFunction: (h) => sink.beginFunction(h),
    label: (l) => sink.label(l),
    action: (a) => sink.action(a),
    endFunction: () => sink.endFunction(),
    endModule: () => {},
  };
}

/** Streams a module held in memory into a sink. */
export function replayModule(module: Module, sink: LowIrSink): void {
  sink.module(module.header);
  for (const fn of module.functions) {
    const { body, ...header } = fn;
    sink.beginFunction(header);
    for (const item of body) {
      if (item.kind === 'label') sink.label(item.label);
      else sink.action(item.action);
    }
    sink.endFunction();
  }
  sink.endModule();
}
