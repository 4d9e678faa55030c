import { expect, test } from 'vitest';
import { RateLimiter } from './rateLimiter.ts';

test('allows a burst, then the sustained rate, per key', () => {
  const limiter = new RateLimiter({ burst: 3, perSecond: 2 });
  expect([1, 2, 3, 4].map(() => limiter.take('a', 0))).toEqual([true, true, true, false]);
  expect(limiter.take('b', 0)).toBe(true);
  expect(limiter.take('a', 400)).toBe(false);
  expect(limiter.take('a', 500)).toBe(true);
  expect(limiter.take('a', 10_000)).toBe(true);
});

test('forgets the least recently used key beyond its bound', () => {
  const limiter = new RateLimiter({ burst: 1, perSecond: 0, maxKeys: 2 });
  expect(limiter.take('a', 0)).toBe(true);
  expect(limiter.take('b', 0)).toBe(true);
  expect(limiter.take('c', 0)).toBe(true);
  // 'a' was forgotten, so it starts with a full bucket again; 'c' was not.
  expect(limiter.take('a', 0)).toBe(true);
  expect(limiter.take('c', 0)).toBe(false);
});
