import type { CalendarMeeting, Occurrence } from './calendarTypes.ts';
import { meetingOccurrences } from './meetingOccurrences.ts';

/** A meeting with the occurrence the calendar shows for it. */
export interface ScheduledEntry {
  meeting: CalendarMeeting;
  /** The current or next occurrence; for a past meeting, its first. */
  occurrence: Occurrence;
}

/** The three parts of a community's calendar. */
export interface ClassifiedMeetings {
  /** Not over, and its room has members now. */
  live: ScheduledEntry[];
  /** Not over, nobody in its room yet; soonest first. */
  upcoming: ScheduledEntry[];
  /** Ended, cancelled, or every occurrence over; latest first. */
  past: ScheduledEntry[];
}

/**
 * Sorts meetings into live, upcoming and past. A meeting is live while people are in its
 * room (presence, not the host's status flag), from the lobby before it starts to its end.
 *
 * @example
 * const { live, upcoming, past } = classifyMeetings(meetings, Date.now(), (room) => counts[room] > 0);
 */
export function classifyMeetings(
  meetings: readonly CalendarMeeting[],
  now: number,
  occupied: (roomId: string) => boolean,
): ClassifiedMeetings {
  const result: ClassifiedMeetings = { live: [], upcoming: [], past: [] };
  for (const meeting of meetings) {
    const [next] = meetingOccurrences(meeting, { from: now, max: 1 });
    const over = meeting.state === 'ended' || meeting.state === 'cancelled' || !next;
    if (over) {
      result.past.push({ meeting, occurrence: firstOccurrence(meeting) });
    } else if (occupied(meeting.roomId)) {
      result.live.push({ meeting, occurrence: next });
    } else {
      result.upcoming.push({ meeting, occurrence: next });
    }
  }
  result.upcoming.sort((a, b) => a.occurrence.start - b.occurrence.start);
  result.live.sort((a, b) => a.occurrence.start - b.occurrence.start);
  result.past.sort((a, b) => b.occurrence.start - a.occurrence.start);
  return result;
}

function firstOccurrence(meeting: CalendarMeeting): Occurrence {
  return { start: meeting.start, end: meeting.start + meeting.durationMinutes * 60_000 };
}
