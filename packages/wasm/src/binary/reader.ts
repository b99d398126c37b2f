/**
 * A cursor over the bytes of a WebAssembly binary: fixed-size integers,
 * LEB128 (unsigned and signed, 32 and 64 bits), names and byte ranges. Every
 * read checks the bounds and the encoding; a malformed byte sequence throws
 * a WasmError that names the file and the byte offset.
 */
import { WasmError } from '../errors.js';

/** Reads a WebAssembly binary from `pos`, up to `end`. */
export class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
    public end = bytes.length,
    private readonly file?: string,
  ) {}

  /** Whether every byte up to `end` has been read. */
  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A WasmError at the current offset. */
  error(message: string, at = this.pos): WasmError {
    return new WasmError(`malformed module at byte 0x${at.toString(16)}: ${message}`, this.file);
  }

  u8(): number {
    if (this.pos >= this.end) throw this.error('unexpected end');
    return this.bytes[this.pos++]!;
  }

  /** An unsigned LEB128 of at most 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      if (shift === 28 && (b & 0x70) !== 0) throw this.error('integer too large');
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
      if (shift > 28) throw this.error('integer representation too long');
    }
  }

  /** A signed LEB128 of at most 32 bits. */
  s32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      if (shift === 28) {
        const rest = b & 0x70;
        if ((b & 0x80) !== 0) throw this.error('integer representation too long');
        const sign = b & 0x08;
        if (rest !== (sign ? 0x70 : 0)) throw this.error('integer too large');
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) {
        if (shift < 32 && (b & 0x40) !== 0) result |= -1 << shift;
        return result | 0;
      }
    }
  }

  /** A signed LEB128 of at most 64 bits, as a bigint. */
  s64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.u8();
      if (shift === 63n) {
        if ((b & 0x80) !== 0) throw this.error('integer representation too long');
        if (b !== 0 && b !== 0x7f) throw this.error('integer too large');
      }
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        if (shift < 64n && (b & 0x40) !== 0) result -= 1n << shift;
        return BigInt.asIntN(64, result);
      }
    }
  }

  /** A little-endian 32-bit word (f32 bits), unsigned. */
  fixed32(): number {
    if (this.pos + 4 > this.end) throw this.error('unexpected end');
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** A little-endian 64-bit word (f64 bits), unsigned. */
  fixed64(): bigint {
    const lo = BigInt(this.fixed32());
    const hi = BigInt(this.fixed32());
    return (hi << 32n) | lo;
  }

  /** `n` bytes (a view, not a copy). */
  take(n: number): Uint8Array {
    if (n > this.end - this.pos) throw this.error('unexpected end');
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /**
   * A length-prefixed UTF-8 name, every code point kept: a leading U+FEFF is
   * part of the name (TextDecoder drops it unless told not to).
   */
  name(): string {
    const bytes = this.take(this.u32());
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw this.error('malformed UTF-8 encoding');
    }
  }
}
