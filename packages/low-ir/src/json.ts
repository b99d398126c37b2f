/**
 * The JSON form of a Low IR module, so tools can exchange it: zod schemas
 * that validate it, and conversions to and from the in-memory Module.
 * Immediates are decimal strings (JSON has no 64-bit integers) and data
 * segments are hex strings.
 */
import { z } from 'zod';
import type { Module } from './ir.js';

const pos = z
  .object({ line: z.number().int().positive(), column: z.number().int().positive() })
  .optional();

const location = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('any') }),
  z.object({ kind: z.literal('class'), name: z.string().min(1) }),
  z.object({ kind: z.literal('reg'), name: z.string().min(1) }),
  z.object({ kind: z.literal('stack'), offset: z.number().int().nonnegative() }),
]);

const width = z.number().int().positive();

const valueDef = z.object({
  id: z.number().int().nonnegative(),
  name: z.string().optional(),
  width,
  uses: z.number().int().nonnegative(),
  loc: location.optional(),
});

const labelRef = z.object({ id: z.number().int().nonnegative(), name: z.string().optional() });

const operand = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('value'), id: z.number().int().nonnegative() }),
  z.object({
    kind: z.literal('imm'),
    value: z.string().regex(/^-?[0-9]+$/, 'a decimal integer string'),
  }),
  z.object({ kind: z.literal('label'), label: labelRef }),
  z.object({ kind: z.literal('func'), name: z.string().min(1) }),
  z.object({ kind: z.literal('sym'), name: z.string().min(1) }),
]);

const action = z.object({
  opcode: z.string().min(1),
  widths: z.array(width),
  results: z.array(valueDef),
  operands: z.array(operand),
  pos,
});

const labelDef = z.object({
  label: labelRef,
  params: z.array(valueDef),
  stackDepth: z.number().int().nonnegative().optional(),
  pos,
});

const bodyItem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('action'), action }),
  z.object({ kind: z.literal('label'), label: labelDef }),
]);

const functionDef = z.object({
  name: z.string().min(1),
  params: z.array(valueDef),
  results: z.array(z.object({ width, loc: location.optional() })),
  stackDepth: z.number().int().nonnegative().optional(),
  pos,
  body: z.array(bodyItem),
});

/** The zod schema of the JSON form of a module. */
export const ModuleJsonSchema = z.object({
  format: z.literal('lirc-low-ir'),
  version: z.literal(1),
  header: z.object({
    pointerWidth: z.union([z.literal(32), z.literal(64)]),
    memorySize: z.number().int().nonnegative().optional(),
    data: z.array(
      z.object({
        offset: z.number().int().nonnegative(),
        bytes: z.string().regex(/^([0-9a-f]{2})*$/, 'lower-case hex bytes'),
        pos,
      }),
    ),
    externs: z.array(
      z.object({ name: z.string().min(1), params: z.array(width), results: z.array(width), pos }),
    ),
  }),
  functions: z.array(functionDef),
});

/** The JSON form of a module (what `moduleToJson` returns). */
export type ModuleJson = z.infer<typeof ModuleJsonSchema>;

/** A JSON document that does not match the schema; the message lists each problem with its path. */
export class LowIrJsonError extends Error {
  override name = 'LowIrJsonError';
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Converts a module to its JSON form (a plain object; JSON.stringify it). */
export function moduleToJson(module: Module): ModuleJson {
  return JSON.parse(
    JSON.stringify(
      {
        format: 'lirc-low-ir',
        version: 1,
        header: {
          ...module.header,
          data: module.header.data.map((d) => ({ ...d, bytes: toHex(d.bytes) })),
        },
        functions: module.functions,
      },
      (_key, value) => (typeof value === 'bigint' ? value.toString() : value),
    ),
  ) as ModuleJson;
}

/** Validates a JSON value and converts it to a module. Throws LowIrJsonError. */
export function moduleFromJson(json: unknown): Module {
  const parsed = ModuleJsonSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `  at ${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new LowIrJsonError(`invalid Low IR JSON:\n${problems.join('\n')}`);
  }
  const m = parsed.data;
  return {
    header: { ...m.header, data: m.header.data.map((d) => ({ ...d, bytes: fromHex(d.bytes) })) },
    functions: m.functions.map((f) => ({
      ...f,
      body: f.body.map((item) =>
        item.kind === 'label'
          ? item
          : {
              kind: 'action' as const,
              action: {
                ...item.action,
                operands: item.action.operands.map((op) =>
                  op.kind === 'imm' ? { kind: 'imm' as const, value: BigInt(op.value) } : op,
                ),
              },
            },
      ),
    })),
  } as Module;
}
