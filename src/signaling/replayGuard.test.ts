import { expect, test } from 'vitest';
import { ReplayGuard } from './replayGuard.ts';

test('remembers accepted ids', () => {
  const guard = new ReplayGuard({ maxAgeMs: 1_000 });
  expect(guard.seen('x')).toBe(false);
  guard.accept('x', 0, 's', 1, 0);
  expect(guard.seen('x')).toBe(true);
});

test('forgets ids once they are too old to pass the timestamp check', () => {
  const guard = new ReplayGuard({ maxAgeMs: 1_000 });
  guard.accept('old', 0, 's', 1, 0);
  guard.accept('new', 5_000, 's', 2, 5_000);
  expect(guard.seen('old')).toBe(false);
  expect(guard.seen('new')).toBe(true);
});

test('stays within its bound of ids', () => {
  const guard = new ReplayGuard({ maxAgeMs: 1_000_000, maxIds: 10 });
  for (let i = 0; i < 50; i++) guard.accept(`id${i}`, i, 's', i, i);
  expect(guard.seen('id0')).toBe(false);
  expect(guard.seen('id49')).toBe(true);
});

test('sequences: strictly increasing with window 0, else within the window', () => {
  const guard = new ReplayGuard({ maxAgeMs: 1_000 });
  guard.accept('a', 0, 'beats', 10, 0);
  expect(guard.inOrder('beats', 10, 0)).toBe(false);
  expect(guard.inOrder('beats', 9, 0)).toBe(false);
  expect(guard.inOrder('beats', 11, 0)).toBe(true);
  expect(guard.inOrder('mail', 1, 0)).toBe(true);
  guard.accept('b', 0, 'mail', 100, 0);
  expect(guard.inOrder('mail', 69, 32)).toBe(true);
  expect(guard.inOrder('mail', 68, 32)).toBe(false);
});

test('stays within its bound of sender streams, forgetting the least recently heard', () => {
  const guard = new ReplayGuard({ maxAgeMs: 1_000, maxStreams: 3 });
  guard.accept('a1', 0, 'alice|beats', 5, 0);
  for (let i = 0; i < 1_000; i++) {
    guard.accept(`k${i}`, 0, `key${i}|beats`, 1, 0);
    guard.accept(`a${i + 2}`, 0, 'alice|beats', 6 + i, 0); // alice keeps talking
  }
  // Alice's stream is kept while a thousand other session keys come and go.
  expect(guard.inOrder('alice|beats', 1_005, 0)).toBe(false);
  expect(guard.inOrder('alice|beats', 1_006, 0)).toBe(true);
  expect(guard.inOrder('key998|beats', 1, 0)).toBe(false);
  expect(guard.inOrder('key0|beats', 1, 0)).toBe(true); // forgotten
});
