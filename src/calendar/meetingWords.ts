import type { CalendarMeeting, Occurrence } from './calendarTypes.ts';

/** Where and how times are written: the viewer's zone and language by default. */
export interface WordsOptions {
  /** IANA zone, e.g. `Asia/Tokyo`. Default: the viewer's. */
  timeZone?: string;
  locale?: string;
}

/** The viewer's IANA time zone, e.g. `Europe/Berlin`. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * An occurrence in the viewer's zone, with the zone named so nobody guesses.
 *
 * @example
 * describeOccurrence(occurrence, { timeZone: 'Asia/Tokyo', locale: 'en-GB' });
 * // 'Mon, 1 Feb 2027, 02:00–03:00 (Asia/Tokyo)'
 */
export function describeOccurrence(occurrence: Occurrence, options: WordsOptions = {}): string {
  const timeZone = options.timeZone ?? viewerTimeZone();
  const day = new Intl.DateTimeFormat(options.locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  const time = new Intl.DateTimeFormat(options.locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
  });
  return `${day.format(occurrence.start)}, ${time.format(occurrence.start)}–${time.format(occurrence.end)} (${timeZone})`;
}

/**
 * How a meeting repeats, in words.
 *
 * @example
 * describeRepeat(weekly); // 'Every week, 12 times'
 */
export function describeRepeat(
  meeting: Pick<CalendarMeeting, 'repeat' | 'count' | 'until'>,
  options: WordsOptions = {},
): string {
  if (meeting.repeat === 'none') return 'Once';
  const every = { weekly: 'Every week', biweekly: 'Every two weeks', monthly: 'Every month' }[
    meeting.repeat
  ];
  if (meeting.count !== null) return `${every}, ${meeting.count} times`;
  if (meeting.until !== null) {
    const date = new Intl.DateTimeFormat(options.locale, {
      timeZone: options.timeZone ?? viewerTimeZone(),
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    }).format(meeting.until);
    return `${every} until ${date}`;
  }
  return every;
}
