/**
 * Assembly text of a linked module (`lirc compile --emit asm`), for the
 * platform's assembler: what elf-object.ts writes as an object, written as
 * a `.s` file whose `.text` assembles to the same bytes. Each instruction
 * is printed from its form's `assembler` template (else `asm`) with the
 * operands it was emitted with (the compiler's `listing` option keeps them:
 * `CompiledFunction.emitted`), and the actions it implements as a comment.
 *
 * What keeps the bytes the same: the machine definition's header directives
 * (`assembly.header`: the syntax, no relaxation or compression), templates
 * that pin an encoding the assembler would otherwise choose (x86
 * `{disp32}`), calls and addresses of the module's own functions written
 * against a local label (`.Lf_name`) that the assembler resolves itself, as
 * `link()` did (a global symbol would leave a relocation), and the padding
 * between functions written out as `.zero` bytes. Labels of function k are
 * `.Lk_name`; anchors of `{@}` are `.Lanchor<n>`. Nothing here knows an
 * instruction set.
 */
import { formatForm, type LoadedMachine, type OperandInput } from '@lirc/asmquery';
import { CompileError } from '../compiler/errors.js';
import type { CompiledFunction, EmittedCode } from '../compiler/function.js';
import type { CompiledModule } from '../compiler/module.js';
import type { ElfObjectOptions, ObjectData } from './elf-object.js';

/** Options of {@link writeAssembly}: the object's contents, and a first comment line. */
export interface AssemblyOptions extends ElfObjectOptions {
  /** Text of a comment at the top (e.g. what the file was compiled from). */
  readonly title?: string;
}

/** A symbol as the assembler reads it: quoted unless it is a plain identifier. */
function symbol(name: string): string {
  return /^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(name) ? name : JSON.stringify(name);
}

/** The local label of module function `name` (what calls inside the module name). */
function localName(name: string): string {
  return symbol(`.Lf_${name}`);
}

/** `.byte` lines for `bytes`, 16 per line. */
function byteLines(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let k = 0; k < bytes.length; k += 16)
    lines.push(`  .byte ${[...bytes.subarray(k, k + 16)].join(', ')}`);
  return lines;
}

/** The instructions and labels of function `k` (index in the module), one line each. */
function functionLines(
  machine: LoadedMachine,
  k: number,
  emitted: EmittedCode,
  defined: ReadonlySet<string>,
  comment: string,
  anchors: { count: number },
): string[] {
  const label = (id: number) => `.L${k}_${emitted.labelName(id)}`;
  const at = new Map<number, string[]>();
  for (const [id, offset] of emitted.labels) at.set(offset, [...(at.get(offset) ?? []), label(id)]);
  const lines: string[] = [];
  const flush = (offset: number) => {
    for (const l of (at.get(offset) ?? []).sort()) lines.push(`${l}:`);
    at.delete(offset);
  };
  emitted.emissions.forEach((e, j) => {
    flush(e.offset);
    const names = new Map<string, string>();
    const operands: Record<string, OperandInput> = {};
    for (const [param, op] of Object.entries(e.operands)) {
      if ('labelId' in op) {
        names.set(param, label(op.labelId));
        operands[param] = { label: 0 };
      } else operands[param] = op;
    }
    let anchor: string | undefined;
    const text = formatForm(machine, e.form, operands, {
      assembler: true,
      labelText: (param) => names.get(param)!,
      funcText: (fn) => (defined.has(fn) ? localName(fn) : symbol(fn)),
      anchorText: () => {
        anchor ??= `.Lanchor${anchors.count++}`;
        return anchor;
      },
    });
    const actions = emitted.records[j]?.actions.join('; ') ?? '';
    text.split('\n').forEach((line, n) => {
      const note = n === 0 && actions !== '' ? ` ${comment} ${actions}` : '';
      lines.push(`  ${line.padEnd(39)}${note}`.trimEnd());
    });
  });
  for (const offset of [...at.keys()].sort((a, b) => a - b)) flush(offset);
  return lines;
}

/** The data section's lines: each object aligned, labelled, its bytes, then zeros. */
function dataLines(data: readonly ObjectData[]): string[] {
  if (data.length === 0) return [];
  const lines = ['', '  .data'];
  for (const d of data) {
    const size = d.size ?? d.bytes.length;
    lines.push(
      `  .p2align ${Math.log2(d.align ?? 16)}`,
      `  .globl ${symbol(d.name)}`,
      `  .type ${symbol(d.name)}, @object`,
      `  .size ${symbol(d.name)}, ${size}`,
      `${symbol(d.name)}:`,
      ...byteLines(d.bytes),
    );
    if (size > d.bytes.length) lines.push(`  .zero ${size - d.bytes.length}`);
  }
  return lines;
}

/**
 * The assembly text of `module` (linked from `functions`, compiled with the
 * `listing` option), with the symbols and data `options` says, as
 * writeElfObject would put them in an object.
 */
export function writeAssembly(
  machine: LoadedMachine,
  functions: readonly CompiledFunction[],
  module: CompiledModule,
  options: AssemblyOptions = {},
): string {
  const syntax = machine.def.assembly;
  if (syntax === undefined)
    throw new CompileError(
      `the ${machine.def.name} definition says nothing about assembly files (MachineDefinition.assembly): cannot write assembly text`,
    );
  const c = syntax.comment;
  const isGlobal = options.isGlobal ?? (() => true);
  const defined = new Set(module.functions.map((f) => f.name));
  const aliases = new Map<string, string[]>();
  for (const a of options.aliases ?? []) aliases.set(a.of, [...(aliases.get(a.of) ?? []), a.name]);
  const lines: string[] = [];
  if (options.title !== undefined) lines.push(`${c} ${options.title}`);
  lines.push(...syntax.header, '  .text', '  .p2align 4');
  const anchors = { count: 0 };
  let end = 0;
  module.functions.forEach((placed, k) => {
    const emitted = functions[k]?.emitted;
    if (emitted === undefined || functions[k]!.name !== placed.name)
      throw new CompileError(
        `@${placed.name}: compiled without its emissions (the listing option)`,
      );
    if (placed.offset > end) lines.push(`  .zero ${placed.offset - end}`);
    lines.push('');
    for (const name of [placed.name, ...(aliases.get(placed.name) ?? [])]) {
      const s = symbol(name);
      if (name !== placed.name || isGlobal(name)) lines.push(`  .globl ${s}`);
      lines.push(`  .type ${s}, @function`, `  .size ${s}, ${placed.size}`, `${s}:`);
    }
    lines.push(`${localName(placed.name)}:`);
    lines.push(...functionLines(machine, k, emitted, defined, c, anchors));
    end = placed.offset + placed.size;
  });
  lines.push(...dataLines(options.data ?? []));
  lines.push('', '  .section .note.GNU-stack,"",@progbits');
  return `${lines.join('\n')}\n`;
}
