import { type Address, getAddress, isAddress } from 'viem';
import * as z from 'zod/mini';
import { type GateRequest, gateRequestText, parseGateRequest } from '../turn/gateRequest.ts';

/** `POST <gate>/media`: a member asks to join one room's media (answer: {@link MediaGrant}). */
export const GATE_MEDIA_PATH = '/media';

/** `POST <gate>/media/moderate`: an owner or admin acts on a member (answer: {@link MediaModerationResult}). */
export const GATE_MEDIA_MODERATE_PATH = '/media/moderate';

/** `POST <gate>/media/record`: an owner or admin starts or stops recording a room. */
export const GATE_MEDIA_RECORD_PATH = '/media/record';

/**
 * `GET <gate>/media/recording/<room>`: an owner or admin downloads the room's last recording
 * (the signed request goes in the {@link GATE_REQUEST_HEADER} header).
 */
export const GATE_MEDIA_RECORDING_PATH = '/media/recording';

/** Header carrying a signed {@link MediaRequest} (as JSON) on the recording download. */
export const GATE_REQUEST_HEADER = 'x-gate-request';

/** A room id as routes spell it (`src/stores/route.svelte.ts`). */
const ROOM_ID = /^[a-z0-9-]{1,32}$/;

/**
 * What a {@link MediaRequest} asks for. Each path takes its own asks only, and the ask is
 * signed, so a member's join request cannot be replayed as a moderator's action.
 * - `join`: credentials for the room (`/media`);
 * - `invite`, `move-to-listener`, `mute`, `remove`: a moderator's action on `target`
 *   (`/media/moderate`), the same words as the mesh's moderation (`src/signaling/moderation.ts`);
 * - `record-start`, `record-stop`: recording (`/media/record`);
 * - `download`: the last recording (`/media/recording/<room>`).
 */
export const mediaAsks = [
  'join',
  'invite',
  'move-to-listener',
  'mute',
  'remove',
  'record-start',
  'record-stop',
  'download',
] as const;

/** One of {@link mediaAsks}. */
export type MediaAsk = (typeof mediaAsks)[number];

/** The moderator actions among {@link mediaAsks}; each needs a `target`. */
export const mediaModerationAsks = ['invite', 'move-to-listener', 'mute', 'remove'] as const;

/** One of {@link mediaModerationAsks}. */
export type MediaModerationAsk = (typeof mediaModerationAsks)[number];

/**
 * A gate request (the same certificate, session-key signature, gate origin, timestamp and
 * nonce as `/turn`) naming the room and what is asked in it.
 */
export interface MediaRequest extends GateRequest {
  /** The app's room id, e.g. `lobby` or `meeting-3`. */
  room: string;
  ask: MediaAsk;
  /** The member a moderator acts on (moderation asks only). */
  target?: Address;
}

/**
 * The text the session key signs for a media request: the gate request's text plus the room,
 * the ask and the target, so none of them can be changed or the request reused for another.
 *
 * @example
 * const sig = await signText(session.keys, mediaRequestText(unsigned));
 */
export function mediaRequestText(request: Omit<MediaRequest, 'sig'>): string {
  return [
    gateRequestText(request),
    `media room: ${request.room}`,
    `ask: ${request.ask}`,
    `target: ${request.target ?? '-'}`,
  ].join('\n');
}

const mediaFieldsSchema = z.object({
  room: z.string().check(z.regex(ROOM_ID)),
  ask: z.enum(mediaAsks),
  target: z.optional(z.string().check(z.regex(/^0x[0-9a-fA-F]{40}$/))),
});

/**
 * A media request read from untrusted JSON, or `undefined` when any field is missing or
 * malformed, or a moderation ask lacks its target (or another ask carries one).
 *
 * @example
 * const request = parseMediaRequest(JSON.parse(body));
 * if (!request) throw refusal('BAD_REQUEST');
 */
export function parseMediaRequest(raw: unknown): MediaRequest | undefined {
  const base = parseGateRequest(raw);
  const fields = mediaFieldsSchema.safeParse(raw);
  if (!base || !fields.success) return undefined;
  const { room, ask, target } = fields.data;
  const moderation = (mediaModerationAsks as readonly string[]).includes(ask);
  if (moderation !== (target !== undefined)) return undefined;
  if (target === undefined) return { ...base, room, ask };
  return isAddress(target, { strict: false })
    ? { ...base, room, ask, target: getAddress(target) }
    : undefined;
}

/**
 * What the gate answers a member allowed into a room's media: where the Janus server is, the
 * AudioBridge room, and a join token good for that room only, until `expiresAt`.
 *
 * The client joins with exactly these values: `{ request: "join", room, id, display, token,
 * muted: !canSpeak }` on `janus.plugin.audiobridge`, and puts `token` in every Janus request
 * (Janus runs with token authentication). Janus refuses any other token; the gate kicks a
 * participant whose `id` it did not grant.
 *
 * On a stage, speakers and listeners sit in two AudioBridge rooms (the listeners' is muted by
 * the server as a whole): after an invite or a move to listeners, the client asks again and
 * moves to the new grant's `room` (`changeroom` with its `id` and `token` keeps the
 * PeerConnection). A move to listeners also kicks the member out of the speakers' room.
 */
export interface MediaGrant {
  /** Janus WebSocket URL (`ws(s)://…`, subprotocol `janus-protocol`). */
  server: string;
  /** AudioBridge room number. */
  room: number;
  /** Join token in the room's `allowed` list. */
  token: string;
  /** Participant id the gate assigned this member (how moderators and the gate name them). */
  id: number;
  /** Display name: the member's checksummed address. */
  display: string;
  /** False: a listener, joined muted; the server refuses its audio until a moderator invites it. */
  canSpeak: boolean;
  /** True while the room is being recorded (tell the member from the first second). */
  recording: boolean;
  /** When the token stops admitting new joins, ms since the epoch (renew before). */
  expiresAt: number;
}

const mediaGrantSchema = z.object({
  server: z.string().check(z.regex(/^wss?:\/\/\S{1,300}$/)),
  room: z.number().check(z.int(), z.positive()),
  token: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,128}$/)),
  id: z.number().check(z.int(), z.positive()),
  display: z.string().check(z.minLength(1), z.maxLength(100)),
  canSpeak: z.boolean(),
  recording: z.boolean(),
  expiresAt: z.number().check(z.int(), z.positive()),
});

/**
 * A media grant read from a gate's answer, or `undefined` when it is not one.
 *
 * @example
 * const grant = parseMediaGrant(await response.json());
 */
export function parseMediaGrant(raw: unknown): MediaGrant | undefined {
  const result = mediaGrantSchema.safeParse(raw);
  return result.success ? result.data : undefined;
}

/** The gate's answer to a moderation or recording request that was carried out. */
export interface MediaModerationResult {
  ok: true;
  ask: MediaAsk;
  /** The member acted on (moderation asks). */
  target?: Address;
  /** The room's recording state after the request. */
  recording: boolean;
}

const moderationResultSchema = z.object({
  ok: z.literal(true),
  ask: z.enum(mediaAsks),
  target: z.optional(z.string().check(z.regex(/^0x[0-9a-fA-F]{40}$/))),
  recording: z.boolean(),
});

/**
 * A moderation or recording answer read from the gate, or `undefined` when it is not one.
 *
 * @example
 * const result = parseMediaModerationResult(await response.json());
 */
export function parseMediaModerationResult(raw: unknown): MediaModerationResult | undefined {
  const result = moderationResultSchema.safeParse(raw);
  if (!result.success) return undefined;
  const { target, ...rest } = result.data;
  return target === undefined ? rest : { ...rest, target: getAddress(target) };
}

/**
 * Refusals of the media paths beyond the gate's own (`GateRefusalCode`), in the same
 * `{ error: { code, message } }` answer:
 * - `NOT_A_MODERATOR`: moderation, recording and download need the community's owner or an admin;
 * - `MEDIA_UNAVAILABLE`: the gate could not reach its Janus server (nothing was granted);
 * - `NO_RECORDING`: the room has no finished recording to download.
 */
export type MediaRefusalCode = 'NOT_A_MODERATOR' | 'MEDIA_UNAVAILABLE' | 'NO_RECORDING';
