/**
 * Loading a machine definition: structural validation (zod), then every
 * cross-check a definition needs (registers, classes, parameters, semantics,
 * outputs, clobbers, formats and field sizes), then compilation into a
 * Machine that the query engine and the encoder use. Every problem is
 * reported, each naming the file, the form and the field.
 */
import { STANDARD_REGISTRY } from '@lirc/low-ir';
import { MachineDefinitionSchema } from './schema.js';
import { compileSemantics, type SemAction } from './semantics.js';
import type {
  EncodingSpec,
  FormatDef,
  FormDef,
  MachineDefinition,
  ParamDef,
  RegisterClass,
  RegisterDef,
} from './types.js';

/**
 * An assembly template placeholder: `{param}`, `{+param}`, `{1<<param}`,
 * `{param>>n}` (groups 1–3), `{%op(param)}` (groups 4–5), or `{param:hiN}` /
 * `{param:loN}` (groups 6–8: a label's offset split into a high and a low part),
 * `{@}` (group 9: a label on the form's first instruction, in `assembler` only),
 * or `{{word}}` (group 10: the text `{word}`, such as x86's `{disp32}`).
 */
export const PLACEHOLDER =
  /\{(?:(\+|1<<)?([a-z][a-z0-9_]*)(?:>>([0-9]+))?|%([a-z][a-z0-9_]*)\(([a-z][a-z0-9_]*)\)|([a-z][a-z0-9_]*):(hi|lo)([0-9]+)|(@)|(\{[a-z0-9]+\}))\}/g;

/** A machine definition that failed to load; `problems` has one line per problem. */
export class MachineDefinitionError extends Error {
  override name = 'MachineDefinitionError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid machine definition:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Where an output lands: the register bound to a parameter, or a fixed register. */
export type OutputLocation =
  | { readonly kind: 'param'; readonly param: string }
  | { readonly kind: 'reg'; readonly reg: RegisterDef };

/** A form after validation, with its semantics compiled. */
export interface CompiledForm {
  readonly def: FormDef;
  /** Position in the machine's form list (its bit in the matcher's bitsets). */
  readonly index: number;
  readonly name: string;
  readonly params: Readonly<Record<string, ParamDef>>;
  readonly semantics: readonly SemAction[];
  /** Output location of each snippet value that has one. */
  readonly outputs: ReadonlyMap<string, OutputLocation>;
  /** Registers left undefined (groups expanded). */
  readonly clobbers: readonly RegisterDef[];
  readonly encodings: readonly EncodingSpec[];
  readonly cost: number;
}

/** The parts of a loaded machine the rest of AsmQuery reads. */
export interface LoadedMachine {
  readonly def: MachineDefinition;
  readonly registers: ReadonlyMap<string, RegisterDef>;
  readonly classes: ReadonlyMap<string, RegisterClass>;
  readonly formats: ReadonlyMap<string, FormatDef>;
  readonly forms: readonly CompiledForm[];
  readonly registry: typeof STANDARD_REGISTRY;
}

/** Collects problems with a consistent prefix. */
class Problems {
  readonly list: string[] = [];
  constructor(private readonly source: string) {}

  add(where: string, message: string): void {
    this.list.push(`${where}: ${message}`);
  }

  form(form: FormDef, field: string, message: string): void {
    const file = form.source ? `${this.source}/${form.source}` : this.source;
    this.list.push(`${file}: form '${form.name}': ${field}: ${message}`);
  }

  top(field: string, message: string): void {
    this.list.push(`${this.source}: ${field}: ${message}`);
  }
}

function zodProblems(def: MachineDefinition, problems: Problems): boolean {
  const parsed = MachineDefinitionSchema.safeParse(def);
  if (parsed.success) return true;
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String);
    if (path[0] === 'forms' && path.length > 1) {
      const form = def.forms?.[Number(path[1])];
      if (form && typeof form === 'object' && typeof form.name === 'string') {
        problems.form(form, path.slice(2).join('.') || '(form)', issue.message);
        continue;
      }
    }
    problems.top(path.join('.') || '(definition)', issue.message);
  }
  return false;
}

function fitsUnsigned(value: number, bits: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < 2 ** bits;
}

/** Validates and compiles a machine definition. Throws MachineDefinitionError. */
export function loadMachine(def: MachineDefinition): LoadedMachine {
  const problems = new Problems(def?.source ?? '(machine definition)');
  if (!zodProblems(def, problems)) throw new MachineDefinitionError(problems.list);

  const registry = STANDARD_REGISTRY.extend(def.actions ?? []);
  const registers = new Map<string, RegisterDef>();
  const groups = new Map<string, RegisterDef[]>();
  for (const r of def.registers) {
    if (registers.has(r.name)) problems.top(`registers.${r.name}`, 'defined twice');
    registers.set(r.name, r);
    if (r.group) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  }
  const classes = new Map<string, RegisterClass>();
  for (const c of def.classes) {
    if (classes.has(c.name)) problems.top(`classes.${c.name}`, 'defined twice');
    classes.set(c.name, c);
    for (const r of c.registers) {
      if (!registers.has(r)) problems.top(`classes.${c.name}`, `unknown register '${r}'`);
    }
  }
  const checkReg = (field: string, name: string | undefined) => {
    if (name !== undefined && !registers.has(name))
      problems.top(field, `unknown register '${name}'`);
  };
  for (const [k, v] of Object.entries(def.special)) {
    for (const r of Array.isArray(v) ? v : [v as string | undefined]) checkReg(`special.${k}`, r);
  }
  for (const [kind, byClass] of [
    ['args', def.abi.args],
    ['results', def.abi.results],
  ] as const) {
    for (const [cls, regs] of Object.entries(byClass)) {
      if (!classes.has(cls)) problems.top(`abi.${kind}`, `unknown register class '${cls}'`);
      for (const r of regs) checkReg(`abi.${kind}.${cls}`, r);
    }
  }
  for (const r of def.abi.calleeSaved) checkReg('abi.calleeSaved', r);
  checkReg('abi.returnAreaPointer', def.abi.returnAreaPointer);
  // The scratch register is written between any two instructions: a value
  // the ABI puts in it (an argument, a result) would be lost.
  const scratch = def.special.scratch;
  if (scratch !== undefined) {
    const carrying = [...Object.values(def.abi.args), ...Object.values(def.abi.results)].flat();
    if (carrying.includes(scratch) || scratch === def.abi.returnAreaPointer)
      problems.top('special.scratch', `'${scratch}' carries arguments or results in the ABI`);
  }

  const formats = new Map<string, FormatDef>();
  const badFormats = new Set<string>();
  for (const f of def.formats) {
    if (formats.has(f.name)) problems.top(`formats.${f.name}`, 'defined twice');
    formats.set(f.name, f);
    for (const p of f.problems ?? []) {
      problems.top(`formats.${f.name}`, p);
      badFormats.add(f.name);
    }
  }

  const forms: CompiledForm[] = [];
  const names = new Set<string>();
  def.forms.forEach((form) => {
    if (names.has(form.name)) problems.form(form, 'name', 'another form has the same name');
    names.add(form.name);
    const compiled = compileForm(form, forms.length, {
      def,
      registers,
      groups,
      classes,
      formats,
      badFormats,
      registry,
      problems,
    });
    if (compiled) forms.push(compiled);
  });
  if (problems.list.length > 0) throw new MachineDefinitionError(problems.list);
  return { def, registers, classes, formats, forms, registry };
}

interface Context {
  readonly def: MachineDefinition;
  readonly registers: ReadonlyMap<string, RegisterDef>;
  readonly groups: ReadonlyMap<string, readonly RegisterDef[]>;
  readonly classes: ReadonlyMap<string, RegisterClass>;
  readonly formats: ReadonlyMap<string, FormatDef>;
  /** Formats whose own definition is broken (already reported). */
  readonly badFormats: ReadonlySet<string>;
  readonly registry: typeof STANDARD_REGISTRY;
  readonly problems: Problems;
}

/** The registers a register or fixed parameter can be given. */
export function paramRegisters(
  p: ParamDef,
  registers: ReadonlyMap<string, RegisterDef>,
  classes: ReadonlyMap<string, RegisterClass>,
): RegisterDef[] {
  if (p.kind === 'fixed') return registers.has(p.reg) ? [registers.get(p.reg)!] : [];
  if (p.kind === 'reg') {
    return (classes.get(p.class)?.registers ?? []).flatMap((r) =>
      registers.has(r) ? [registers.get(r)!] : [],
    );
  }
  return [];
}

function compileForm(form: FormDef, index: number, ctx: Context): CompiledForm | undefined {
  const { problems, registers, classes } = ctx;
  const before = problems.list.length;
  const bad = (field: string, message: string) => problems.form(form, field, message);

  // Parameters
  for (const [name, p] of Object.entries(form.params)) {
    const field = `params.${name}`;
    if (p.kind === 'reg') {
      const cls = classes.get(p.class);
      if (!cls) bad(field, `unknown register class '${p.class}'`);
      else {
        if (!cls.widths.includes(p.width)) {
          bad(
            field,
            `class '${p.class}' does not hold ${p.width}-bit values (it holds ${cls.widths.join(', ')})`,
          );
        }
        for (const r of paramRegisters(p, registers, classes)) {
          if (r.width !== p.width && r.views?.[p.width] === undefined && r.width > 1) {
            if (p.width > r.width)
              bad(field, `register '${r.name}' is narrower than ${p.width} bits`);
          }
        }
      }
    }
    if (p.kind === 'fixed' && !registers.has(p.reg)) bad(field, `unknown register '${p.reg}'`);
    if (p.kind === 'imm' && p.oneOf) {
      for (const v of p.oneOf) {
        const lo = p.signed ? -(2 ** (p.bits - 1)) : 0;
        const hi = p.signed ? 2 ** (p.bits - 1) : 2 ** p.bits;
        if (v < lo || v >= hi) bad(field, `oneOf value ${v} does not fit ${p.bits} bits`);
      }
    }
  }

  // Semantics
  let semantics: SemAction[] = [];
  try {
    semantics = compileSemantics(form, ctx.registry, ctx.def.pointerWidth);
  } catch (e) {
    bad('semantics', (e as Error).message);
  }
  const used = new Set<string>();
  const defined = new Set<string>();
  for (const a of semantics) {
    for (const op of a.operands) {
      if (op.kind !== 'param') continue;
      used.add(op.name);
      const p = form.params[op.name];
      if (p === undefined) {
        bad('semantics', `${a.key} uses '${op.name}', which is not a parameter`);
        continue;
      }
      const expected = op.as === 'value' ? ['reg', 'fixed', 'imm'] : [op.as];
      if (!expected.includes(p.kind)) {
        bad('semantics', `${a.key} uses parameter '${op.name}' (${p.kind}) as a ${op.as}`);
      }
    }
    if (a.result) defined.add(a.result);
  }

  // Outputs
  const outputs = new Map<string, OutputLocation>();
  for (const [value, where] of Object.entries(form.outputs ?? {})) {
    const field = `outputs.${value}`;
    if (!defined.has(value)) bad(field, `the semantics define no value %${value}`);
    const param = form.params[where];
    const register = registers.get(where);
    if (param && register) bad(field, `'${where}' is both a parameter and a register`);
    else if (param) {
      if (param.kind !== 'reg' && param.kind !== 'fixed') {
        bad(field, `tied to parameter '${where}', which is not a register (${param.kind})`);
      }
      outputs.set(value, { kind: 'param', param: where });
      used.add(where);
    } else if (register) outputs.set(value, { kind: 'reg', reg: register });
    else bad(field, `tied to missing parameter or unknown register '${where}'`);
  }
  for (const name of Object.keys(form.params)) {
    if (!used.has(name) && !encodingMentions(form, name)) {
      bad(`params.${name}`, 'not used by the semantics, the outputs or the encoding');
    }
  }

  // Clobbers
  const clobbers: RegisterDef[] = [];
  for (const c of form.clobbers ?? []) {
    const group = ctx.groups.get(c);
    const register = registers.get(c);
    if (group) clobbers.push(...group);
    else if (register) clobbers.push(register);
    else bad('clobbers', `unknown register or register group '${c}'`);
  }

  // Encoding
  const encodings = Array.isArray(form.encoding) ? form.encoding : [form.encoding as EncodingSpec];
  encodings.forEach((spec, k) => {
    const field = encodings.length > 1 ? `encoding[${k}]` : 'encoding';
    checkEncoding(form, spec, field, ctx, bad);
  });

  // Assembly templates: `asm`, and `assembler` (which may also use {@})
  const templates: [string, string | undefined][] = [
    ['asm', form.asm],
    ['assembler', form.assembler],
  ];
  for (const [field, template] of templates) {
    for (const m of (template ?? '').matchAll(PLACEHOLDER)) {
      if (m[10] !== undefined) continue;
      if (m[9] !== undefined) {
        if (field === 'asm') bad('asm', '{@} (a label on the form) is for the assembler template');
        continue;
      }
      const name = (m[2] ?? m[5] ?? m[6])!;
      const p = form.params[name];
      if (p === undefined) bad(field, `{${name}} is not a parameter`);
      else if (m[4] !== undefined && p.kind !== 'func') {
        bad(field, `${m[0]}: a relocation operator applies to a function parameter`);
      } else if (m[7] !== undefined) {
        if (p.kind !== 'label')
          bad(field, `${m[0]}: a high/low split applies to a label parameter`);
        else if (Number(m[8]) < 1 || Number(m[8]) >= p.bits) {
          bad(field, `${m[0]}: the low part must have 1 to ${p.bits - 1} bits`);
        }
      }
    }
  }

  if (problems.list.length > before) return undefined;
  return {
    def: form,
    index,
    name: form.name,
    params: form.params,
    semantics,
    outputs,
    clobbers,
    encodings,
    cost: form.cost ?? 1,
  };
}

function encodingMentions(form: FormDef, name: string): boolean {
  const specs = Array.isArray(form.encoding) ? form.encoding : [form.encoding as EncodingSpec];
  return specs.some((s) => Object.values(s.fields).includes(name));
}

function paramBits(p: ParamDef): number | undefined {
  return p.kind === 'imm' || p.kind === 'label' ? p.bits : undefined;
}

function checkEncoding(
  form: FormDef,
  spec: EncodingSpec,
  field: string,
  ctx: Context,
  bad: (field: string, message: string) => void,
): void {
  const format = ctx.formats.get(spec.format);
  if (!format) {
    bad(`${field}.format`, `unknown format '${spec.format}'`);
    return;
  }
  if (ctx.badFormats.has(format.name)) {
    bad(`${field}.format`, `format '${format.name}' is invalid (see its own error)`);
    return;
  }
  for (const [name, f] of Object.entries(format.fields)) {
    if (f.required && spec.fields[name] === undefined) {
      bad(`${field}.${name}`, `format '${format.name}' needs field '${name}'`);
    }
  }
  for (const [name, value] of Object.entries(spec.fields)) {
    const where = `${field}.${name}`;
    const f = format.fields[name];
    if (!f) {
      bad(where, `format '${format.name}' has no field '${name}'`);
      continue;
    }
    const param = typeof value === 'string' ? form.params[value] : undefined;
    if (param) {
      const kind = param.kind === 'fixed' ? 'reg' : param.kind === 'sym' ? 'const' : param.kind;
      if (!f.accepts.includes(kind)) {
        bad(
          where,
          `parameter '${value}' is a ${param.kind}, but the field takes ${f.accepts.join(' or ')}`,
        );
        continue;
      }
      if (f.bits > 0) {
        const bits = paramBits(param);
        if (bits !== undefined && bits > f.bits) {
          bad(where, `parameter '${value}' needs ${bits} bits but the field holds ${f.bits}`);
        }
        for (const r of paramRegisters(param, ctx.registers, ctx.classes)) {
          if (!fitsUnsigned(r.encoding, f.bits)) {
            bad(
              where,
              `register '${r.name}' (encoding ${r.encoding}) does not fit the ${f.bits}-bit field`,
            );
          }
        }
      }
      continue;
    }
    if (typeof value === 'string' && !f.accepts.includes('const')) {
      bad(where, `'${value}' is not a parameter of the form`);
      continue;
    }
    if (!f.accepts.includes('const')) {
      bad(where, 'the field takes a parameter, not a constant');
      continue;
    }
    if (typeof value === 'number' && f.bits > 0 && !fitsUnsigned(value, f.bits)) {
      bad(where, `constant ${value} does not fit the ${f.bits}-bit field`);
    }
  }
  const lookup = { registers: ctx.registers, classes: ctx.classes };
  for (const problem of format.check?.(spec, form, lookup) ?? []) bad(field, problem);
}
