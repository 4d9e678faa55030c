import type { Clock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { SessionCertificate, SessionKeyPair } from '../identity/types.ts';
import { randomId, signText } from '../signaling/sessionCrypto.ts';
import {
  GATE_REQUEST_VERSION,
  GATE_TURN_PATH,
  type GateRequest,
  gateRequestText,
  parseTurnGrant,
  type TurnGrant,
} from './gateRequest.ts';
import { postGateRequest } from './postGateRequest.ts';

/** Parameters of {@link requestTurnGrant}. */
export interface RequestTurnGrantParameters {
  /** The community's gate, e.g. `https://gate.example.org` (config `gate`). */
  gateUrl: string;
  communityId: bigint;
  /** The member's session: its certificate and the key that signs the request. */
  session: { keys: Pick<SessionKeyPair, 'signingKey'>; certificate: SessionCertificate };
  fetch: typeof globalThis.fetch;
  clock: Clock;
  /** Give up after this long (the call goes on without TURN). Default 8 s. */
  timeoutMs?: number;
}

/**
 * Asks the community's gate for TURN credentials: posts the session certificate and a request
 * signed by the session key, bound to the gate's origin, stamped and with a fresh nonce.
 * Throws TURN_UNAVAILABLE with the gate's refusal code (or `UNREACHABLE`) in `details`.
 *
 * @example
 * const grant = await requestTurnGrant({ gateUrl, communityId, session, fetch, clock: systemClock });
 * new RTCPeerConnection({ iceServers: [{ urls: grant.urls, username: grant.username, credential: grant.credential }] });
 */
export async function requestTurnGrant(parameters: RequestTurnGrantParameters): Promise<TurnGrant> {
  const { gateUrl, session } = parameters;
  const base = new URL(gateUrl);
  const unsigned: Omit<GateRequest, 'sig'> = {
    v: GATE_REQUEST_VERSION,
    certificate: session.certificate,
    communityId: parameters.communityId.toString(),
    gate: base.origin,
    ts: parameters.clock.now(),
    nonce: randomId(),
  };
  const request: GateRequest = {
    ...unsigned,
    sig: await signText(session.keys, gateRequestText(unsigned)),
  };
  const answer = await postGateRequest({
    gate: base,
    path: GATE_TURN_PATH,
    request,
    // A CORS "simple" request: text/plain needs no preflight, which would cost the first
    // join one more round trip to the gate before the call can connect. The body is JSON.
    contentType: 'text/plain;charset=UTF-8',
    fetch: parameters.fetch,
    timeoutMs: parameters.timeoutMs ?? 8_000,
  });
  if (answer.kind === 'unreachable') {
    throw turnUnavailable('UNREACHABLE', `${base.origin} did not answer`, answer.cause);
  }
  if (answer.kind === 'refused') throw turnUnavailable(answer.code, answer.message);
  const grant = parseTurnGrant(answer.body);
  if (!grant) throw turnUnavailable('BAD_ANSWER', `${base.origin} answered something else`);
  return grant;
}

function turnUnavailable(code: string, message: string, cause?: unknown): AppError {
  return new AppError('TURN_UNAVAILABLE', `No TURN credentials: ${code}`, {
    category: 'network',
    details: message ? `${code}: ${message}` : code,
    cause,
  });
}
