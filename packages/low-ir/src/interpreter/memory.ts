/**
 * The interpreter's linear memory: a byte array addressed from 0, accessed
 * little-endian, where any access that does not lie wholly inside the array
 * (including one that straddles the end) traps `out_of_bounds`.
 */
import { TrapKinds } from '../actions/define.js';
import type { MemoryAccess } from '../registry.js';
import { TrapSignal } from '../registry.js';

/** A bounds-checked little-endian byte memory. */
export class LinearMemory implements MemoryAccess {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  get size(): number {
    return this.bytes.length;
  }

  load(address: bigint, bytes: number): bigint {
    const at = this.check(address, bytes);
    const v = this.view;
    switch (bytes) {
      case 1:
        return BigInt(v.getUint8(at));
      case 2:
        return BigInt(v.getUint16(at, true));
      case 4:
        return BigInt(v.getUint32(at, true));
      default:
        return v.getBigUint64(at, true);
    }
  }

  store(address: bigint, bytes: number, value: bigint): void {
    const at = this.check(address, bytes);
    const v = this.view;
    switch (bytes) {
      case 1:
        v.setUint8(at, Number(value & 0xffn));
        return;
      case 2:
        v.setUint16(at, Number(value & 0xffffn), true);
        return;
      case 4:
        v.setUint32(at, Number(value & 0xffffffffn), true);
        return;
      default:
        v.setBigUint64(at, BigInt.asUintN(64, value), true);
    }
  }

  private check(address: bigint, bytes: number): number {
    if (address < 0n || address + BigInt(bytes) > BigInt(this.bytes.length)) {
      throw new TrapSignal(TrapKinds.outOfBounds);
    }
    return Number(address);
  }
}
