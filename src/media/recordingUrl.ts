import { GATE_MEDIA_RECORDING_PATH } from './mediaGrant.ts';

/**
 * Where a room's last recording is served: `<gate>/media/recording/<room>` (a signed GET by
 * the community's owner or an admin; anyone else is refused).
 *
 * @example
 * recordingUrl('https://gate.example.org', 'lobby').href;
 * // 'https://gate.example.org/media/recording/lobby'
 */
export function recordingUrl(gateUrl: string, roomId: string): URL {
  const gate = new URL(gateUrl);
  const base = gate.href.endsWith('/') ? gate : new URL(`${gate.href}/`);
  return new URL(`${GATE_MEDIA_RECORDING_PATH.slice(1)}/${encodeURIComponent(roomId)}`, base);
}
