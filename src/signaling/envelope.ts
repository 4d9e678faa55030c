import * as z from 'zod/mini';

/** Version of the envelope format; receivers drop any other. */
export const ENVELOPE_VERSION = 1;

/**
 * What an envelope carries: a presence heartbeat, an explicit leave, WebRTC signaling, a
 * moderator action on a stage, or whether a moderator is recording the room (the last two
 * obeyed only when the contract names the sender owner or admin).
 */
export type EnvelopeKind = 'beat' | 'leave' | 'signal' | 'moderate' | 'record';

const seaKey = z.string().check(z.regex(/^[A-Za-z0-9_-]{20,64}\.[A-Za-z0-9_-]{20,64}$/));
const hex32 = z.string().check(z.regex(/^0x[0-9a-f]{64}$/));

/**
 * One signed message on the graph. `sig` is the sender's SEA (ECDSA P-256) signature over
 * {@link envelopeSigningText}; the certificate travels in full in heartbeats and by its hash
 * (`certHash`) elsewhere. Bounds here are structural; size limits are applied by the verifier.
 */
export const envelopeSchema = z.object({
  v: z.literal(ENVELOPE_VERSION),
  kind: z.enum(['beat', 'leave', 'signal', 'moderate', 'record']),
  /** Graph namespace of the room: `<app>/<chainId>/<contract>/<communityId>/rooms/<roomId>`. */
  room: z.string().check(z.minLength(1), z.maxLength(300)),
  /** Sender's session public signing key (SEA `pub`). */
  from: seaKey,
  cert: z.optional(
    z.object({
      message: z.string().check(z.minLength(1), z.maxLength(4_000)),
      signature: z.string().check(z.regex(/^0x[0-9a-fA-F]{2,20000}$/)),
    }),
  ),
  /** keccak256 of the certificate (see `certificateHash`). */
  certHash: hex32,
  /** Recipient address (lowercase) for `signal`; absent otherwise. */
  to: z.optional(z.string().check(z.regex(/^0x[0-9a-f]{40}$/))),
  /** Random id, base64url of 16 bytes. */
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/)),
  /** Sender clock, ms since epoch. */
  ts: z.number().check(z.int(), z.positive()),
  /** Per-sender, per-stream counter; strictly increasing. */
  seq: z.number().check(z.int(), z.nonnegative()),
  /**
   * Beat: JSON of the member state. Signal: SEA ciphertext for the recipient. Leave: empty.
   * Moderate: JSON `{ action, target }`. Record: JSON `{ v, recording }`.
   */
  body: z.string(),
  sig: z.string().check(z.regex(/^[A-Za-z0-9+/=]{40,200}$/)),
});

/** A structurally valid envelope (not yet verified). */
export type Envelope = z.infer<typeof envelopeSchema>;

/** An envelope before signing. */
export type UnsignedEnvelope = Omit<Envelope, 'sig'>;

/**
 * The exact text a sender signs: every field but `sig` and `cert` (bound by `certHash`),
 * in a fixed order.
 *
 * @example
 * const text = envelopeSigningText(envelope);
 */
export function envelopeSigningText(envelope: UnsignedEnvelope): string {
  return JSON.stringify([
    'community-chats/envelope',
    envelope.v,
    envelope.kind,
    envelope.room,
    envelope.from,
    envelope.certHash,
    envelope.to ?? '',
    envelope.id,
    envelope.ts,
    envelope.seq,
    envelope.body,
  ]);
}

/**
 * Parses a graph value into an envelope, or `undefined` when it is not one.
 *
 * @example
 * const envelope = parseEnvelope(value); // value straight from the graph
 */
export function parseEnvelope(value: unknown): Envelope | undefined {
  if (typeof value !== 'string') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const result = envelopeSchema.safeParse(json);
  return result.success ? result.data : undefined;
}
