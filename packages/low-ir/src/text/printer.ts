/**
 * The `.lir` printer: a sink that writes the canonical text form, line by
 * line, as the stream arrives. Parsing its output gives back the same stream,
 * and printing that again gives the same text.
 */

import { STANDARD_REGISTRY } from '../actions/standard.js';
import type {
  Action,
  FunctionHeader,
  LabelDef,
  LabelRef,
  Location,
  ModuleHeader,
  Operand,
  ValueDef,
} from '../ir.js';
import type { ActionRegistry } from '../registry.js';
import { formatWidths } from '../registry.js';
import type { LowIrSink } from '../sink.js';

/** Looks up the printed name of a value id. */
export type NameOf = (id: number) => string;

/** `%name` for a value definition (its id when it has no name). */
export function valueName(def: { id: number; name?: string }): string {
  return `%${def.name ?? def.id}`;
}

/** `^name` for a label. */
export function labelName(label: LabelRef): string {
  return `^${label.name ?? `L${label.id}`}`;
}

/** Writes a CC location: `in $rax`, `in gpr`, `in [16]`, `in any`. */
export function formatLocation(loc: Location): string {
  switch (loc.kind) {
    case 'any':
      return 'in any';
    case 'class':
      return `in ${loc.name}`;
    case 'reg':
      return `in $${loc.name}`;
    case 'stack':
      return `in [${loc.offset}]`;
  }
}

function uses(def: ValueDef): string {
  return def.uses === 1 ? '' : `*${def.uses}`;
}

/** A parameter: `%n*2: 32 in $rdi`. */
export function formatParam(def: ValueDef): string {
  const loc = def.loc ? ` ${formatLocation(def.loc)}` : '';
  return `${valueName(def)}${uses(def)}: ${def.width}${loc}`;
}

function formatOperand(op: Operand, nameOf: NameOf): string {
  switch (op.kind) {
    case 'value':
      return nameOf(op.id);
    case 'imm':
      return op.value.toString();
    case 'label':
      return labelName(op.label);
    case 'func':
      return `@${op.name}`;
    case 'sym':
      return op.name;
  }
}

/**
 * Writes one action in canonical form. A label or function operand of a
 * variadic action takes the remaining operands as its argument list:
 * `br_if %c, ^loop(%i, %n)`, `call @f(%a)`.
 */
export function formatAction(
  action: Action,
  nameOf: NameOf,
  registry: ActionRegistry = STANDARD_REGISTRY,
): string {
  const spec = registry.get(action.opcode);
  const declared = spec?.signature(action.widths, 64).results === 'declared';
  const variadic = spec?.signature(action.widths, 64).variadic === true;
  const defs = action.results
    .map((d) => `${valueName(d)}${uses(d)}${declared ? `: ${d.width}` : ''}`)
    .join(', ');
  const parts: string[] = [];
  const ops = action.operands;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (variadic && (op.kind === 'label' || op.kind === 'func')) {
      const args = ops.slice(i + 1).map((a) => formatOperand(a, nameOf));
      parts.push(`${formatOperand(op, nameOf)}(${args.join(', ')})`);
      break;
    }
    parts.push(formatOperand(op, nameOf));
  }
  const head = `${action.opcode}${formatWidths(action.widths)}`;
  const body = parts.length > 0 ? `${head} ${parts.join(', ')}` : head;
  return defs.length > 0 ? `${defs} = ${body}` : body;
}

function formatBytes(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) out += String.fromCharCode(b);
    else out += `\\${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

/** Writes the module header directives, one string per line. */
export function formatModuleHeader(header: ModuleHeader): string[] {
  const lines = [`module ptr${header.pointerWidth}`];
  if (header.memorySize !== undefined) lines.push(`memory ${header.memorySize}`);
  for (const seg of header.data) lines.push(`data ${seg.offset} ${formatBytes(seg.bytes)}`);
  for (const ext of header.externs) {
    lines.push(`extern @${ext.name}(${ext.params.join(', ')}) -> (${ext.results.join(', ')})`);
  }
  return lines;
}

/** Writes a function header line, without the opening brace. */
export function formatFunctionHeader(header: FunctionHeader): string {
  const params = header.params.map(formatParam).join(', ');
  const results = header.results
    .map((r) => (r.loc ? `${r.width} ${formatLocation(r.loc)}` : `${r.width}`))
    .join(', ');
  const stack = header.stackDepth !== undefined ? ` stack ${header.stackDepth}` : '';
  return `func @${header.name}(${params}) -> (${results})${stack}`;
}

/** Writes a label definition line. */
export function formatLabel(def: LabelDef): string {
  const params = def.params.length > 0 ? `(${def.params.map(formatParam).join(', ')})` : '';
  const stack = def.stackDepth !== undefined ? ` stack ${def.stackDepth}` : '';
  return `${labelName(def.label)}${params}${stack}:`;
}

/** A sink that prints canonical `.lir` text, one line per call of `write`. */
export class TextPrinter implements LowIrSink {
  private names = new Map<number, string>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly registry: ActionRegistry = STANDARD_REGISTRY,
  ) {}

  module(header: ModuleHeader): void {
    for (const line of formatModuleHeader(header)) this.write(line);
  }

  beginFunction(header: FunctionHeader): void {
    this.names = new Map();
    for (const p of header.params) this.names.set(p.id, valueName(p));
    this.write('');
    this.write(`${formatFunctionHeader(header)} {`);
  }

  label(def: LabelDef): void {
    for (const p of def.params) this.names.set(p.id, valueName(p));
    this.write(formatLabel(def));
  }

  action(action: Action): void {
    for (const r of action.results) this.names.set(r.id, valueName(r));
    this.write(`  ${formatAction(action, this.nameOf, this.registry)}`);
  }

  endFunction(): void {
    this.write('}');
  }

  endModule(): void {}

  private readonly nameOf: NameOf = (id) => this.names.get(id) ?? `%${id}`;
}

/** Prints a whole stream to a string (runs `produce` against a TextPrinter). */
export function printToString(
  produce: (sink: LowIrSink) => void,
  registry: ActionRegistry = STANDARD_REGISTRY,
): string {
  const lines: string[] = [];
  produce(new TextPrinter((line) => lines.push(line), registry));
  return `${lines.join('\n')}\n`;
}
