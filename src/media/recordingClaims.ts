import type { Address } from 'viem';
import * as z from 'zod/mini';
import type { RoomRef } from '../signaling/roomPaths.ts';

/**
 * The flat node of recording claims: one field per owner or admin address, holding that
 * moderator's last signed `record` envelope ("I started" or "I stopped" recording the room).
 *
 * @example
 * graph.watch(recordingKey(room), onClaim, scope);
 */
export function recordingKey(room: RoomRef): string {
  return `${room.namespace}/recording`;
}

/** One claim about the room's recording, as read from a verified `record` envelope. */
export interface RecordingClaim {
  recording: boolean;
  /** When it was signed (the envelope's `ts`, the signer's clock). */
  at: number;
  /** Who signed it: an owner or admin, or a member whose role the chain did not confirm. */
  by: Address;
  /**
   * False when the chain did not answer whether the signer is a moderator. Such a claim can
   * only warn ("recording"), never clear a warning: a forged "stopped" must not hide a
   * recording, while a false "recording" costs nothing but a banner.
   */
  confirmed: boolean;
}

/**
 * What the gate said about the recording in the member's last media grant, and when (this
 * page's clock). The gate is the recorder, so its word counts as much as a moderator's.
 */
export interface GateRecordingWord {
  recording: boolean;
  at: number;
}

/** Where the room's recording stands, as this member can tell. */
export type RecordingStanding =
  | { recording: false }
  | { recording: true; since: number; by: Address | undefined };

/**
 * How long a gate's "not recording" leaves a moderator's fresher "recording" claim standing:
 * a moderator announces before asking the gate (see RoomRecording), and clocks differ.
 */
export const GATE_WORD_GRACE_MS = 60_000;

const bodySchema = z.object({ v: z.literal(1), recording: z.boolean() });

/**
 * The body of a `record` envelope.
 *
 * @example
 * await signer.sign({ kind: 'record', stream: key, body: encodeRecordingClaim(true), withCertificate: true });
 */
export function encodeRecordingClaim(recording: boolean): string {
  return JSON.stringify({ v: 1, recording });
}

/**
 * Reads the body of a verified `record` envelope: whether it says the room is recorded, or
 * `undefined` when it is not a recording claim.
 *
 * @example
 * const recording = parseRecordingClaim(verified.envelope.body);
 */
export function parseRecordingClaim(body: string): boolean | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = bodySchema.safeParse(json);
  return result.success ? result.data.recording : undefined;
}

/**
 * Whether the room is being recorded, from the moderators' claims and the gate's last word,
 * erring towards "recording" wherever the two disagree or a claim is unconfirmed:
 * - among the claims, the latest wins, a tie goes to "recording", and an unconfirmed claim
 *   counts only when it says "recording";
 * - the gate's "recording" stands until a confirmed "stopped" signed after it;
 * - the gate's "not recording" clears only claims older than it by {@link GATE_WORD_GRACE_MS}.
 *
 * @example
 * const standing = recordingStanding(channel.claims(), gateWord);
 * if (standing.recording) showBanner(standing.by);
 */
export function recordingStanding(
  claims: Iterable<RecordingClaim>,
  gate?: GateRecordingWord,
): RecordingStanding {
  let latest: RecordingClaim | undefined;
  for (const claim of claims) {
    if (!claim.confirmed && !claim.recording) continue;
    if (
      !latest ||
      claim.at > latest.at ||
      (claim.at === latest.at && claim.recording && !latest.recording)
    ) {
      latest = claim;
    }
  }
  if (gate?.recording && !(latest && !latest.recording && latest.at > gate.at)) {
    return latest?.recording
      ? { recording: true, since: latest.at, by: latest.by }
      : { recording: true, since: gate.at, by: undefined };
  }
  if (!latest?.recording) return { recording: false };
  if (gate && !gate.recording && latest.at < gate.at - GATE_WORD_GRACE_MS) {
    return { recording: false };
  }
  return { recording: true, since: latest.at, by: latest.by };
}
