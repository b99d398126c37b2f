/**
 * A writer of static 32-bit little-endian ELF executables: the smallest file
 * a Linux loader (or qemu user-mode emulation) runs. One PT_LOAD segment,
 * read and execute, maps the headers and the code; an optional second one,
 * read and write, holds initialised data followed by zeroed space. No
 * sections, no symbols, no dynamic linking. The machine number and flags
 * (e.g. a float ABI) come from the caller, so nothing here is specific to an
 * instruction set.
 */

const EHDR_SIZE = 52;
const PHDR_SIZE = 32;
const PT_LOAD = 1;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
const ET_EXEC = 2;
const CODE_ALIGN = 16;

/** Default address of the first byte of the file (the headers), as common linkers use. */
export const DEFAULT_ELF32_BASE = 0x10000;

/** What goes into an executable. */
export interface Elf32Options {
  /** The ELF machine number (`e_machine`), e.g. 243 for EM_RISCV. */
  readonly machine: number;
  /** `e_flags` (for some machines, the float ABI and extensions); default 0. */
  readonly flags?: number;
  /** The code, loaded read-only and executable. */
  readonly code: Uint8Array;
  /** Byte offset of the entry point in `code` (default 0). */
  readonly entry?: number;
  /** Initial contents of the writable data segment. */
  readonly data?: Uint8Array;
  /** Size of the data segment in memory (default `data.length`); the rest is zeroed. */
  readonly dataSize?: number;
  /** Address of the data segment (default: the first page boundary after the code). */
  readonly dataAddress?: number;
  /** Address of the file's first byte (default 0x10000); page-aligned. */
  readonly base?: number;
  /** Segment alignment, a power of two (default 4096). */
  readonly pageSize?: number;
}

/** Where an executable's parts are, without building it. */
export interface Elf32Layout {
  /** Address of the code's first byte. */
  readonly codeAddress: number;
  /** Address of the entry point. */
  readonly entryAddress: number;
  /** Address of the data segment, when there is one. */
  readonly dataAddress: number | undefined;
  /** File offset of the code. */
  readonly codeOffset: number;
  /** File offset of the data (page-congruent with its address). */
  readonly dataOffset: number | undefined;
}

/** A built executable and its layout. */
export interface Elf32Executable extends Elf32Layout {
  /** The file's bytes. */
  readonly image: Uint8Array;
}

function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

function hasData(o: Elf32Options): boolean {
  return (o.data?.length ?? 0) > 0 || (o.dataSize ?? 0) > 0;
}

/** Computes the layout `buildStaticElf32(options)` will use; throws on an inconsistent request. */
export function elf32Layout(options: Elf32Options): Elf32Layout {
  const page = options.pageSize ?? 0x1000;
  const base = options.base ?? DEFAULT_ELF32_BASE;
  const entry = options.entry ?? 0;
  if (!(page > 0 && (page & (page - 1)) === 0)) throw new RangeError(`bad page size ${page}`);
  if (base % page !== 0) throw new RangeError(`base 0x${base.toString(16)} is not page-aligned`);
  if (options.code.length === 0) throw new RangeError('no code');
  if (!Number.isInteger(entry) || entry < 0 || entry >= options.code.length) {
    throw new RangeError(`entry ${entry} is outside the code (${options.code.length} bytes)`);
  }
  const data = hasData(options);
  const phnum = data ? 2 : 1;
  const codeOffset = alignUp(EHDR_SIZE + phnum * PHDR_SIZE, CODE_ALIGN);
  const textEnd = codeOffset + options.code.length;
  let dataAddress: number | undefined;
  let dataOffset: number | undefined;
  if (data) {
    dataAddress = options.dataAddress ?? base + alignUp(textEnd, page);
    if (dataAddress < base + alignUp(textEnd, page) && dataAddress + dataSizeOf(options) > base) {
      throw new RangeError(
        `data at 0x${dataAddress.toString(16)} overlaps the code pages (0x${base.toString(16)}..0x${(base + alignUp(textEnd, page)).toString(16)})`,
      );
    }
    dataOffset = alignUp(textEnd, page) + (dataAddress % page);
  }
  const end = Math.max(base + textEnd, (dataAddress ?? 0) + (data ? dataSizeOf(options) : 0));
  if (end > 2 ** 32) throw new RangeError('the executable does not fit a 32-bit address space');
  return {
    codeAddress: base + codeOffset,
    entryAddress: base + codeOffset + entry,
    dataAddress,
    codeOffset,
    dataOffset,
  };
}

function dataSizeOf(o: Elf32Options): number {
  const initialised = o.data?.length ?? 0;
  const size = o.dataSize ?? initialised;
  if (size < initialised) throw new RangeError(`dataSize ${size} < data length ${initialised}`);
  return size;
}

/** Builds a static ELF32 executable (see the file comment) and returns it with its layout. */
export function buildStaticElf32(options: Elf32Options): Elf32Executable {
  const layout = elf32Layout(options);
  const page = options.pageSize ?? 0x1000;
  const base = options.base ?? DEFAULT_ELF32_BASE;
  const data = options.data ?? new Uint8Array(0);
  const phnum = layout.dataOffset === undefined ? 1 : 2;
  const textSize = layout.codeOffset + options.code.length;
  const size = layout.dataOffset === undefined ? textSize : layout.dataOffset + data.length;
  const image = new Uint8Array(size);
  const h = new DataView(image.buffer);

  image.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]); // magic, ELFCLASS32, little-endian, version 1, SysV
  h.setUint16(16, ET_EXEC, true);
  h.setUint16(18, options.machine, true);
  h.setUint32(20, 1, true); // EV_CURRENT
  h.setUint32(24, layout.entryAddress, true);
  h.setUint32(28, EHDR_SIZE, true); // program headers follow the ELF header
  h.setUint32(32, 0, true); // no section headers
  h.setUint32(36, options.flags ?? 0, true);
  h.setUint16(40, EHDR_SIZE, true);
  h.setUint16(42, PHDR_SIZE, true);
  h.setUint16(44, phnum, true);
  h.setUint16(46, 40, true); // e_shentsize: the size a section header would have
  h.setUint16(48, 0, true);
  h.setUint16(50, 0, true);

  const segment = (
    k: number,
    offset: number,
    vaddr: number,
    filesz: number,
    memsz: number,
    flags: number,
  ) => {
    const at = EHDR_SIZE + k * PHDR_SIZE;
    h.setUint32(at, PT_LOAD, true);
    h.setUint32(at + 4, offset, true);
    h.setUint32(at + 8, vaddr, true);
    h.setUint32(at + 12, vaddr, true);
    h.setUint32(at + 16, filesz, true);
    h.setUint32(at + 20, memsz, true);
    h.setUint32(at + 24, flags, true);
    h.setUint32(at + 28, page, true);
  };
  segment(0, 0, base, textSize, textSize, PF_R | PF_X);
  image.set(options.code, layout.codeOffset);
  if (layout.dataOffset !== undefined) {
    segment(
      1,
      layout.dataOffset,
      layout.dataAddress!,
      data.length,
      dataSizeOf(options),
      PF_R | PF_W,
    );
    image.set(data, layout.dataOffset);
  }
  return { ...layout, image };
}
