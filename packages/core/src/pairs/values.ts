/**
 * The values of the pair stage (stage.ts): what each value of the function
 * being rewritten stands for in the output, a 64-bit value as its two
 * 32-bit halves (each a value or an immediate) or, for the result of a
 * 64-bit float action, as one whole 64-bit value (split where a use needs
 * halves), any other value as one value. An entry lives until its last use is consumed (or the block ends),
 * so the map holds the live values, never the whole function. Output value
 * ids are fresh, per function.
 */
import type { Location, Operand, ValueDef } from '@lirc/low-ir';
import { CompileError } from '../compiler/errors.js';

/** What an input value stands for in the output, and the uses it has left. */
export type Entry =
  | {
      readonly kind: 'one';
      readonly operand: Operand;
      readonly width: number;
      left: number;
      readonly name?: string;
      /** The function whose address this is (the result of `func_addr`). */
      readonly func?: string;
    }
  | {
      readonly kind: 'pair';
      readonly lo: Operand;
      readonly hi: Operand;
      left: number;
      readonly name?: string;
    }
  | {
      /**
       * A 64-bit float kept whole (the result of a float action): a use
       * that needs its halves gets them split from it (`ValueMap.consume`).
       */
      readonly kind: 'whole';
      readonly operand: Operand;
      left: number;
      readonly name?: string;
    };

/** An entry as a 64-bit value's halves or a narrower value, for uses that do not take a whole float. */
export type Split = Exclude<Entry, { kind: 'whole' }>;

/** Splits one use of a whole 64-bit value into one use of each half (low, high). */
export type Splitter = (whole: Operand) => [Operand, Operand];

/** The width of the halves of a 64-bit value. */
export const HALF_WIDTH = 32;

/** The halves of a 64-bit immediate, as unsigned 32-bit patterns (low first). */
export function splitImmediate(value: bigint): [bigint, bigint] {
  return [BigInt.asUintN(32, value), BigInt.asUintN(32, value >> 32n)];
}

/** Whether an immediate may stand for a value of 32 bits or fewer (else it needs 64). */
export function fitsHalf(value: bigint): boolean {
  return value >= -(1n << 31n) && value < 1n << 32n;
}

/** The name of a half of a named value (`x.lo`, `x.hi`). */
export function halfName(name: string | undefined, half: 'lo' | 'hi'): string | undefined {
  return name === undefined ? undefined : `${name}.${half}`;
}

/** The operand of a value id. */
export function valueOperand(id: number): Operand {
  return { kind: 'value', id };
}

/** The map from input values to their entries, and the output's value ids. */
export class ValueMap {
  private readonly entries = new Map<number, Entry>();
  private next = 0;

  /** A fresh output value id. */
  newId(): number {
    return this.next++;
  }

  /** Starts a function: no values, ids from 0. */
  reset(): void {
    this.entries.clear();
    this.next = 0;
  }

  /** A label starts a block: no value of the previous one is live. */
  endBlock(): void {
    this.entries.clear();
  }

  /** The entry of a live value, without consuming a use. */
  get(id: number): Entry {
    const e = this.entries.get(id);
    if (e === undefined) throw new CompileError(`internal: pair stage: value ${id} is not live`);
    return e;
  }

  /** The printed name of an input value, for messages. */
  nameOf(id: number): string {
    return `%${this.entries.get(id)?.name ?? id}`;
  }

  /** Splits whole values for the uses that need their halves (set by the stage). */
  splitter: Splitter = () => {
    throw new CompileError('internal: pair stage: no splitter');
  };

  /** Consumes one use of a value and gives its entry; a whole float is split for this use. */
  consume(id: number): Split {
    const e = this.consumeWhole(id);
    if (e.kind !== 'whole') return e;
    const [lo, hi] = this.splitter(e.operand);
    return {
      kind: 'pair',
      lo,
      hi,
      left: e.left,
      ...(e.name !== undefined ? { name: e.name } : {}),
    };
  }

  /** Consumes one use of a value and gives its entry as it is (a float use takes a whole value). */
  consumeWhole(id: number): Entry {
    const e = this.get(id);
    e.left--;
    if (e.left <= 0) this.entries.delete(id);
    return e;
  }

  /** Records what a value with `uses` uses stands for (nothing to record without uses). */
  bind(id: number, entry: Entry): void {
    if (entry.left > 0) this.entries.set(id, entry);
  }

  /**
   * The output definitions of a parameter (of a function or a label) or a
   * declared call result, binding it: a 64-bit one becomes two 32-bit
   * halves with its uses each, at its location if that is generic; `where`
   * names it in the error for a concrete one.
   */
  define(def: ValueDef, where: () => string): ValueDef[] {
    const named = (name: string | undefined) => (name !== undefined ? { name } : {});
    const at = (loc: Location | undefined) => (loc !== undefined ? { loc } : {});
    if (def.width !== 64) {
      const one: ValueDef = { ...def, id: this.newId() };
      this.bind(def.id, {
        kind: 'one',
        operand: valueOperand(one.id),
        width: def.width,
        left: def.uses,
        ...named(def.name),
      });
      return [one];
    }
    const loc = halfLocation(def.loc, where);
    const [lo, hi] = (['lo', 'hi'] as const).map(
      (h): ValueDef => ({
        id: this.newId(),
        width: HALF_WIDTH,
        uses: def.uses,
        ...named(halfName(def.name, h)),
        ...at(loc),
      }),
    );
    this.bind(def.id, {
      kind: 'pair',
      lo: valueOperand(lo!.id),
      hi: valueOperand(hi!.id),
      left: def.uses,
      ...named(def.name),
    });
    return [lo!, hi!];
  }

  /** The output operands of one use of a value: its halves (low first) or itself. */
  take(id: number): Operand[] {
    const e = this.consume(id);
    return e.kind === 'pair' ? [e.lo, e.hi] : [e.operand];
  }
}

/**
 * The location of each half of a 64-bit CC entry: a generic location holds
 * for both; a concrete one (a register, a stack slot) cannot hold two
 * values, and which two would take its place is not settled yet.
 */
export function halfLocation(loc: Location | undefined, where: () => string): Location | undefined {
  if (loc === undefined || loc.kind === 'any' || loc.kind === 'class') return loc;
  const at = loc.kind === 'reg' ? `$${loc.name}` : `[${loc.offset}]`;
  throw new CompileError(
    `${where()} is a 64-bit value declared in ${at}, but this machine keeps 64-bit values in two 32-bit halves, and concrete locations for them are not supported yet (declare it in a class or without a location)`,
  );
}
