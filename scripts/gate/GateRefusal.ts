import type { MediaRefusalCode } from '../../src/media/mediaGrant.ts';
import type { GateRefusalCode } from '../../src/turn/gateRequest.ts';

/** Every code a gate refuses with: `/turn`'s and the media paths'. */
export type RefusalCode = GateRefusalCode | MediaRefusalCode;

/** HTTP status of each refusal: the client's fault (4xx) or the chain's (503). */
const STATUS: Record<RefusalCode, number> = {
  BAD_REQUEST: 400,
  TOO_LARGE: 413,
  WRONG_GATE: 400,
  STALE: 401,
  REPLAYED: 401,
  FORGED: 401,
  CERTIFICATE_EXPIRED: 401,
  NOT_A_MEMBER: 403,
  COMMUNITY_NOT_SERVED: 403,
  ORIGIN_REFUSED: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  RPC_UNAVAILABLE: 503,
  NOT_A_MODERATOR: 403,
  NO_RECORDING: 404,
  MEDIA_UNAVAILABLE: 503,
};

/**
 * Why the gate said no: a code the app branches on, the HTTP status, and words for the
 * operator's log and the member's Diagnostics.
 *
 * @example
 * throw new GateRefusal('REPLAYED', 'this request was already answered');
 */
export class GateRefusal extends Error {
  override readonly name = 'GateRefusal';
  readonly code: RefusalCode;
  readonly status: number;

  constructor(code: RefusalCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = STATUS[code];
  }
}
