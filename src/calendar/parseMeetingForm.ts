import { type Hex, zeroHash } from 'viem';
import { type MeetingFields, MeetingRepeat } from '../chain/meetingTypes.ts';
import type { RepeatKind } from './calendarTypes.ts';

/** Limits MeetingScheduler enforces; checked here first so nothing doomed is sent. */
export const MEETING_LIMITS = {
  titleBytes: 100,
  descriptionBytes: 1024,
  maxDurationMinutes: 1440,
  maxOccurrences: 520,
  maxLeadMs: 3650 * 86_400_000,
  /** A start this close to now could be past by the time the transaction is mined. */
  minLeadMs: 60_000,
} as const;

/** What the schedule form holds. */
export interface MeetingForm {
  title: string;
  description: string;
  /** Start in ms since the epoch (the form's local date and time, converted). */
  start: number;
  durationMinutes: number;
  repeat: RepeatKind;
  /** How a series ends: after `count` occurrences, or on `until` (ms). */
  end: { kind: 'count'; count: number } | { kind: 'until'; until: number };
  /** keccak256 of a stream URL kept off chain, if any. */
  streamCommitment?: Hex;
}

export type ParsedMeetingForm = { ok: true; fields: MeetingFields } | { ok: false; error: string };

const repeatCodes: Record<RepeatKind, MeetingFields['repeat']> = {
  none: MeetingRepeat.None,
  weekly: MeetingRepeat.Weekly,
  biweekly: MeetingRepeat.Biweekly,
  monthly: MeetingRepeat.Monthly,
};

const bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * Checks the schedule form in plain words and turns it into the contract's fields.
 * `keepStart` lets an edit keep a start that has passed (a running series).
 *
 * @example
 * const parsed = parseMeetingForm(form, Date.now());
 * if (!parsed.ok) showError(parsed.error); // 'Pick a start time in the future.'
 */
export function parseMeetingForm(
  form: MeetingForm,
  now: number,
  keepStart: number | null = null,
): ParsedMeetingForm {
  const fail = (error: string): ParsedMeetingForm => ({ ok: false, error });
  const title = form.title.trim();
  const description = form.description.trim();
  if (title === '') return fail('Give the meeting a title.');
  if (bytes(title) > MEETING_LIMITS.titleBytes) {
    return fail(
      `The title is too long: ${bytes(title)} bytes, at most ${MEETING_LIMITS.titleBytes}.`,
    );
  }
  if (bytes(description) > MEETING_LIMITS.descriptionBytes) {
    return fail(
      `The description is too long: ${bytes(description)} bytes, at most ${MEETING_LIMITS.descriptionBytes}.`,
    );
  }
  if (!Number.isFinite(form.start)) return fail('Pick a date and a start time.');
  if (form.start !== keepStart) {
    if (form.start < now + MEETING_LIMITS.minLeadMs) {
      return fail('Pick a start time in the future (at least a minute from now).');
    }
    if (form.start > now + MEETING_LIMITS.maxLeadMs) return fail('Pick a start within ten years.');
  }
  const duration = form.durationMinutes;
  if (!Number.isInteger(duration) || duration <= 0) {
    return fail('A meeting needs a duration of at least one minute.');
  }
  if (duration > MEETING_LIMITS.maxDurationMinutes)
    return fail('A meeting can last at most 24 hours.');
  let occurrences = 0;
  let repeatUntil = 0n;
  if (form.repeat !== 'none') {
    if (form.end.kind === 'count') {
      const count = form.end.count;
      if (!Number.isInteger(count) || count < 2 || count > MEETING_LIMITS.maxOccurrences) {
        return fail(`A repeating meeting happens 2 to ${MEETING_LIMITS.maxOccurrences} times.`);
      }
      occurrences = count;
    } else {
      const until = form.end.until;
      if (!Number.isFinite(until) || until <= form.start) {
        return fail('The last date of a repeating meeting must come after its first.');
      }
      if (until > now + MEETING_LIMITS.maxLeadMs)
        return fail('A series can run at most ten years.');
      repeatUntil = BigInt(Math.floor(until / 1000));
    }
  }
  return {
    ok: true,
    fields: {
      title,
      description,
      scheduledTime: BigInt(Math.floor(form.start / 1000)),
      duration,
      repeat: repeatCodes[form.repeat],
      occurrences,
      repeatUntil,
      streamCommitment: form.streamCommitment ?? zeroHash,
    },
  };
}
