/**
 * Types of ffi.mjs (host glue over koffi), for the package's TypeScript. See
 * ffi.mjs for what each function does; src/signature.ts has the public types.
 */

type Kind = 'i32' | 'i64' | 'f32' | 'f64' | 'ptr';
type Sig = { readonly params: readonly Kind[]; readonly results: readonly Kind[] };
type Wire = number | string;

export declare const VALUE_KINDS: readonly Kind[];
export declare function pageSize(): number;
export declare function roundToPages(size: number): number;
export declare function mapPages(size: number): { address: bigint; size: number };
export declare function protectPages(
  address: bigint,
  size: number,
  access: 'none' | 'r' | 'rw' | 'rx',
): void;
export declare function unmapPages(address: bigint, size: number): void;
export declare function bytesAt(address: bigint, size: number): Uint8Array;
export declare function checkSignature(signature: Sig): void;
export declare function toHost(kind: Kind, value: number | bigint): number | bigint;
export declare function fromHost(kind: Kind, value: unknown): number | bigint;
export declare function callable(
  address: bigint,
  signature: Sig,
  guard?: () => void,
): (...args: (number | bigint)[]) => number | bigint | undefined;
export declare function hostFunction(
  fn: (...args: (number | bigint)[]) => number | bigint | undefined,
  signature: Sig,
): { address: bigint; release: () => void };
export declare function toWire(kind: Kind, value: number | bigint): Wire;
export declare function fromWire(kind: Kind, wire: Wire): number | bigint;
