import { describe, expect, it } from 'vitest';
import { isTypingTarget, type RoomSnapshot, roomAnnouncement } from './shortcuts.ts';

describe('roomAnnouncement', () => {
  const base: RoomSnapshot = {
    names: new Map([['0xa', 'alice.eth']]),
    muted: false,
    status: 'live',
    role: 'speaker',
  };

  it('names who joined and left, and mute and connection changes', () => {
    const after = { ...base, names: new Map([['0xb', 'bob.eth']]), muted: true };
    expect(roomAnnouncement(base, { ...after, status: 'reconnecting' })).toBe(
      'bob.eth joined. alice.eth left. You are muted. Reconnecting to someone in the room.',
    );
    expect(roomAnnouncement({ ...base, status: 'reconnecting' }, base)).toBe('Reconnected.');
  });

  it('says nothing when nothing changed', () => {
    expect(roomAnnouncement(base, { ...base, names: new Map(base.names) })).toBe('');
  });

  it('waits for an ENS name before announcing a join', () => {
    const arriving = { ...base, names: new Map([...base.names, ['0xb', '0x7099…79C8']]) };
    const waiting = { ...arriving, pending: new Set(['0xb']) };
    expect(roomAnnouncement(base, waiting)).toBe('');
    const named = { ...base, names: new Map([...base.names, ['0xb', 'bob.eth']]) };
    expect(roomAnnouncement(waiting, named)).toBe('bob.eth joined.');
    expect(roomAnnouncement(named, { ...named, names: new Map(named.names) })).toBe('');
  });

  it('says when this member is put on or taken off a stage', () => {
    const listening = { ...base, role: 'listener' };
    expect(roomAnnouncement(listening, base)).toBe('You are a speaker now: others can hear you.');
    expect(roomAnnouncement(base, listening)).toBe('You are listening now.');
  });

  it('says who invited this member to speak, once, and how to answer', () => {
    const listening = { ...base, role: 'listener' };
    const invited = { ...listening, invitedBy: 'alice.eth' };
    expect(roomAnnouncement(listening, invited)).toBe(
      'alice.eth invited you to speak: choose Speak or Stay a listener.',
    );
    expect(roomAnnouncement(invited, { ...invited })).toBe('');
  });
});

describe('isTypingTarget', () => {
  it('is false outside a DOM', () => {
    expect(isTypingTarget(null)).toBe(false);
  });
});
