import { describe, expect, it } from 'vitest';
import { HeldFields } from './HeldFields.ts';

const limits = { perSender: 3, maxSenders: 2, maxChars: 100 };

describe('HeldFields', () => {
  it('hands back what a sender wrote, oldest first, once', () => {
    const held = new HeldFields(limits);
    held.hold('a', 'a/s1', 'one');
    held.hold('a', 'a/s2', 'two');
    held.hold('b', 'b/s1', 'other');
    expect(held.take('a')).toEqual([
      ['a/s1', 'one'],
      ['a/s2', 'two'],
    ]);
    expect(held.take('a')).toEqual([]);
    expect(held.chars).toBe('other'.length);
  });

  it('keeps the latest value of a field rewritten before the sender is shown', () => {
    const held = new HeldFields(limits);
    held.hold('a', 'a/s1', 'first');
    held.hold('a', 'a/s1', 'second');
    expect(held.take('a')).toEqual([['a/s1', 'second']]);
    expect(held.chars).toBe(0);
  });

  it("keeps a sender's newest fields past its ring size", () => {
    const held = new HeldFields(limits);
    for (const slot of [1, 2, 3, 4, 5]) held.hold('a', `a/s${slot}`, `v${slot}`);
    expect(held.take('a').map(([field]) => field)).toEqual(['a/s3', 'a/s4', 'a/s5']);
  });

  it('drops the sender held longest past the sender bound', () => {
    const held = new HeldFields(limits);
    held.hold('a', 'a/s1', 'x');
    held.hold('b', 'b/s1', 'y');
    held.hold('c', 'c/s1', 'z');
    expect(held.take('a')).toEqual([]);
    expect(held.take('b')).toEqual([['b/s1', 'y']]);
    expect(held.take('c')).toEqual([['c/s1', 'z']]);
  });

  it('drops senders held longest past the character bound', () => {
    const held = new HeldFields(limits);
    held.hold('a', 'a/s1', 'x'.repeat(60));
    held.hold('b', 'b/s1', 'y'.repeat(60));
    expect(held.take('a')).toEqual([]);
    expect(held.chars).toBe(60);
    expect(held.take('b')).toHaveLength(1);
  });
});
