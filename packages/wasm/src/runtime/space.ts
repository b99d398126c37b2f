/**
 * Where a store's data lives (contexts, descriptors, tables, global cells,
 * linear memories, data blobs, argument areas):
 *
 * - HostSpace: memory of this process (the target is the host), mapped
 *   with @lirc/runtime; the code runs here and reads and writes it directly;
 * - GuestSpace: the data segment of a static executable run under an
 *   emulator, laid out at fixed addresses before the run: initialised bytes
 *   from `base`, zero-filled reservations (linear memories) from
 *   `base + ZERO_REGION`; what the run leaves is read back from its output.
 */
import { allocateMemory, type HostMemory } from '@lirc/runtime';

/** Allocation and access of a store's data. Addresses are bigints. */
export interface Space {
  /** `bytes` bytes aligned to 16; `zero` ones may be large reservations never written by the host. */
  alloc(bytes: number, zero?: boolean): bigint;
  write(address: bigint, bytes: Uint8Array): void;
  /** Little-endian integer of `size` bytes. */
  writeInt(address: bigint, size: number, value: bigint): void;
  read(address: bigint, length: number): Uint8Array;
  free(): void;
}

/** Memory of this process. */
export class HostSpace implements Space {
  private readonly blocks: HostMemory[] = [];

  alloc(bytes: number): bigint {
    const m = allocateMemory(Math.max(16, bytes));
    this.blocks.push(m);
    return m.address;
  }

  private find(address: bigint, length: number): { m: HostMemory; at: number } {
    for (const m of this.blocks) {
      if (address >= m.address && address + BigInt(length) <= m.address + BigInt(m.size))
        return { m, at: Number(address - m.address) };
    }
    throw new Error(`runtime bug: no host block holds 0x${address.toString(16)}`);
  }

  write(address: bigint, bytes: Uint8Array): void {
    const { m, at } = this.find(address, bytes.length);
    m.bytes.set(bytes, at);
  }

  writeInt(address: bigint, size: number, value: bigint): void {
    this.write(address, intBytes(size, value));
  }

  read(address: bigint, length: number): Uint8Array {
    const { m, at } = this.find(address, length);
    return m.bytes.slice(at, at + length);
  }

  /** A DataView over `length` bytes at `address`, no copy (valid until free()). */
  view(address: bigint, length: number): DataView {
    const { m, at } = this.find(address, length);
    const b = m.bytes;
    return new DataView(b.buffer, b.byteOffset + at, length);
  }

  free(): void {
    for (const m of this.blocks) m.free();
    this.blocks.length = 0;
  }
}

/** Offset of the zero-filled region from a guest space's base. */
export const ZERO_REGION = 0x0800_0000;

/** The data segment of a static executable, at fixed addresses. */
export class GuestSpace implements Space {
  private bytes = new Uint8Array(1 << 16);
  /** Bytes of initialised data used. */
  used = 0;
  /** Bytes of the zero region used. */
  zeroUsed = 0;

  constructor(readonly base: number) {}

  alloc(bytes: number, zero = false): bigint {
    const size = Math.ceil(Math.max(bytes, 1) / 16) * 16;
    if (zero) {
      const at = this.base + ZERO_REGION + this.zeroUsed;
      this.zeroUsed += Math.ceil(size / 4096) * 4096;
      if (ZERO_REGION + this.zeroUsed > 0xc000_0000 - this.base)
        throw new Error('the guest has no address space left for another linear memory');
      return BigInt(at);
    }
    const at = this.used;
    this.used += size;
    if (this.used > ZERO_REGION / 2) throw new Error('the guest data segment is full');
    while (this.used > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    return BigInt(this.base + at);
  }

  write(address: bigint, bytes: Uint8Array): void {
    const at = Number(address) - this.base;
    if (at < 0 || at + bytes.length > this.used)
      throw new Error('runtime bug: a write outside the guest data');
    this.bytes.set(bytes, at);
  }

  writeInt(address: bigint, size: number, value: bigint): void {
    this.write(address, intBytes(size, value));
  }

  read(address: bigint, length: number): Uint8Array {
    const at = Number(address) - this.base;
    return this.bytes.slice(at, at + length);
  }

  /** The initialised bytes (up to `used`). */
  image(): Uint8Array {
    return this.bytes.slice(0, this.used);
  }

  free(): void {}
}

/** `value` as `size` little-endian bytes. */
export function intBytes(size: number, value: bigint): Uint8Array {
  const out = new Uint8Array(size);
  let v = BigInt.asUintN(size * 8, value);
  for (let k = 0; k < size; k++) {
    out[k] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The little-endian integer in `bytes` (unsigned). */
export function readInt(bytes: Uint8Array, at: number, size: number): bigint {
  let v = 0n;
  for (let k = size - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[at + k]!);
  return v;
}
