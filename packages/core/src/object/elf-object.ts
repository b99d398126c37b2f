/**
 * A writer of ELF relocatable objects (`.o`, ET_REL) from a linked module
 * (module.ts `CompiledModule`): the code in `.text`, optional data objects
 * in `.data`, one symbol per function (global, or local when the caller
 * hides it), one per data object and one undefined symbol per function the
 * code calls outside the module, and a `.rela.text` entry per relocation
 * the encoder asked for. Calls between the module's own functions are
 * already resolved pc-relative by `link()`, so they need none.
 *
 * Nothing here knows an instruction set: the class (ELF32/ELF64), machine
 * number, flags and the relocation type of each relocation kind are data of
 * the machine definition (`MachineDefinition.object`). Little-endian only
 * (both shipped machines are). It lives in @lirc/core so that any compiler
 * streaming Low IR into a ModuleCompiler can write objects without the CLI.
 * A relocation with `pairedBack` (the low half of a RISC-V pc-relative
 * pair) is pointed at a local symbol `.Lpcrel_hiN` on the instruction that
 * holds the high half, as an assembler does. An empty `.note.GNU-stack`
 * section says the code needs no executable stack.
 */
import type { MachineDefinition, ObjectFormatDef } from '@lirc/asmquery';
import { CompileError } from '../compiler/errors.js';
import type { CompiledModule } from '../compiler/module.js';

/** Initialised data to place in `.data` under a global symbol. */
export interface ObjectData {
  /** The symbol's name. */
  readonly name: string;
  /** Its initial bytes. */
  readonly bytes: Uint8Array;
  /** Its size (default `bytes.length`); bytes past `bytes` are zero. */
  readonly size?: number;
  /** Alignment, a power of two (default 16). */
  readonly align?: number;
}

/** Options of {@link writeElfObject}. */
export interface ElfObjectOptions {
  /** Whether function `name` is visible to the linker (default: every function is). */
  readonly isGlobal?: (name: string) => boolean;
  /** Data objects, laid out in `.data` in this order. */
  readonly data?: readonly ObjectData[];
  /** More global function symbols: `name` at the place (and with the size) of module function `of`. */
  readonly aliases?: readonly { readonly name: string; readonly of: string }[];
}

const SHT_PROGBITS = 1;
const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const SHT_RELA = 4;
const SHF_WRITE = 1;
const SHF_ALLOC = 2;
const SHF_EXECINSTR = 4;
const SHF_INFO_LINK = 0x40;
const STB_LOCAL = 0;
const STB_GLOBAL = 1;
const STT_NOTYPE = 0;
const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_SECTION = 3;

/** Section indexes (fixed order). */
const TEXT = 1;
const DATA = 2;
const SECTION_NAMES = [
  '',
  '.text',
  '.data',
  '.rela.text',
  '.symtab',
  '.strtab',
  '.shstrtab',
  '.note.GNU-stack',
];

interface Sym {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly bind: number;
  readonly type: number;
  readonly section: number;
}

/** The object format of `def`, or a CompileError saying the definition has none. */
function objectFormat(def: MachineDefinition): ObjectFormatDef {
  if (def.object === undefined)
    throw new CompileError(
      `the ${def.name} definition says nothing about object files (MachineDefinition.object): cannot write an ELF object`,
    );
  return def.object;
}

/** A string table: names in order of first use, each NUL-terminated. */
class StringTable {
  private readonly offsets = new Map<string, number>([['', 0]]);
  private size = 1;
  private readonly parts: string[] = [''];

  offset(name: string): number {
    let at = this.offsets.get(name);
    if (at === undefined) {
      at = this.size;
      this.offsets.set(name, at);
      this.parts.push(name);
      this.size += Buffer.byteLength(name) + 1;
    }
    return at;
  }

  bytes(): Uint8Array {
    return new TextEncoder().encode(`${this.parts.join('\0')}\0`);
  }
}

/** A little-endian byte buffer of words of the ELF class's sizes. */
class Out {
  private buf = new Uint8Array(4096);
  private view = new DataView(this.buf.buffer);
  length = 0;

  constructor(private readonly wide: boolean) {}

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): void {
    this.room(1);
    this.view.setUint8(this.length++, v);
  }
  u16(v: number): void {
    this.room(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
  }
  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }
  /** A word of the class: Elf32_Addr/Off/Word (4 bytes) or Elf64_Addr/Off/Xword (8). */
  word(v: number | bigint): void {
    if (!this.wide) {
      this.u32(Number(v));
      return;
    }
    this.room(8);
    this.view.setBigUint64(this.length, BigInt.asUintN(64, BigInt(v)), true);
    this.length += 8;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  align(n: number): void {
    while (this.length % n !== 0) this.u8(0);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** The `.data` bytes and each object's offset in it. */
function layoutData(data: readonly ObjectData[]): { bytes: Uint8Array; offsets: number[] } {
  const offsets: number[] = [];
  let end = 0;
  for (const d of data) {
    const align = d.align ?? 16;
    end = Math.ceil(end / align) * align;
    offsets.push(end);
    end += d.size ?? d.bytes.length;
  }
  const bytes = new Uint8Array(end);
  data.forEach((d, k) => {
    bytes.set(d.bytes, offsets[k]!);
  });
  return { bytes, offsets };
}

/**
 * The ELF relocatable object of `module` for machine `def`. Throws a
 * CompileError when the definition has no object format or a relocation
 * kind it does not map to an ELF type.
 */
export function writeElfObject(
  def: MachineDefinition,
  module: CompiledModule,
  options: ElfObjectOptions = {},
): Uint8Array {
  const format = objectFormat(def);
  const wide = format.elfClass === 64;
  const isGlobal = options.isGlobal ?? (() => true);
  const data = options.data ?? [];
  const dataLayout = layoutData(data);

  // Symbols: locals first (the section symbol, hidden functions, pair labels), then globals.
  const locals: Sym[] = [
    { name: '', value: 0, size: 0, bind: STB_LOCAL, type: STT_SECTION, section: TEXT },
  ];
  const globals: Sym[] = [];
  const defined = new Set<string>();
  for (const f of module.functions) {
    const global = isGlobal(f.name);
    defined.add(f.name);
    const sym = { name: f.name, value: f.offset, size: f.size, type: STT_FUNC, section: TEXT };
    (global ? globals : locals).push({ ...sym, bind: global ? STB_GLOBAL : STB_LOCAL });
  }
  const byName = new Map(module.functions.map((f) => [f.name, f]));
  for (const a of options.aliases ?? []) {
    const f = byName.get(a.of);
    if (f === undefined) throw new CompileError(`alias ${a.name}: no function ${a.of}`);
    defined.add(a.name);
    const at = { value: f.offset, size: f.size, section: TEXT };
    globals.push({ name: a.name, ...at, bind: STB_GLOBAL, type: STT_FUNC });
  }
  data.forEach((d, k) => {
    defined.add(d.name);
    globals.push({
      name: d.name,
      value: dataLayout.offsets[k]!,
      size: d.size ?? d.bytes.length,
      bind: STB_GLOBAL,
      type: STT_OBJECT,
      section: DATA,
    });
  });
  const pairLabels = new Map<number, string>();
  const undefinedNames = new Set<string>();
  for (const r of module.relocations) {
    if (r.pairedBack !== undefined) {
      const at = r.at - r.pairedBack;
      if (!pairLabels.has(at)) {
        const name = `.Lpcrel_hi${pairLabels.size}`;
        pairLabels.set(at, name);
        locals.push({ name, value: at, size: 0, bind: STB_LOCAL, type: STT_NOTYPE, section: TEXT });
      }
    } else if (!defined.has(r.symbol) && !undefinedNames.has(r.symbol)) {
      undefinedNames.add(r.symbol);
      globals.push({
        name: r.symbol,
        value: 0,
        size: 0,
        bind: STB_GLOBAL,
        type: STT_NOTYPE,
        section: 0,
      });
    }
  }
  const symbols = [...locals, ...globals];
  const seen = new Set<string>();
  for (const g of globals) {
    if (seen.has(g.name))
      throw new CompileError(`two global symbols are named ${g.name} in the object`);
    seen.add(g.name);
  }
  const index = new Map<string, number>();
  symbols.forEach((s, k) => {
    if (s.name !== '') index.set(s.name, k + 1);
  });

  const out = new Out(wide);
  // ELF header, patched at the end with the section headers' offset.
  const ehsize = wide ? 64 : 52;
  out.bytes(new Uint8Array(ehsize));

  const offsets: number[] = new Array(SECTION_NAMES.length).fill(0);
  const sizes: number[] = new Array(SECTION_NAMES.length).fill(0);
  const place = (section: number, bytes: Uint8Array, align: number) => {
    out.align(align);
    offsets[section] = out.length;
    out.bytes(bytes);
    sizes[section] = bytes.length;
  };
  place(TEXT, module.code, 16);
  place(DATA, dataLayout.bytes, 16);

  // .rela.text
  const rela = new Out(wide);
  for (const r of module.relocations) {
    const type = format.relocations[r.kind];
    if (type === undefined)
      throw new CompileError(
        `relocation kind ${r.kind} (at code offset ${r.at}, to ${r.symbol}) has no ELF type in the ${def.name} definition (object.relocations)`,
      );
    const paired = r.pairedBack === undefined ? undefined : pairLabels.get(r.at - r.pairedBack)!;
    const sym = index.get(paired ?? r.symbol)!;
    const addend = paired === undefined ? r.addend : 0;
    rela.word(r.at);
    if (wide) rela.word((BigInt(sym) << 32n) | BigInt(type));
    else rela.word(sym * 256 + type);
    rela.word(BigInt.asUintN(wide ? 64 : 32, BigInt(addend)));
  }
  place(3, rela.result(), wide ? 8 : 4);

  // .symtab and .strtab
  const strtab = new StringTable();
  const symtab = new Out(wide);
  symtab.bytes(new Uint8Array(wide ? 24 : 16));
  for (const s of symbols) {
    const name = strtab.offset(s.name);
    const info = (s.bind << 4) | s.type;
    if (wide) {
      symtab.u32(name);
      symtab.u8(info);
      symtab.u8(0);
      symtab.u16(s.section);
      symtab.word(s.value);
      symtab.word(s.size);
    } else {
      symtab.u32(name);
      symtab.word(s.value);
      symtab.word(s.size);
      symtab.u8(info);
      symtab.u8(0);
      symtab.u16(s.section);
    }
  }
  place(4, symtab.result(), wide ? 8 : 4);
  place(5, strtab.bytes(), 1);
  const shstrtab = new StringTable();
  const names = SECTION_NAMES.map((n) => shstrtab.offset(n));
  place(6, shstrtab.bytes(), 1);
  place(7, new Uint8Array(0), 1);

  // Section headers: name, type, flags, addr, offset, size, link, info, addralign, entsize.
  out.align(wide ? 8 : 4);
  const shoff = out.length;
  const headers: [number, number, number, number, number, number, number][] = [
    [0, 0, 0, 0, 0, 0, 0],
    [SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0, 0, 16, 0, 0],
    [SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0, 0, 16, 0, 0],
    [SHT_RELA, SHF_INFO_LINK, 4, TEXT, wide ? 8 : 4, wide ? 24 : 12, 0],
    [SHT_SYMTAB, 0, 5, locals.length + 1, wide ? 8 : 4, wide ? 24 : 16, 0],
    [SHT_STRTAB, 0, 0, 0, 1, 0, 0],
    [SHT_STRTAB, 0, 0, 0, 1, 0, 0],
    [SHT_PROGBITS, 0, 0, 0, 1, 0, 0],
  ];
  headers.forEach(([type, flags, link, info, align, entsize], k) => {
    out.u32(names[k]!);
    out.u32(type);
    out.word(flags);
    out.word(0);
    out.word(k === 0 ? 0 : offsets[k]!);
    out.word(sizes[k]!);
    out.u32(link);
    out.u32(info);
    out.word(k === 0 ? 0 : align);
    out.word(entsize);
  });
  const image = out.result();
  writeHeader(new DataView(image.buffer), format, shoff, SECTION_NAMES.length);
  return image;
}

/** Fills in the ELF header of a relocatable object. */
function writeHeader(view: DataView, format: ObjectFormatDef, shoff: number, shnum: number): void {
  const wide = format.elfClass === 64;
  [0x7f, 0x45, 0x4c, 0x46, wide ? 2 : 1, 1, 1].forEach((b, k) => {
    view.setUint8(k, b);
  });
  view.setUint16(16, 1, true); // ET_REL
  view.setUint16(18, format.machine, true);
  view.setUint32(20, 1, true); // EV_CURRENT
  // e_entry and e_phoff stay 0.
  const after = wide ? 40 : 32; // e_shoff
  if (wide) view.setBigUint64(after, BigInt(shoff), true);
  else view.setUint32(after, shoff, true);
  const p = after + (wide ? 8 : 4);
  view.setUint32(p, format.flags, true);
  view.setUint16(p + 4, wide ? 64 : 52, true); // e_ehsize
  view.setUint16(p + 6, 0, true); // e_phentsize
  view.setUint16(p + 8, 0, true); // e_phnum
  view.setUint16(p + 10, wide ? 64 : 40, true); // e_shentsize
  view.setUint16(p + 12, shnum, true);
  view.setUint16(p + 14, 6, true); // e_shstrndx: .shstrtab
}
