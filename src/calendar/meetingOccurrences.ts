import type { CalendarMeeting, Occurrence } from './calendarTypes.ts';

const DAY = 86_400_000;

/** Bounds of {@link meetingOccurrences}. */
export interface OccurrenceWindow {
  /** Occurrences ending after this are kept. */
  from: number;
  /** Occurrences starting before this are kept. Default: no bound. */
  to?: number;
  /** Most occurrences returned. Default 100. */
  max?: number;
}

/**
 * The occurrences of a meeting inside a window, computed as RFC 5545 expands its RRULE from
 * a UTC DTSTART: weekly and biweekly add 7 or 14 days; monthly keeps the day of the month and
 * skips months without it (a series on the 31st has no occurrence in April). COUNT counts
 * occurrences that exist; UNTIL is inclusive.
 *
 * @example
 * meetingOccurrences(weekly, { from: Date.now(), max: 1 })[0]; // the next or current one
 */
export function meetingOccurrences(
  meeting: Pick<CalendarMeeting, 'start' | 'durationMinutes' | 'repeat' | 'count' | 'until'>,
  { from, to = Number.POSITIVE_INFINITY, max = 100 }: OccurrenceWindow,
): Occurrence[] {
  const length = meeting.durationMinutes * 60_000;
  const result: Occurrence[] = [];
  const count = meeting.repeat === 'none' ? 1 : (meeting.count ?? Number.POSITIVE_INFINITY);
  const until = meeting.until ?? Number.POSITIVE_INFINITY;
  let seen = 0;
  // Weekly series jump straight to the window; a step is at most ~10 years of 7-day steps.
  const step = meeting.repeat === 'weekly' ? 7 * DAY : meeting.repeat === 'biweekly' ? 14 * DAY : 0;
  let index = step > 0 ? Math.max(0, Math.floor((from - length - meeting.start) / step)) : 0;
  if (step > 0) seen = index;
  for (let guard = 0; guard < 10_000 && result.length < max && seen < count; guard++, index++) {
    const start = occurrenceStart(meeting.start, meeting.repeat, index);
    if (start === null) continue;
    if (start > until || start >= to) break;
    seen++;
    if (start + length > from) result.push({ start, end: start + length });
    if (meeting.repeat === 'none') break;
  }
  return result;
}

/** The start of the `index`th step, or null for a month that lacks the day. */
function occurrenceStart(
  first: number,
  repeat: CalendarMeeting['repeat'],
  index: number,
): number | null {
  if (repeat === 'weekly') return first + index * 7 * DAY;
  if (repeat === 'biweekly') return first + index * 14 * DAY;
  if (repeat === 'none') return first;
  const date = new Date(first);
  const day = date.getUTCDate();
  const shifted = new Date(first);
  shifted.setUTCDate(1);
  shifted.setUTCMonth(date.getUTCMonth() + index);
  const month = shifted.getUTCMonth();
  shifted.setUTCDate(day);
  return shifted.getUTCMonth() === month ? shifted.getTime() : null;
}
