/**
 * The name a downloaded recording is saved under: the room and when it was fetched (UTC), with
 * the extension of the gate's format (Janus AudioBridge writes WAV).
 *
 * @example
 * recordingFileName('town-hall', Date.UTC(2026, 11, 7, 5, 42)); // 'town-hall-2026-12-07-0542.wav'
 */
export function recordingFileName(roomId: string, at: number): string {
  const iso = new Date(at).toISOString();
  return `${roomId}-${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}.wav`;
}
