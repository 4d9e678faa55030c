import * as z from 'zod/mini';
import type { SessionCertificate } from '../identity/types.ts';

/** Version of the gate's request format; the gate refuses others. */
export const GATE_REQUEST_VERSION = 1;

/** How far a request's timestamp may be from the gate's clock, either way. */
export const GATE_REQUEST_WINDOW_MS = 60_000;

/** Most bytes of a request body the gate reads (a certificate is about 1 KB). */
export const GATE_MAX_BODY_BYTES = 16_384;

/** The path of the TURN credential endpoint under a gate's URL. */
export const GATE_TURN_PATH = '/turn';

/**
 * What a member sends the gate for TURN credentials: its session certificate, and a request
 * signed with the session key that certificate names. The signature covers the gate's origin
 * (so it cannot be replayed to another gate), the community, a timestamp and a nonce (so the
 * gate can refuse it a second time).
 */
export interface GateRequest {
  v: typeof GATE_REQUEST_VERSION;
  certificate: SessionCertificate;
  /** Community whose membership the gate checks, in decimal. */
  communityId: string;
  /** Origin of the gate as the member addressed it, e.g. `https://gate.example.org`. */
  gate: string;
  /** Milliseconds since the epoch, by the member's clock. */
  ts: number;
  /** Random, 16 to 64 base64url characters. */
  nonce: string;
  /** Base64 ECDSA P-256 signature of {@link gateRequestText} by the session key. */
  sig: string;
}

/** TURN credentials as the gate hands them out (coturn's shared-secret REST scheme). */
export interface TurnGrant {
  urls: string[];
  /** `<expiry unix seconds>:<member address>`. */
  username: string;
  credential: string;
  /** Seconds the credentials are good for, from when the gate made them. */
  ttl: number;
}

/**
 * The text the session key signs for a gate request (every field but the signature).
 *
 * @example
 * const sig = await signText(session.keys, gateRequestText(unsigned));
 */
export function gateRequestText(request: Omit<GateRequest, 'sig'>): string {
  return [
    `community-chats gate request v${request.v}`,
    `gate: ${request.gate}`,
    `community: ${request.communityId}`,
    `ts: ${request.ts}`,
    `nonce: ${request.nonce}`,
    `certificate: ${request.certificate.signature}`,
  ].join('\n');
}

const gateRequestSchema = z.object({
  v: z.literal(GATE_REQUEST_VERSION),
  certificate: z.object({
    message: z.string().check(z.maxLength(4_000)),
    signature: z.string().check(z.regex(/^0x[0-9a-fA-F]{2,4000}$/)),
  }),
  communityId: z.string().check(z.regex(/^\d{1,30}$/)),
  gate: z.string().check(z.maxLength(200)),
  ts: z.number().check(z.int()),
  nonce: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/)),
  sig: z.string().check(z.maxLength(200)),
});

/**
 * A gate request read from untrusted JSON, or `undefined` when any field is missing or
 * malformed.
 *
 * @example
 * const request = parseGateRequest(JSON.parse(body));
 * if (!request) return refuse('BAD_REQUEST');
 */
export function parseGateRequest(raw: unknown): GateRequest | undefined {
  const result = gateRequestSchema.safeParse(raw);
  if (!result.success) return undefined;
  const { certificate, ...rest } = result.data;
  return {
    ...rest,
    certificate: {
      message: certificate.message,
      signature: certificate.signature as `0x${string}`,
    },
  };
}

const turnGrantSchema = z.object({
  urls: z.array(z.string().check(z.regex(/^turns?:\S+$/))).check(z.minLength(1), z.maxLength(8)),
  username: z.string().check(z.regex(/^\d{1,12}:\S{1,128}$/)),
  credential: z.string().check(z.minLength(1), z.maxLength(200)),
  ttl: z.number().check(z.int(), z.positive()),
});

/**
 * TURN credentials read from a gate's answer, or `undefined` when it is not one.
 *
 * @example
 * const grant = parseTurnGrant(await response.json());
 */
export function parseTurnGrant(raw: unknown): TurnGrant | undefined {
  const result = turnGrantSchema.safeParse(raw);
  return result.success ? result.data : undefined;
}

/** Why a gate refused: the codes it answers with, in `{ error: { code, message } }`. */
export type GateRefusalCode =
  | 'BAD_REQUEST'
  | 'TOO_LARGE'
  | 'WRONG_GATE'
  | 'STALE'
  | 'REPLAYED'
  | 'FORGED'
  | 'CERTIFICATE_EXPIRED'
  | 'NOT_A_MEMBER'
  | 'COMMUNITY_NOT_SERVED'
  | 'RATE_LIMITED'
  | 'RPC_UNAVAILABLE'
  | 'ORIGIN_REFUSED'
  | 'NOT_FOUND';
