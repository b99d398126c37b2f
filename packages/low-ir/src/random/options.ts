/**
 * Options of the random program generator and the program it returns. Every
 * option has a default; `resolveOptions` checks them and fills the defaults in,
 * so the generator reads one complete, validated object.
 */
import type { Module } from '../ir.js';

/** What `generateProgram` may put into a program. Every field is optional. */
export interface RandomProgramOptions {
  /** Pointer width of the module (default 64). */
  readonly pointerWidth?: 32 | 64;
  /**
   * Integer widths values may have (default [8, 16, 32, 64]). 1-bit values
   * (comparisons, flags) are always used; addresses always have pointer width.
   */
  readonly widths?: readonly number[];
  /** Float actions on f32/f64 (default false). Float bits never reach an integer result. */
  readonly floats?: boolean;
  /** A memory region with loads and stores (default true). */
  readonly memory?: boolean;
  /**
   * Probability that a memory access uses a mask wider than the region, so it
   * may run outside memory and trap `out_of_bounds` (default 0).
   */
  readonly outOfBounds?: number;
  /** Helper functions called acyclically, directly or through func_addr (default true). */
  readonly calls?: boolean;
  /** A helper that calls itself, bounded by an explicit depth parameter (default true). */
  readonly recursion?: boolean;
  /** Loops with counters in label parameters (default true). */
  readonly loops?: boolean;
  /**
   * Probability that a division is unguarded (its divisor comes straight from
   * data and may be 0) or guarded only by a `trap_if` (default 0.04).
   */
  readonly unguardedDivision?: number;
  /** Most parameters of a function (default 12). */
  readonly maxParams?: number;
  /** Most helper functions besides the entry (default 4). */
  readonly maxFunctions?: number;
  /** Rough number of constructs in the entry function's body (default 20). */
  readonly size?: number;
  /**
   * Upper bound on the interpreter steps one run of the entry may take
   * (default 50 000); loop trip counts, call nesting and recursion depth are
   * chosen to stay under it.
   */
  readonly maxSteps?: number;
}

/** The options with every default filled in. */
export interface ResolvedOptions {
  readonly pointerWidth: 32 | 64;
  readonly widths: readonly number[];
  readonly floats: boolean;
  readonly memory: boolean;
  readonly outOfBounds: number;
  readonly calls: boolean;
  readonly recursion: boolean;
  readonly loops: boolean;
  readonly unguardedDivision: number;
  readonly maxParams: number;
  readonly maxFunctions: number;
  readonly size: number;
  readonly maxSteps: number;
}

/** A generated program: a verified module, the function to call and its arguments. */
export interface RandomProgram {
  /** The module (verified). */
  readonly module: Module;
  /** The function to run. */
  readonly entry: string;
  /** The arguments to call `entry` with, as unsigned bit patterns of the parameter widths. */
  readonly args: readonly bigint[];
  /** The module in canonical `.lir` text. */
  readonly text: string;
}

const INT_WIDTHS = [8, 16, 32, 64];

function probability(name: string, value: number | undefined, fallback: number): number {
  const p = value ?? fallback;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`option ${name} must be in [0, 1], not ${p}`);
  return p;
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new RangeError(`option ${name} must be an integer ≥ ${min}, not ${n}`);
  }
  return n;
}

/** Checks the options and fills in the defaults. Throws RangeError on a bad option. */
export function resolveOptions(options: RandomProgramOptions = {}): ResolvedOptions {
  const pointerWidth = options.pointerWidth ?? 64;
  if (pointerWidth !== 32 && pointerWidth !== 64) {
    throw new RangeError(`option pointerWidth must be 32 or 64, not ${pointerWidth}`);
  }
  const widths = [...new Set(options.widths ?? INT_WIDTHS)].sort((a, b) => a - b);
  if (widths.length === 0 || widths.some((w) => !INT_WIDTHS.includes(w))) {
    throw new RangeError(`option widths must be a non-empty subset of 8, 16, 32, 64`);
  }
  return {
    pointerWidth,
    widths,
    floats: options.floats ?? false,
    memory: options.memory ?? true,
    outOfBounds: probability('outOfBounds', options.outOfBounds, 0),
    calls: options.calls ?? true,
    recursion: options.recursion ?? true,
    loops: options.loops ?? true,
    unguardedDivision: probability('unguardedDivision', options.unguardedDivision, 0.04),
    maxParams: count('maxParams', options.maxParams, 12, 1),
    maxFunctions: count('maxFunctions', options.maxFunctions, 4, 0),
    size: count('size', options.size, 20, 1),
    maxSteps: count('maxSteps', options.maxSteps, 50_000, 1000),
  };
}
