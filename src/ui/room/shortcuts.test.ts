import { describe, expect, it } from 'vitest';
import { isTypingTarget, roomAnnouncement } from './shortcuts.ts';

describe('roomAnnouncement', () => {
  const base = { names: new Map([['0xa', 'alice.eth']]), muted: false, status: 'live' };

  it('names who joined and left, and mute and connection changes', () => {
    const after = { names: new Map([['0xb', 'bob.eth']]), muted: true, status: 'reconnecting' };
    expect(roomAnnouncement(base, after)).toBe(
      'bob.eth joined. alice.eth left. You are muted. Connection lost, reconnecting.',
    );
    expect(roomAnnouncement({ ...base, status: 'reconnecting' }, base)).toBe('Reconnected.');
  });

  it('says nothing when nothing changed', () => {
    expect(roomAnnouncement(base, { ...base, names: new Map(base.names) })).toBe('');
  });
});

describe('isTypingTarget', () => {
  it('is false outside a DOM', () => {
    expect(isTypingTarget(null)).toBe(false);
  });
});
