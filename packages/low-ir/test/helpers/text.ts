/** Test helpers for the text form: parse to a module, print a module, strip positions. */
import { type Module, parseModule, printToString, replayModule } from '@lirc/low-ir';

/** Prints a module in canonical text. */
export function print(module: Module): string {
  return printToString((sink) => replayModule(module, sink));
}

/**
 * A deep copy of `value` without what text cannot preserve: `pos` fields, and
 * the default names the printer gives unnamed values (`%3` for id 3) and
 * labels (`^L0` for id 0), which the parser reads back as names.
 */
export function withoutPositions<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutPositions) as T;
  if (value instanceof Uint8Array) return value;
  if (value !== null && typeof value === 'object') {
    const rec = value as Record<string, unknown>;
    const defaultNames = [String(rec.id), `L${String(rec.id)}`];
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec)) {
      if (k === 'pos') continue;
      if (k === 'name' && 'id' in rec && defaultNames.includes(v as string)) continue;
      out[k] = withoutPositions(v);
    }
    return out as T;
  }
  return value;
}

/** Parses text into a module. */
export function parse(text: string): Module {
  return parseModule(text, { file: 'test.lir' });
}
