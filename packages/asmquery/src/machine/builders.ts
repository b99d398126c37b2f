/**
 * Helpers for writing machine definitions: parameter constructors, a way to
 * tag a file's forms with their source, and a generic bit-layout format (for
 * fixed-width ISAs like RISC-V) written MSB→LSB as the manuals draw it.
 */
import type {
  EncodingSpec,
  FieldValue,
  FormatDef,
  FormatField,
  FormDef,
  OperandValue,
  ParamDef,
} from './types.js';

/** A register parameter of `cls`, seen at `width` bits. */
export function reg(cls: string, width: number): ParamDef {
  return { kind: 'reg', class: cls, width };
}

/** A fixed-register parameter (implicit operand or flag view). */
export function fixed(register: string, width: number): ParamDef {
  return { kind: 'fixed', reg: register, width };
}

/** An immediate standing for a `width`-bit operand, fitting `bits` bits. */
export function imm(
  width: number,
  bits: number,
  options: { signed?: boolean; align?: number; oneOf?: readonly number[] } = {},
): ParamDef {
  return {
    kind: 'imm',
    width,
    bits,
    signed: options.signed ?? true,
    ...(options.align !== undefined ? { align: options.align } : {}),
    ...(options.oneOf !== undefined ? { oneOf: options.oneOf } : {}),
  };
}

/** A pc-relative label operand of `bits` signed bits. */
export function label(
  bits: number,
  options: { align?: number; relativeTo?: 'start' | 'end' } = {},
): ParamDef {
  return {
    kind: 'label',
    bits,
    relativeTo: options.relativeTo ?? 'start',
    ...(options.align !== undefined ? { align: options.align } : {}),
  };
}

/** A function operand (call target). */
export function func(): ParamDef {
  return { kind: 'func' };
}

/** A symbol operand (trap kind). */
export function sym(): ParamDef {
  return { kind: 'sym' };
}

/** An encoding spec. */
export function enc(format: string, fields: Record<string, FieldValue>): EncodingSpec {
  return { format, fields };
}

/** Tags each form with the file it comes from (shown in load errors). */
export function group(source: string, forms: readonly FormDef[]): FormDef[] {
  return forms.map((f) => ({ ...f, source }));
}

/** One segment of a bit layout: bits [hi:lo] of the value of field `name`, `size` bits wide. */
interface Segment {
  readonly name: string;
  readonly hi: number;
  readonly lo: number;
}

/** A problem in a bit layout, reported when the definition loads. */
export class LayoutError extends Error {
  override name = 'LayoutError';
}

/**
 * Parses a layout such as `funct7:7 rs2:5 rs1:5 funct3:3 rd:5 opcode:7` or
 * `imm[12] imm[10:5] rs2:5 rs1:5 funct3:3 imm[4:1] imm[11] opcode:7`, MSB
 * first. `name:n` is a whole n-bit field; `name[hi:lo]` / `name[b]` are bits
 * of a wider value spread over the word.
 */
export function parseLayout(format: string, layout: string, wordBits: number): Segment[] {
  const segments: Segment[] = [];
  for (const token of layout.trim().split(/\s+/)) {
    const whole = /^([a-z][a-z0-9_]*):([0-9]+)$/.exec(token);
    const slice = /^([a-z][a-z0-9_]*)\[([0-9]+)(?::([0-9]+))?\]$/.exec(token);
    if (whole) segments.push({ name: whole[1]!, hi: Number(whole[2]) - 1, lo: 0 });
    else if (slice) {
      const hi = Number(slice[2]);
      const lo = slice[3] === undefined ? hi : Number(slice[3]);
      if (lo > hi)
        throw new LayoutError(`format '${format}': '${token}' has its bits in the wrong order`);
      segments.push({ name: slice[1]!, hi, lo });
    } else {
      throw new LayoutError(
        `format '${format}': cannot read '${token}' (write name:bits or name[hi:lo])`,
      );
    }
  }
  const total = segments.reduce((n, s) => n + s.hi - s.lo + 1, 0);
  if (total !== wordBits) {
    throw new LayoutError(
      `format '${format}': the fields add up to ${total} bits, not ${wordBits}`,
    );
  }
  const used = new Map<string, Set<number>>();
  for (const s of segments) {
    const bits = used.get(s.name) ?? new Set<number>();
    for (let b = s.lo; b <= s.hi; b++) {
      if (bits.has(b)) {
        throw new LayoutError(
          `format '${format}': bit ${b} of field '${s.name}' appears twice (overlapping bit fields)`,
        );
      }
      bits.add(b);
    }
    used.set(s.name, bits);
  }
  for (const [name, bits] of used) {
    // A value may leave low bits out (branch offsets drop bit 0, lui keeps 31:12), never a gap.
    const hi = Math.max(...bits);
    for (let b = Math.min(...bits); b <= hi; b++) {
      if (!bits.has(b))
        throw new LayoutError(`format '${format}': field '${name}' is missing bit ${b}`);
    }
  }
  return segments;
}

function fieldNumber(value: OperandValue): bigint {
  switch (value.kind) {
    case 'reg':
      return BigInt(value.reg.encoding);
    case 'imm':
      return value.value;
    case 'label':
      return BigInt(value.offset);
    case 'const':
      if (typeof value.value === 'number') return BigInt(value.value);
      throw new Error(`a bit field needs a number, not ${JSON.stringify(value.value)}`);
    case 'func':
      return BigInt(value.offset ?? 0); // pc-relative when known, else 0 and a relocation
  }
}

/** Options of `bitFormat`. */
export interface BitFormatOptions {
  /** Word size in bits (default 32). */
  readonly wordBits?: number;
  /**
   * Relocation kinds by field: when the field holds a function (a call), the
   * encoding asks for a relocation of that kind at the instruction.
   */
  readonly relocations?: Readonly<Record<string, string>>;
}

/**
 * A fixed-width format from a bit layout (little-endian word). Every field
 * is required; its size is the number of bits the layout gives it. A bad
 * layout does not throw here: the definition fails to load, naming it.
 */
export function bitFormat(name: string, layout: string, options: BitFormatOptions = {}): FormatDef {
  const wordBits = options.wordBits ?? 32;
  let segments: Segment[];
  try {
    segments = parseLayout(name, layout, wordBits);
  } catch (e) {
    if (!(e instanceof LayoutError)) throw e;
    return {
      name,
      fields: {},
      problems: [e.message],
      encode() {
        throw new Error(e.message);
      },
    };
  }
  const fields: Record<string, FormatField> = {};
  for (const s of segments) {
    const bits = Math.max(fields[s.name]?.bits ?? 0, s.hi + 1);
    fields[s.name] = { bits, required: true, accepts: ['reg', 'imm', 'label', 'const', 'func'] };
  }
  return {
    name,
    fields,
    encode(values) {
      let word = 0n;
      for (const s of segments) {
        const v = values[s.name];
        if (v === undefined) throw new Error(`format '${name}': field '${s.name}' has no value`);
        const size = BigInt(s.hi - s.lo + 1);
        const bits = (fieldNumber(v) >> BigInt(s.lo)) & ((1n << size) - 1n);
        word = (word << size) | bits;
      }
      const bytes: number[] = [];
      for (let i = 0; i < wordBits / 8; i++) bytes.push(Number((word >> BigInt(8 * i)) & 0xffn));
      const relocations = Object.entries(options.relocations ?? {}).flatMap(([field, kind]) => {
        const v = values[field];
        return v?.kind === 'func' && v.offset === undefined
          ? [{ at: 0, kind, symbol: v.name, addend: 0 }]
          : [];
      });
      return relocations.length > 0 ? { bytes, relocations } : { bytes };
    },
  };
}
