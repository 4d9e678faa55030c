import type { Address } from 'viem';

/** How a meeting repeats, in the words the calendar uses. */
export type RepeatKind = 'none' | 'weekly' | 'biweekly' | 'monthly';

/** Where a meeting stands on chain. */
export type MeetingState = 'scheduled' | 'live' | 'ended' | 'cancelled';

/** A community meeting as the calendar shows it (times in ms since the epoch, UTC). */
export interface CalendarMeeting {
  id: bigint;
  communityId: bigint;
  host: Address;
  title: string;
  description: string;
  /** Start of the first (or only) occurrence. */
  start: number;
  durationMinutes: number;
  repeat: RepeatKind;
  /** Occurrences of a series (RRULE COUNT), or null. */
  count: number | null;
  /** No occurrence starts after this (RRULE UNTIL), or null. */
  until: number | null;
  state: MeetingState;
  participantCount: number;
  /** Whether the viewer RSVPed. */
  attending: boolean;
  /** The room the meeting is held in. */
  roomId: string;
}

/** One occurrence of a meeting: its start and end in ms. */
export interface Occurrence {
  start: number;
  end: number;
}
