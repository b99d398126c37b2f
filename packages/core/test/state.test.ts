/**
 * The allocation state: values and locations stay consistent, a value's
 * locations are freed at its last use, and `check` reports a live value left
 * without a location or maps that disagree.
 */
import { AllocationError, AllocationState } from '@lirc/core';

const r = (name: string) => ({ kind: 'reg', name }) as const;
const slot = (offset: number) => ({ kind: 'stack', offset }) as const;

test('define, use, release', () => {
  const s = new AllocationState();
  s.define(1, 32, 2, [r('a0')]);
  s.addLocation(1, slot(-8));
  expect(s.occupant(r('a0'))).toBe(1);
  expect(s.use(1)).toBe(1);
  expect(s.check()).toEqual([]);
  s.use(1);
  expect(s.isLive(1)).toBe(false);
  expect(s.occupant(r('a0'))).toBeUndefined();
  expect(s.occupant(slot(-8))).toBeUndefined();
});

test('a value without uses takes no location', () => {
  const s = new AllocationState();
  s.define(1, 32, 0, [r('a0')]);
  expect(s.occupant(r('a0'))).toBeUndefined();
});

test('a location must be vacated before another value goes there', () => {
  const s = new AllocationState();
  s.define(1, 32, 1, [r('a0')]);
  s.define(2, 32, 1, [r('a1')]);
  expect(() => s.addLocation(2, r('a0'))).toThrow(AllocationError);
  expect(s.clobber(r('a0'))).toBe(1);
  expect(s.check()).toEqual(['value 1 is live (1 use(s) left) but has no location']);
  s.addLocation(2, r('a0'));
  expect(s.locationsOf(2).map((l) => l.kind === 'reg' && l.name)).toEqual(['a1', 'a0']);
});

test('constants are locations nobody occupies', () => {
  const s = new AllocationState();
  s.define(1, 64, 1, [{ kind: 'const', value: 42n }]);
  s.define(2, 64, 1, [{ kind: 'const', value: 42n }]);
  expect(s.check()).toEqual([]);
});

test('using more than declared is a bug', () => {
  const s = new AllocationState();
  s.define(1, 32, 1, [r('a0')]);
  expect(() => s.use(1, 2)).toThrow('value 1 has 1 use(s) left, 2 consumed');
});
