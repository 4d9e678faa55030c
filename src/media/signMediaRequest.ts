import type { Address } from 'viem';
import type { Clock } from '../core/clock.ts';
import type { SessionCertificate, SessionKeyPair } from '../identity/types.ts';
import { randomId, signText } from '../signaling/sessionCrypto.ts';
import { GATE_REQUEST_VERSION } from '../turn/gateRequest.ts';
import {
  type MediaAsk,
  type MediaModerationAsk,
  type MediaRequest,
  mediaRequestText,
} from './mediaGrant.ts';

/** Parameters of {@link signMediaRequest}: a moderation ask names its target, no other does. */
export type SignMediaRequestParameters = MediaRequestScope &
  (
    | { ask: Exclude<MediaAsk, MediaModerationAsk> }
    | {
        ask: MediaModerationAsk;
        /** The member a moderator acts on. */
        target: Address;
      }
  );

/** Where a media request goes and who signs it. */
interface MediaRequestScope {
  /** The gate the request is for: its origin is signed, so no other gate takes it. */
  gate: URL;
  communityId: bigint;
  /** The app's room id (`lobby`, `stage-town-hall`). */
  roomId: string;
  session: { keys: Pick<SessionKeyPair, 'signingKey'>; certificate: SessionCertificate };
  clock: Clock;
}

/**
 * A media request for one room and one ask (and, for a moderation, its target), stamped, with a
 * fresh nonce and signed by the session key, as the gate checks it.
 *
 * @example
 * const request = await signMediaRequest({ gate: new URL(gateUrl), communityId: 7n,
 *   roomId: 'lobby', ask: 'record-start', session, clock: systemClock });
 */
export async function signMediaRequest(
  parameters: SignMediaRequestParameters,
): Promise<MediaRequest> {
  const { session } = parameters;
  const unsigned: Omit<MediaRequest, 'sig'> = {
    v: GATE_REQUEST_VERSION,
    certificate: session.certificate,
    communityId: parameters.communityId.toString(),
    gate: parameters.gate.origin,
    ts: parameters.clock.now(),
    nonce: randomId(),
    room: parameters.roomId,
    ask: parameters.ask,
    ...('target' in parameters ? { target: parameters.target } : {}),
  };
  return { ...unsigned, sig: await signText(session.keys, mediaRequestText(unsigned)) };
}
