/**
 * zod schemas of a machine definition's structure. They catch shape errors
 * (a missing field, a width that is not a number) before the cross-checks of
 * validate.ts, and their issue paths become the `field` of load errors.
 */
import { z } from 'zod';

const name = z.string().min(1);
/** A count, size, offset, number or bit mask: a non-negative integer. */
const count = z.number().int().nonnegative();
const width = z.number().int().positive();

const register = z.object({
  name,
  encoding: z.number().int().nonnegative(),
  width,
  views: z.record(z.string().regex(/^[0-9]+$/), name).optional(),
  group: name.optional(),
});

const registerClass = z.object({
  name,
  registers: z.array(name).min(1),
  widths: z.array(width).min(1),
});

const param = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reg'), class: name, width }),
  z.object({ kind: z.literal('fixed'), reg: name, width }),
  z.object({
    kind: z.literal('imm'),
    width,
    bits: z.number().int().min(1).max(64),
    signed: z.boolean(),
    align: z.number().int().positive().optional(),
    oneOf: z.array(z.number().int()).min(1).optional(),
  }),
  z.object({
    kind: z.literal('label'),
    bits: z.number().int().min(2).max(64),
    align: z.number().int().positive().optional(),
    relativeTo: z.enum(['start', 'end']),
  }),
  z.object({ kind: z.literal('func') }),
  z.object({ kind: z.literal('sym') }),
]);

const fieldValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.number())]);

const encodingSpec = z.object({ format: name, fields: z.record(z.string(), fieldValue) });

const form = z.object({
  name,
  extension: name,
  params: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case parameter name'), param),
  semantics: z.string().min(1),
  outputs: z.record(z.string(), name).optional(),
  clobbers: z.array(name).optional(),
  encoding: z.union([encodingSpec, z.array(encodingSpec).min(1)]),
  asm: z.string().min(1),
  assembler: z.string().min(1).optional(),
  cost: z.number().nonnegative().optional(),
  note: z.string().optional(),
  source: z.string().optional(),
});

const format = z.object({
  name,
  fields: z.record(
    z.string(),
    z.object({
      bits: z.number().int().nonnegative(),
      required: z.boolean(),
      accepts: z.array(z.enum(['reg', 'imm', 'label', 'func', 'const'])),
    }),
  ),
  encode: z.custom<(...args: unknown[]) => unknown>((v) => typeof v === 'function', 'a function'),
  check: z
    .custom<(...args: unknown[]) => unknown>((v) => typeof v === 'function', 'a function')
    .optional(),
  problems: z.array(z.string()).optional(),
});

/** The structural schema of a MachineDefinition. */
export const MachineDefinitionSchema = z.object({
  name,
  source: z.string(),
  pointerWidth: z.union([z.literal(32), z.literal(64)]),
  registers: z.array(register).min(1),
  classes: z.array(registerClass).min(1),
  special: z.object({
    stackPointer: name,
    framePointer: name.optional(),
    zero: name.optional(),
    context: name.optional(),
    returnAddress: name.optional(),
    reserved: z.array(name).optional(),
    scratch: name.optional(),
  }),
  abi: z.object({
    name,
    args: z.record(z.string(), z.array(name)),
    results: z.record(z.string(), z.array(name)),
    calleeSaved: z.array(name),
    stackAlignment: z.number().int().positive(),
    redZone: z.number().int().nonnegative(),
    stackSlotSize: z.number().int().positive(),
    returnAreaPointer: name,
    linux: z
      .object({
        syscalls: z.object({
          write: count,
          exit: count,
          rt_sigaction: count,
          rt_sigreturn: count,
          sigaltstack: count,
        }),
        signals: z.object({
          SIGILL: count,
          SIGTRAP: count,
          SIGBUS: count,
          SIGFPE: count,
          SIGSEGV: count,
        }),
        sigaction: z.object({
          size: count,
          handler: count,
          flags: count,
          mask: count,
          restorer: count.optional(),
        }),
        saFlags: z.object({
          SA_SIGINFO: count,
          SA_ONSTACK: count,
          SA_RESTORER: count.optional(),
        }),
        sigsetSize: count,
        stack: z.object({ size: count, sp: count, flags: count, bytes: count }),
        ucontext: z.object({ pc: count, sp: count }),
        elf: z.object({ machine: count, flags: count }),
        emulator: z.string().min(1),
      })
      .optional(),
  }),
  formats: z.array(format).min(1),
  forms: z.array(form).min(1),
  actions: z.array(z.any()).optional(),
  oracle: z
    .object({
      triple: name,
      assembleArgs: z.array(z.string()),
      disassembleArgs: z.array(z.string()),
      assemblesNumericLabels: z.boolean(),
    })
    .optional(),
  object: z
    .object({
      elfClass: z.union([z.literal(32), z.literal(64)]),
      machine: count,
      flags: count,
      relocations: z.record(name, count),
    })
    .optional(),
  assembly: z.object({ header: z.array(z.string()), comment: z.string().min(1) }).optional(),
});
