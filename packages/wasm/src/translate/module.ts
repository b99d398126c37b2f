/**
 * Translates a decoded WebAssembly module into a Low IR stream: each defined
 * function (function.ts), then the glue (glue.ts): an entry per exported
 * function, a getter per exported global and the instantiation routine.
 * The caller owns the stream's module header and end, so several modules
 * can go into one compilation (a store's modules in one executable).
 */
import type { LowIrSink } from '@lirc/low-ir';
import { parseLir } from '@lirc/low-ir';
import type { FuncType, WasmModule } from '../binary/module.js';
import { translateFunction } from './function.js';
import { type GlueNames, glueText } from './glue.js';
import { ContextLayout } from './layout.js';

/** Canonical ids of function types, shared by the modules of one store. */
export class TypeRegistry {
  private readonly ids = new Map<string, number>();

  /** The id of a type (ids start at 1: 0 is never a valid type). */
  id(t: FuncType): number {
    const key = `${t.params.join(',')}->${t.results.join(',')}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(key, id);
    }
    return id;
  }
}

/** Options of translateModule. */
export interface TranslateOptions {
  readonly pointerWidth: 32 | 64;
  /** Prefix of every Low IR function name of this module (unique per module in one compilation). */
  readonly prefix?: string;
  readonly types?: TypeRegistry;
  /** See TranslateEnv.unsupported (default 'error'). */
  readonly unsupported?: 'error' | 'trap';
}

/** The names and layout a runtime needs to instantiate a translated module. */
export interface TranslatedModule {
  readonly module: WasmModule;
  readonly layout: ContextLayout;
  readonly glue: GlueNames;
  /** Low IR name of each defined function (by module-wide index). */
  functionName(index: number): string;
  /** Low IR actions written for the functions (for statistics). */
  readonly actions: number;
}

/** Writes the module's functions and glue into `sink` (between the caller's module() and endModule()). */
export function translateModule(
  m: WasmModule,
  sink: LowIrSink,
  options: TranslateOptions,
): TranslatedModule {
  const prefix = options.prefix ?? 'wasm_';
  const types = options.types ?? new TypeRegistry();
  const layout = new ContextLayout(options.pointerWidth, m.globalTypes.length, m.importedFunctions);
  const functionName = (index: number) => `${prefix}f${index}`;
  const typeId = (index: number) => types.id(m.types[index]!);
  const glue: GlueNames = {
    init: `${prefix}init`,
    copy: `${prefix}copy`,
    entry: (k) => `${prefix}export${k}`,
    getter: (k) => `${prefix}global${k}`,
  };
  let actions = 0;
  const counting: LowIrSink = {
    ...sink,
    module: () => {},
    endModule: () => {},
    beginFunction: (h) => sink.beginFunction(h),
    label: (l) => sink.label(l),
    action: (a) => {
      actions++;
      sink.action(a);
    },
    endFunction: () => sink.endFunction(),
  };
  const env = {
    module: m,
    layout,
    pointerWidth: options.pointerWidth,
    functionName,
    typeId,
    unsupported: options.unsupported ?? 'error',
  } as const;
  for (let index = m.importedFunctions; index < m.functionTypes.length; index++)
    translateFunction(env, index, counting);
  const text = glueText({
    module: m,
    layout,
    pointerWidth: options.pointerWidth,
    names: glue,
    functionName,
    typeId,
  });
  parseLir(text, counting, { file: `${m.file ?? 'module'} (glue)` });
  return { module: m, layout, glue, functionName, actions };
}
