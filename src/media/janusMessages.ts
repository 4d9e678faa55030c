import * as z from 'zod/mini';

/** The WebSocket subprotocol Janus answers on (its documented API). */
export const JANUS_SUBPROTOCOL = 'janus-protocol';

/** Largest message read from the server; a 500-member participant list is about 60 KB. */
export const JANUS_MAX_MESSAGE_BYTES = 262_144;

/** A session description as Janus carries it (`jsep`). */
export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
}

/** An ICE candidate as `trickle` carries it; `{ completed: true }` ends gathering. */
export type TrickleCandidate =
  | { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null }
  | { completed: true };

/** A request before its transaction is assigned. */
export type JanusRequestBody = { janus: string } & Record<string, unknown>;

/** What we send: every request names its kind and a transaction. */
export type JanusRequest = JanusRequestBody & { transaction: string };

const participantSchema = z.object({
  id: z.number(),
  display: z.optional(z.string().check(z.maxLength(200))),
  muted: z.optional(z.boolean()),
  talking: z.optional(z.boolean()),
  /** Its WebRTC connection is up, so its audio reaches the mix. */
  setup: z.optional(z.boolean()),
});

const pluginDataSchema = z.object({
  audiobridge: z.optional(z.string()),
  id: z.optional(z.number()),
  room: z.optional(z.unknown()),
  leaving: z.optional(z.unknown()),
  /** A participant the room's admin put out (AudioBridge tells everyone, the kicked one too). */
  kicked: z.optional(z.unknown()),
  error_code: z.optional(z.number()),
  error: z.optional(z.string().check(z.maxLength(500))),
  participants: z.optional(z.array(participantSchema).check(z.maxLength(2_000))),
});

const messageSchema = z.object({
  janus: z.string().check(z.maxLength(40)),
  transaction: z.optional(z.string()),
  session_id: z.optional(z.number()),
  sender: z.optional(z.number()),
  data: z.optional(z.object({ id: z.optional(z.number()) })),
  error: z.optional(z.object({ code: z.number(), reason: z.string().check(z.maxLength(500)) })),
  plugindata: z.optional(z.object({ plugin: z.string(), data: pluginDataSchema })),
  jsep: z.optional(
    z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().check(z.maxLength(65_536)) }),
  ),
  reason: z.optional(z.string().check(z.maxLength(500))),
});

/** A message from Janus, with only the fields we read. */
export type JanusMessage = z.infer<typeof messageSchema>;

/** The AudioBridge part of a plugin event. */
export type AudioBridgeData = z.infer<typeof pluginDataSchema>;

/** A participant as AudioBridge lists it. */
export type AudioBridgeParticipant = z.infer<typeof participantSchema>;

/**
 * A message read from the server's untrusted text, or `undefined` when it is not JSON or not
 * a Janus message.
 *
 * @example
 * const message = parseJanusMessage(event.data);
 * if (message?.janus === 'webrtcup') live();
 */
export function parseJanusMessage(text: string): JanusMessage | undefined {
  if (text.length > JANUS_MAX_MESSAGE_BYTES) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const result = messageSchema.safeParse(raw);
  return result.success ? result.data : undefined;
}
