import type { Clock } from '../core/clock.ts';
import type { SessionCertificate, SessionKeyPair } from '../identity/types.ts';
import { postGateRequest } from '../turn/postGateRequest.ts';
import { mediaErrors } from './errors.ts';
import { GATE_MEDIA_PATH, type MediaGrant, parseMediaGrant } from './mediaGrant.ts';
import { signMediaRequest } from './signMediaRequest.ts';

/** Parameters of {@link requestMediaGrant}. */
export interface RequestMediaGrantParameters {
  /** The gate beside the media server, e.g. `https://gate.example.org`. */
  gateUrl: string;
  communityId: bigint;
  /** The app's room id (`lobby`, `stage-town-hall`). */
  roomId: string;
  session: { keys: Pick<SessionKeyPair, 'signingKey'>; certificate: SessionCertificate };
  fetch: typeof globalThis.fetch;
  clock: Clock;
  /** Give up after this long (the room stays where it is). Default 8 s. */
  timeoutMs?: number;
}

/**
 * Asks a media gate for a grant to join one room: the session certificate and a request
 * signed by the session key, bound to the gate's origin, the room and the `join` ask, stamped
 * and with a fresh nonce. Throws MEDIA_UNAVAILABLE with the gate's refusal code in `details`.
 *
 * @example
 * const grant = await requestMediaGrant({ gateUrl, communityId, roomId: 'lobby', session,
 *   fetch: window.fetch.bind(window), clock: systemClock });
 */
export async function requestMediaGrant(
  parameters: RequestMediaGrantParameters,
): Promise<MediaGrant> {
  const base = new URL(parameters.gateUrl);
  const request = await signMediaRequest({
    gate: base,
    communityId: parameters.communityId,
    roomId: parameters.roomId,
    ask: 'join',
    session: parameters.session,
    clock: parameters.clock,
  });
  const answer = await postGateRequest({
    gate: base,
    path: GATE_MEDIA_PATH,
    request,
    // A CORS "simple" request, as for TURN: no preflight round trip before the grant.
    contentType: 'text/plain;charset=UTF-8',
    fetch: parameters.fetch,
    timeoutMs: parameters.timeoutMs ?? 8_000,
  });
  if (answer.kind === 'unreachable') throw mediaErrors.unreachable(base.host, answer.cause);
  if (answer.kind === 'refused') throw mediaErrors.refused('grant', answer.code);
  const grant = parseMediaGrant(answer.body);
  if (!grant) throw mediaErrors.refused('grant', `${base.host} answered something else`);
  return grant;
}
