import ical, {
  type ICalCalendar,
  ICalEventRepeatingFreq,
  ICalEventStatus,
  type ICalRepeatingOptions,
} from 'ical-generator';
import type { CalendarMeeting } from './calendarTypes.ts';

/** What names a meeting across calendars: UIDs must stay the same on every export. */
export interface IcsContext {
  /** e.g. `community-chats` (the app name). */
  appName: string;
  chainId: number;
  /** The MeetingScheduler contract. */
  contract: string;
  communityName: string;
  /** Link to the meeting's room, given its room id (an absolute URL). */
  roomUrl: (meeting: CalendarMeeting) => string;
  /** DTSTAMP: when the file was made. */
  now: number;
}

/**
 * One meeting as an RFC 5545 calendar (CRLF lines, UID, DTSTAMP, escaped text, RRULE for a
 * series), for "Add to calendar".
 *
 * @example
 * const text = meetingIcs(meeting, context); // 'BEGIN:VCALENDAR\r\n...'
 */
export function meetingIcs(meeting: CalendarMeeting, context: IcsContext): string {
  const calendar = newCalendar(context, meeting.title);
  addMeeting(calendar, meeting, context);
  return calendar.toString();
}

/**
 * A community's meetings as one calendar feed.
 *
 * @example
 * download('community.ics', communityIcs(meetings, context));
 */
export function communityIcs(meetings: readonly CalendarMeeting[], context: IcsContext): string {
  const calendar = newCalendar(context, `${context.communityName} meetings`);
  for (const meeting of meetings) addMeeting(calendar, meeting, context);
  return calendar.toString();
}

function newCalendar(context: IcsContext, name: string): ICalCalendar {
  return ical({ name, prodId: { company: context.appName, product: 'calendar', language: 'EN' } });
}

function addMeeting(calendar: ICalCalendar, meeting: CalendarMeeting, context: IcsContext): void {
  const url = context.roomUrl(meeting);
  calendar.createEvent({
    id: `${meeting.id}.${context.contract.toLowerCase()}.${context.chainId}@${context.appName}`,
    stamp: new Date(context.now),
    start: new Date(meeting.start),
    end: new Date(meeting.start + meeting.durationMinutes * 60_000),
    summary: meeting.title,
    description: meeting.description === '' ? url : `${meeting.description}\n\n${url}`,
    url,
    location: `${context.communityName} (room ${meeting.roomId})`,
    status: meeting.state === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    repeating: repeatRule(meeting),
  });
}

function repeatRule(meeting: CalendarMeeting): ICalRepeatingOptions | null {
  if (meeting.repeat === 'none') return null;
  const rule: ICalRepeatingOptions = {
    freq:
      meeting.repeat === 'monthly' ? ICalEventRepeatingFreq.MONTHLY : ICalEventRepeatingFreq.WEEKLY,
    ...(meeting.repeat === 'biweekly' ? { interval: 2 } : {}),
  };
  if (meeting.count !== null) rule.count = meeting.count;
  if (meeting.until !== null) rule.until = new Date(meeting.until);
  return rule;
}
