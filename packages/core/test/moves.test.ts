/**
 * Parallel moves sequentialised: every destination ends with its source's
 * old value, whatever the permutation, with a scratch location only for
 * cycles; constants never block.
 */
import { MoveError, sequentializeMoves } from '@lirc/core';

type L = string;
const key = (l: L) => l;

/** Runs the moves on a register file where each location holds its own name. */
function run(moves: { from: L; to: L }[]): Map<L, string> {
  const file = new Map<L, string>();
  const read = (l: L) => (l.startsWith('#') ? l : (file.get(l) ?? l));
  for (const m of moves) file.set(m.to, read(m.from));
  return file;
}

function seeded(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

test('a swap uses the scratch location once', () => {
  const seq = sequentializeMoves(
    [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'a' },
    ],
    key,
    'tmp',
  );
  expect(seq).toHaveLength(3);
  const file = run(seq);
  expect([file.get('a'), file.get('b')]).toEqual(['b', 'a']);
});

test('a chain needs no scratch and runs back to front', () => {
  const seq = sequentializeMoves(
    [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'd' },
    ],
    key,
  );
  expect(seq.map((m) => `${m.from}${m.to}`)).toEqual(['cd', 'bc', 'ab']);
});

test('constants and self-moves', () => {
  const seq = sequentializeMoves(
    [
      { from: 'b', to: 'c' },
      { from: '#5', to: 'b' },
      { from: 'a', to: 'a' },
    ],
    key,
  );
  expect(seq).toHaveLength(2); // the self-move is dropped
  const file = run(seq);
  expect([file.get('a') ?? 'a', file.get('b'), file.get('c')]).toEqual(['a', '#5', 'b']);
});

test('random parallel moves: destinations get their sources old values', () => {
  const rnd = seeded(7);
  const locs = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 's0', 's1'];
  for (let round = 0; round < 2000; round++) {
    const dsts = locs.filter(() => rnd() < 0.6);
    const moves = dsts.map((to) => ({
      from: rnd() < 0.1 ? `#${round}` : locs[Math.floor(rnd() * locs.length)]!,
      to,
    }));
    const seq = sequentializeMoves(moves, key, 'tmp');
    const file = run(seq);
    for (const m of moves)
      expect(file.get(m.to) ?? m.to).toBe(m.from.startsWith('#') ? m.from : m.from);
    // nothing else changed, except the scratch location
    for (const l of locs) if (!dsts.includes(l)) expect(file.get(l) ?? l).toBe(l);
  }
});

test('errors: two moves to one place; a cycle without scratch', () => {
  expect(() =>
    sequentializeMoves(
      [
        { from: 'a', to: 'c' },
        { from: 'b', to: 'c' },
      ],
      key,
    ),
  ).toThrow(MoveError);
  expect(() =>
    sequentializeMoves(
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
      ],
      key,
    ),
  ).toThrow('a cycle of moves (a→b, b→a) needs a scratch location');
});
