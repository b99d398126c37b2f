/**
 * The native executor: runs host machine code in this process. Code is
 * copied into fresh read-write pages, optionally patched by the caller now
 * that its address is known, then made read-only and executable (never
 * writable and executable at once). Functions in it are called with the
 * host's C calling convention through koffi (about 40 to 80 ns per call).
 *
 * A fault in the code (a bad memory access, an illegal instruction, a divide
 * error) kills this process: use isolated.ts for code that may crash.
 */
import {
  bytesAt,
  callable,
  mapPages,
  protectPages,
  hostFunction as registerHostFunction,
  unmapPages,
} from '../lib/ffi.mjs';
import { checkSignature, type Signature, type Value } from './signature.js';

/** A callable view of a function in loaded code; the result is undefined when it has none. */
export type NativeFunction = (...args: Value[]) => Value | undefined;

/** Options of loadCode. */
export interface LoadOptions {
  /**
   * Called with the writable copy of the code and the address it will run
   * at, before the pages become executable: patch absolute addresses
   * (relocations) here. Changes after this are impossible.
   */
  readonly relocate?: (image: Uint8Array, address: bigint) => void;
}

/** Code mapped read-only and executable in this process. */
export class ExecutableCode {
  /** Address of the first byte of the code. */
  readonly address: bigint;
  /** Bytes of code (the mapping is rounded up to whole pages). */
  readonly size: number;
  readonly #mapped: number;
  #freed = false;

  /** Use loadCode. */
  constructor(address: bigint, size: number, mapped: number) {
    this.address = address;
    this.size = size;
    this.#mapped = mapped;
  }

  /** Whether free() has been called. */
  get freed(): boolean {
    return this.#freed;
  }

  /**
   * A JavaScript function calling the code at byte `offset` with `signature`.
   * Calling it after free() throws instead of jumping into unmapped memory.
   */
  function(offset: number, signature: Signature): NativeFunction {
    if (this.#freed) throw new Error('the code has been freed');
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.size) {
      throw new RangeError(`offset ${offset} is outside the code (${this.size} bytes)`);
    }
    checkSignature(signature);
    return callable(this.address + BigInt(offset), signature, () => {
      if (this.#freed) throw new Error('the code has been freed');
    });
  }

  /** Unmaps the code. Idempotent. */
  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    unmapPages(this.address, this.#mapped);
  }
}

/**
 * Maps `bytes` as executable code in this process: read-write pages, copy,
 * `options.relocate`, then read-only and executable.
 */
export function loadCode(bytes: Uint8Array, options: LoadOptions = {}): ExecutableCode {
  if (bytes.length === 0) throw new RangeError('no code to load');
  const mapping = mapPages(bytes.length);
  try {
    const image = bytesAt(mapping.address, bytes.length);
    image.set(bytes);
    options.relocate?.(image, mapping.address);
    protectPages(mapping.address, mapping.size, 'rx');
  } catch (e) {
    unmapPages(mapping.address, mapping.size);
    throw e;
  }
  return new ExecutableCode(mapping.address, bytes.length, mapping.size);
}

/** Zeroed read-write memory at a stable address, for data that generated code uses. */
export class HostMemory {
  /** Address of the first byte. */
  readonly address: bigint;
  /** Usable bytes (whole pages). */
  readonly size: number;
  #bytes: Uint8Array | undefined;

  /** Use allocateMemory. */
  constructor(address: bigint, size: number) {
    this.address = address;
    this.size = size;
    this.#bytes = bytesAt(address, size);
  }

  /** The memory's bytes (a view, no copy); throws after free(). */
  get bytes(): Uint8Array {
    if (this.#bytes === undefined) throw new Error('the memory has been freed');
    return this.#bytes;
  }

  /** A DataView over the memory (little-endian accessors take `true`). */
  view(): DataView {
    const b = this.bytes;
    return new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  /** Unmaps the memory. Idempotent. */
  free(): void {
    if (this.#bytes === undefined) return;
    this.#bytes = undefined;
    unmapPages(this.address, this.size);
  }
}

/** Maps `size` bytes (rounded up to whole pages) of zeroed read-write memory. */
export function allocateMemory(size: number): HostMemory {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`bad size ${size}`);
  const mapping = mapPages(size);
  return new HostMemory(mapping.address, mapping.size);
}

/** A JavaScript function callable from generated code through a C function pointer. */
export interface HostFunction {
  /** The function pointer. */
  readonly address: bigint;
  /** Unregisters the pointer; calling it afterwards is undefined behaviour. */
  release(): void;
}

/**
 * Makes `fn` callable from generated code as a C function of `signature`
 * (an import, a runtime helper). Arguments arrive as in Value; the result is
 * converted back to the result kind.
 */
export function hostFunction(
  fn: (...args: Value[]) => Value | undefined,
  signature: Signature,
): HostFunction {
  checkSignature(signature);
  return registerHostFunction(fn, signature);
}
