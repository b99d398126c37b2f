/**
 * Actions marked commutative really are: swapping the operands never changes
 * the result, checked on seeded random operands at every width (matchers
 * rely on this to try both operand orders).
 */
import { LinearMemory, STANDARD_REGISTRY } from '@lirc/low-ir';

function* random(seed: number): Generator<bigint> {
  let x = BigInt(seed);
  for (;;) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    yield x;
  }
}

const commutative = STANDARD_REGISTRY.all().filter((s) => s.commutative);

test('the commutative set is what the matchers expect', () => {
  expect(commutative.map((s) => s.opcode).sort()).toEqual(
    [
      'add',
      'add_carry',
      'add_overflow',
      'and',
      'eq',
      'fadd',
      'feq',
      'fmax',
      'fmin',
      'fmul',
      'fne',
      'funo',
      'mul',
      'mulh_s',
      'mulh_u',
      'ne',
      'or',
      'xor',
    ].sort(),
  );
});

test.each(commutative.map((s) => [s.opcode, s] as const))('%s(a, b) = %s(b, a)', (_name, spec) => {
  const ctx = { memory: new LinearMemory(0) };
  const rng = random(42);
  for (const widths of spec.widths) {
    const evaluate = spec.evaluate!(widths);
    const w = BigInt(widths[0]!);
    for (let k = 0; k < 500; k++) {
      const a = rng.next().value & ((1n << w) - 1n);
      const b = k % 5 === 0 ? a : rng.next().value & ((1n << w) - 1n);
      expect(evaluate([a, b], ctx)).toBe(evaluate([b, a], ctx));
    }
  }
});
