import type { Clock } from '../core/clock.ts';
import type { SessionCertificate, SessionKeyPair } from '../identity/types.ts';
import { postGateRequest } from '../turn/postGateRequest.ts';
import { GATE_MEDIA_RECORD_PATH, parseMediaModerationResult } from './mediaGrant.ts';
import { recordingErrors } from './recordingErrors.ts';
import { signMediaRequest } from './signMediaRequest.ts';

/** Parameters of {@link requestRecording}. */
export interface RequestRecordingParameters {
  /** The gate of the media server the room runs on, e.g. `https://gate.example.org`. */
  gateUrl: string;
  communityId: bigint;
  roomId: string;
  /** Start (true) or stop (false) recording. */
  recording: boolean;
  session: { keys: Pick<SessionKeyPair, 'signingKey'>; certificate: SessionCertificate };
  fetch: typeof globalThis.fetch;
  clock: Clock;
  /** Give up after this long. Default 10 s (stopping waits for the file to close). */
  timeoutMs?: number;
}

/**
 * Asks the room's gate to start or stop recording it (`POST /media/record`, signed like a
 * media request; the gate checks on the contract that the signer is the community's owner or
 * an admin). Resolves with the room's recording state after the request; throws an AppError
 * whose details say in words why the gate refused or did not answer.
 *
 * @example
 * const recording = await requestRecording({ gateUrl, communityId: 7n, roomId: 'lobby',
 *   recording: true, session, fetch: window.fetch.bind(window), clock: systemClock });
 */
export async function requestRecording(parameters: RequestRecordingParameters): Promise<boolean> {
  const gate = new URL(parameters.gateUrl);
  const action = parameters.recording ? 'start' : 'stop';
  const request = await signMediaRequest({
    gate,
    communityId: parameters.communityId,
    roomId: parameters.roomId,
    ask: parameters.recording ? 'record-start' : 'record-stop',
    session: parameters.session,
    clock: parameters.clock,
  });
  const answer = await postGateRequest({
    gate,
    path: GATE_MEDIA_RECORD_PATH,
    request,
    contentType: 'application/json',
    fetch: parameters.fetch,
    timeoutMs: parameters.timeoutMs ?? 10_000,
  });
  if (answer.kind === 'unreachable') {
    throw recordingErrors.unreachable(action, gate.host, answer.cause);
  }
  if (answer.kind === 'refused') throw recordingErrors.refused(action, answer.code, answer.message);
  const result = parseMediaModerationResult(answer.body);
  if (!result) throw recordingErrors.garbled(action, gate.host);
  return result.recording;
}
