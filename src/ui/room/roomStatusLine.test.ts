import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import type { LinkStatus } from '../../mesh/types.ts';
import { roomStatusLine } from './roomStatusLine.ts';

const BOB = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8' as Address;
const CAROL = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc' as Address;
const DAVE = '0x90f79bf6eb2c4f870365e785982e1f101e93b906' as Address;
const names: Record<string, string> = {
  [BOB]: 'bob.eth',
  [CAROL]: 'carol.eth',
  [DAVE]: 'dave.eth',
};
const label = (address: Address) => names[address] ?? address;

function meetingWith(links: Record<Address, LinkStatus>, status: 'live' | 'reconnecting') {
  const participants = Object.entries(links).map(([address, link]) => ({
    address: address as Address,
    link,
  }));
  return { status, participants, endReason: undefined };
}

describe('roomStatusLine', () => {
  it('names who is reconnecting instead of saying this browser lost its connection', () => {
    const one = meetingWith({ [BOB]: 'reconnecting', [CAROL]: 'connected' }, 'reconnecting');
    expect(roomStatusLine(one, label)).toEqual({
      key: 'reconnecting',
      text: 'Reconnecting to bob.eth…',
      tone: 'warning',
    });
    const three = meetingWith(
      { [BOB]: 'reconnecting', [CAROL]: 'reconnecting', [DAVE]: 'reconnecting' },
      'reconnecting',
    );
    expect(roomStatusLine(three, label).text).toBe(
      'Reconnecting to bob.eth, carol.eth and dave.eth…',
    );
  });

  it('counts the others while live, and says when this member is alone', () => {
    expect(roomStatusLine(meetingWith({ [BOB]: 'connected' }, 'live'), label).text).toBe(
      'In the room with 1 other.',
    );
    expect(roomStatusLine(meetingWith({}, 'live'), label).key).toBe('alone');
  });

  it('tells a member who lost access why the call ended', () => {
    const ended = {
      status: 'left' as const,
      participants: [],
      endReason: new AppError('ACCESS_REVOKED', 'removed from the allowlist', { category: 'user' }),
    };
    expect(roomStatusLine(ended, label)).toMatchObject({ key: 'access-lost', tone: 'error' });
  });
});
