import type { Address } from 'viem';
import type { Clock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { SessionCertificate, SessionKeyPair } from '../identity/types.ts';
import { postGateRequest } from '../turn/postGateRequest.ts';
import {
  GATE_MEDIA_MODERATE_PATH,
  type MediaModerationAsk,
  type MediaModerationResult,
  parseMediaModerationResult,
} from './mediaGrant.ts';
import { signMediaRequest } from './signMediaRequest.ts';

/** Parameters of {@link requestMediaModeration}. */
export interface RequestMediaModerationParameters {
  /** The gate of the media server the room runs through, e.g. `https://gate.example.org`. */
  gateUrl: string;
  communityId: bigint;
  /** The app's room id (`stage-town-hall`). */
  roomId: string;
  ask: MediaModerationAsk;
  /** The member acted on. */
  target: Address;
  session: { keys: Pick<SessionKeyPair, 'signingKey'>; certificate: SessionCertificate };
  fetch: typeof globalThis.fetch;
  clock: Clock;
  /** Give up after this long (nothing is published meanwhile). Default 8 s. */
  timeoutMs?: number;
}

/** The gate's refusal codes a moderator may meet, in words. */
const refusalWords: Record<string, string> = {
  NOT_A_MODERATOR: 'the gate read on the contract that this address is neither owner nor admin',
  RPC_UNAVAILABLE: 'the gate could not read the chain to check your role',
  MEDIA_UNAVAILABLE: 'the gate could not reach its media server',
  RATE_LIMITED: 'the gate limits how often one address asks; wait a minute',
  CERTIFICATE_EXPIRED: 'your session expired; enter the room again',
  STALE: "this computer's clock is too far from the gate's",
};

/** Why the gate did not carry a moderator's action out; nothing changed. */
function refused(ask: MediaModerationAsk, reason: string, cause?: unknown): AppError {
  return new AppError('MEDIA_MODERATION_REFUSED', `The media server did not ${ask}: ${reason}`, {
    category: 'network',
    details: `${ask}: ${reason}`,
    cause,
  });
}

/**
 * Asks the gate of the room's media server to carry out a moderator's action (`POST
 * /media/moderate`): invite to speak, move to the listeners, mute, or remove `target`. The
 * request is signed by the session key and names the gate's origin, the room, the ask and the
 * target; the gate checks the signer's role on the contract. Throws NOT_AUTHORIZED when the
 * gate finds the signer no moderator, else MEDIA_MODERATION_REFUSED saying why in words.
 *
 * @example
 * await requestMediaModeration({ gateUrl, communityId: 7n, roomId: 'stage-town-hall',
 *   ask: 'invite', target, session, fetch: window.fetch.bind(window), clock: systemClock });
 */
export async function requestMediaModeration(
  parameters: RequestMediaModerationParameters,
): Promise<MediaModerationResult> {
  const { ask } = parameters;
  const gate = new URL(parameters.gateUrl);
  const request = await signMediaRequest({
    gate,
    communityId: parameters.communityId,
    roomId: parameters.roomId,
    ask,
    target: parameters.target,
    session: parameters.session,
    clock: parameters.clock,
  });
  const answer = await postGateRequest({
    gate,
    path: GATE_MEDIA_MODERATE_PATH,
    request,
    contentType: 'application/json',
    fetch: parameters.fetch,
    timeoutMs: parameters.timeoutMs ?? 8_000,
  });
  if (answer.kind === 'unreachable') {
    throw refused(ask, `${gate.host} did not answer`, answer.cause);
  }
  if (answer.kind === 'refused') {
    const reason = refusalWords[answer.code] ?? `the gate answered ${answer.code}`;
    if (answer.code !== 'NOT_A_MODERATOR') throw refused(ask, reason);
    throw new AppError('NOT_AUTHORIZED', `The media server did not ${ask}: ${reason}`, {
      category: 'user',
      details: `${ask}: ${reason}`,
    });
  }
  const result = parseMediaModerationResult(answer.body);
  if (!result) throw refused(ask, `${gate.host} answered something else`);
  return result;
}
