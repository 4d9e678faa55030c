import { createHash, createHmac } from 'node:crypto';

/** The AudioBridge room of an app room: where speakers sit, or (stage rooms) listeners. */
export type MediaRoomPart = 'speakers' | 'listeners';

/**
 * The AudioBridge room number of an app room's part: 48 bits of a hash, so a restarted gate
 * finds its rooms again, numbers stay safe integers in JSON, and gates of other deployments
 * (another `namespace`) never collide with it.
 *
 * @example
 * const room = mediaRoomNumber('31337/0x5fbd…', 1n, 'lobby', 'speakers');
 */
export function mediaRoomNumber(
  namespace: string,
  communityId: bigint,
  roomId: string,
  part: MediaRoomPart,
): number {
  const digest = createHash('sha256')
    .update(`${namespace}/${communityId}/${roomId}/${part}`)
    .digest();
  return digest.readUIntBE(0, 6) + 1;
}

/**
 * A room's secret (kick, mute, allowed list, recording), derived from the gate's key: only
 * holders of that key manage the room, and a restarted gate still can.
 *
 * @example
 * await control.request({ request: 'kick', room, secret: mediaRoomSecret(key, room), id });
 */
export function mediaRoomSecret(roomKey: string, room: number): string {
  return createHmac('sha256', roomKey).update(`audiobridge room ${room}`).digest('base64url');
}
