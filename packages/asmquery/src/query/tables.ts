/**
 * Matcher tables, precompiled once per machine: for each action key
 * (`add.32`), the set of forms whose semantics contain it, as a bitset over
 * the form list; and per form, where each key occurs in its semantics. A
 * query narrows the candidates for a window of actions by AND-ing the bitsets
 * of their keys, so its cost does not grow with the number of forms that
 * cannot match.
 */
import type { CompiledForm } from '../machine/load.js';
import type { RegisterDef } from '../machine/types.js';

/** A fixed-size set of form indices. */
export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }

  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  /** Whether form `i` is in the set. */
  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
}

/** Precomputed lookups for one machine's forms. */
export class FormTables {
  /** Forms containing each action key. */
  private readonly byKey = new Map<string, Bitset>();
  /** Per form: the positions of each key in its semantics. */
  readonly positions: readonly ReadonlyMap<string, readonly number[]>[];
  /**
   * Per form: which actions may stay unmatched (side outputs: pure, and
   * leaving their result nowhere or in a fixed register such as a flag).
   */
  readonly optional: readonly (readonly boolean[])[];
  /**
   * Per form: the keys any match must cover, with counts: every action that
   * is not optional, and everything that feeds one.
   */
  readonly required: readonly (readonly (readonly [string, number])[])[];
  /** The largest number of actions in any form (K: how far LIRC needs to look ahead). */
  readonly maxLength: number;
  readonly empty: Bitset;
  /** Forms without effects (any window may match them). */
  readonly pureForms: Bitset;
  /** Forms with an effectful action of each key. */
  private readonly byEffectKey = new Map<string, Bitset>();
  /** Per form: every fixed register it writes (clobbers, register outputs), once each. */
  readonly fixedWrites: readonly (readonly RegisterDef[])[];

  constructor(readonly forms: readonly CompiledForm[]) {
    this.empty = new Bitset(forms.length);
    this.positions = forms.map((form) => {
      const where = new Map<string, number[]>();
      form.semantics.forEach((a, i) => {
        where.set(a.key, [...(where.get(a.key) ?? []), i]);
        let set = this.byKey.get(a.key);
        if (!set) {
          set = new Bitset(forms.length);
          this.byKey.set(a.key, set);
        }
        set.add(form.index);
      });
      return where;
    });
    this.optional = forms.map((form) =>
      form.semantics.map(
        (a) =>
          a.spec.effects.pure &&
          (a.result === undefined || form.outputs.get(a.result)?.kind !== 'param'),
      ),
    );
    this.required = forms.map((form) => {
      const need = this.optional[form.index]!.map((optional) => !optional);
      for (let j = form.semantics.length - 1; j >= 0; j--) {
        if (!need[j]) continue;
        for (const op of form.semantics[j]!.operands)
          if (op.kind === 'internal') need[op.producer] = true;
      }
      const counts = new Map<string, number>();
      form.semantics.forEach((a, j) => {
        if (need[j]) counts.set(a.key, (counts.get(a.key) ?? 0) + 1);
      });
      return [...counts];
    });
    this.maxLength = Math.max(1, ...forms.map((f) => f.semantics.length));
    this.pureForms = new Bitset(forms.length);
    for (const form of forms) {
      const effects = form.semantics.filter((a) => !a.spec.effects.pure);
      if (effects.length === 0) this.pureForms.add(form.index);
      for (const a of effects) {
        let set = this.byEffectKey.get(a.key);
        if (!set) {
          set = new Bitset(forms.length);
          this.byEffectKey.set(a.key, set);
        }
        set.add(form.index);
      }
    }
    this.fixedWrites = forms.map((form) => {
      const regs = new Set<RegisterDef>(form.clobbers);
      for (const where of form.outputs.values()) if (where.kind === 'reg') regs.add(where.reg);
      return [...regs];
    });
  }

  /** Forms with an effectful action of `key`, if any. */
  formsWithEffect(key: string): Bitset | undefined {
    return this.byEffectKey.get(key);
  }

  /** The forms containing `key` (an empty set if none). */
  formsWith(key: string): Bitset {
    return this.byKey.get(key) ?? this.empty;
  }

  /** Every action key some form implements. */
  keys(): string[] {
    return [...this.byKey.keys()];
  }
}
