import type { Clock } from '../core/clock.ts';
import type { SessionCertificate, SessionKeyPair } from '../identity/types.ts';
import { GATE_REQUEST_HEADER } from './mediaGrant.ts';
import { recordingErrors } from './recordingErrors.ts';
import { recordingUrl } from './recordingUrl.ts';
import { signMediaRequest } from './signMediaRequest.ts';

/** Largest recording taken into memory: about 3 hours of the gate's 48 kHz 16-bit WAV. */
export const MAX_RECORDING_BYTES = 1_073_741_824;

/** Parameters of {@link downloadRecording}. */
export interface DownloadRecordingParameters {
  /** The gate of the media server the room ran on. */
  gateUrl: string;
  communityId: bigint;
  roomId: string;
  session: { keys: Pick<SessionKeyPair, 'signingKey'>; certificate: SessionCertificate };
  fetch: typeof globalThis.fetch;
  clock: Clock;
  /** Give up when the file has not arrived after this long. Default 120 s. */
  timeoutMs?: number;
}

/**
 * Fetches the room's last recording from its gate (`GET /media/recording/<room>`, the signed
 * `download` request in the `x-gate-request` header; the gate serves the community's owner
 * and admins only). Resolves with the file (a WAV, as the gate's Janus writes it); throws an
 * AppError whose details say why in words.
 *
 * @example
 * const file = await downloadRecording({ gateUrl, communityId: 7n, roomId: 'lobby', session,
 *   fetch: window.fetch.bind(window), clock: systemClock });
 */
export async function downloadRecording(parameters: DownloadRecordingParameters): Promise<Blob> {
  const url = recordingUrl(parameters.gateUrl, parameters.roomId);
  const request = await signMediaRequest({
    gate: url,
    communityId: parameters.communityId,
    roomId: parameters.roomId,
    ask: 'download',
    session: parameters.session,
    clock: parameters.clock,
  });
  let response: Response;
  try {
    response = await parameters.fetch(url, {
      headers: { [GATE_REQUEST_HEADER]: JSON.stringify(request) },
      signal: AbortSignal.timeout(parameters.timeoutMs ?? 120_000),
    });
  } catch (cause) {
    throw recordingErrors.unreachable('download', url.host, cause);
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    throw recordingErrors.refused(
      'download',
      typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`,
      typeof error?.message === 'string' ? error.message : '',
    );
  }
  const size = Number(response.headers.get('content-length') ?? 0);
  if (size > MAX_RECORDING_BYTES) {
    await response.body?.cancel();
    throw recordingErrors.tooLarge(size);
  }
  try {
    return await response.blob();
  } catch (cause) {
    throw recordingErrors.unreachable('download', url.host, cause);
  }
}
