import { isStageRoom } from '../../signaling/moderation.ts';
import { toRoomId } from '../../stores/route.svelte.ts';

/** Longest room address, in characters (the route's rule). */
export const ROOM_ADDRESS_MAX = 32;

/** What a typed room name becomes, told before the person goes there. */
export interface RoomNameDescription {
  /** The room's address (`my-room`), or null when nothing usable is left. */
  roomId: string | null;
  /**
   * Why the address differs from what was typed, in plain words, or null when it is what they
   * typed (a room's address is its identity: "My Room" and "my-room" are the same room).
   */
  rewritten: string | null;
  /** Whether the address makes the room a stage (`stage-` prefix). */
  stage: boolean;
}

const RULE = `Room addresses use lowercase letters, digits and dashes only, up to ${ROOM_ADDRESS_MAX} characters`;

/**
 * Describes the room a typed name leads to, so a rewrite is never silent: the address, and
 * why it is not what was typed.
 *
 * @example
 * describeRoomName('My Room!! ☕');
 * // { roomId: 'my-room', stage: false, rewritten: 'Room addresses use lowercase letters, …' }
 * describeRoomName('weekly-call'); // { roomId: 'weekly-call', rewritten: null, stage: false }
 */
export function describeRoomName(typed: string): RoomNameDescription {
  const roomId = toRoomId(typed);
  const name = typed.trim();
  if (roomId === null) {
    return {
      roomId,
      rewritten: name === '' ? null : `${RULE}, and this name has none of them.`,
      stage: false,
    };
  }
  return {
    roomId,
    rewritten: roomId === name ? null : `${RULE}.`,
    stage: isStageRoom(roomId),
  };
}
