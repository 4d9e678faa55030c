import type { Address } from 'viem';
import type { AppError } from '../../core/errors.ts';
import { describeError } from '../../core/messages.ts';
import type { LinkStatus, MeetingStatus } from '../../mesh/types.ts';

/** What the room's status line shows: a key tests and styles use, the sentence, a tone. */
export interface RoomStatusLine {
  key: 'joining' | 'reconnecting' | 'access-lost' | 'ended' | 'left' | 'alone' | 'live';
  text: string;
  tone: 'info' | 'warning' | 'error';
}

/** The part of the meeting the status line reads. */
export interface RoomStatusInput {
  status: MeetingStatus;
  participants: readonly { address: Address; link: LinkStatus }[];
  endReason: AppError | undefined;
}

/** `a`, `a and b`, `a, b and c`. */
function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The room's status sentence. While some links reconnect it names those members: the
 * meeting says `reconnecting` when any one link is down, and "Connection lost" would read
 * as if this browser were offline when only another member left or reloaded.
 *
 * @example
 * roomStatusLine(meeting, (address) => names.get(address).label);
 * // { key: 'reconnecting', text: 'Reconnecting to bob.eth…', tone: 'warning' }
 */
export function roomStatusLine(
  meeting: RoomStatusInput,
  label: (address: Address) => string,
): RoomStatusLine {
  const others = meeting.participants.length;
  switch (meeting.status) {
    case 'idle':
    case 'joining':
      return { key: 'joining', text: 'Joining the room…', tone: 'info' };
    case 'reconnecting': {
      const names = meeting.participants
        .filter((participant) => participant.link === 'reconnecting')
        .map((participant) => label(participant.address));
      const text =
        names.length > 0
          ? `Reconnecting to ${listNames(names)}…`
          : 'Connection lost. Reconnecting…';
      return { key: 'reconnecting', text, tone: 'warning' };
    }
    case 'left':
      if (meeting.endReason?.code === 'ACCESS_REVOKED') {
        return { key: 'access-lost', text: describeError(meeting.endReason), tone: 'error' };
      }
      return meeting.endReason
        ? { key: 'ended', text: describeError(meeting.endReason), tone: 'error' }
        : { key: 'left', text: 'You left the room.', tone: 'info' };
    case 'live':
      return others === 0
        ? { key: 'alone', text: 'You are the only one here so far.', tone: 'info' }
        : {
            key: 'live',
            text: `In the room with ${others} ${others === 1 ? 'other' : 'others'}.`,
            tone: 'info',
          };
  }
}
