import { type ChainMeeting, MeetingRepeat, MeetingStatus } from '../chain/meetingTypes.ts';
import type { CalendarMeeting, MeetingState, RepeatKind } from './calendarTypes.ts';
import { meetingRoomId } from './meetingRoomId.ts';

const repeats: Record<MeetingRepeat, RepeatKind> = {
  [MeetingRepeat.None]: 'none',
  [MeetingRepeat.Weekly]: 'weekly',
  [MeetingRepeat.Biweekly]: 'biweekly',
  [MeetingRepeat.Monthly]: 'monthly',
};
const states: Record<MeetingStatus, MeetingState> = {
  [MeetingStatus.Scheduled]: 'scheduled',
  [MeetingStatus.Live]: 'live',
  [MeetingStatus.Ended]: 'ended',
  [MeetingStatus.Cancelled]: 'cancelled',
};

/**
 * A meeting read from the contract, in the calendar's terms (ms, words for enums).
 *
 * @example
 * const meeting = toCalendarMeeting({ ...chainMeeting, attending: true });
 */
export function toCalendarMeeting(meeting: ChainMeeting & { attending: boolean }): CalendarMeeting {
  return {
    id: meeting.id,
    communityId: meeting.communityId,
    host: meeting.host,
    title: meeting.title,
    description: meeting.description,
    start: Number(meeting.scheduledTime) * 1000,
    durationMinutes: meeting.duration,
    repeat: repeats[meeting.repeat],
    count:
      meeting.repeat !== MeetingRepeat.None && meeting.occurrences > 0 ? meeting.occurrences : null,
    until:
      meeting.repeat !== MeetingRepeat.None && meeting.repeatUntil > 0n
        ? Number(meeting.repeatUntil) * 1000
        : null,
    state: states[meeting.status],
    participantCount: Number(meeting.participantCount),
    attending: meeting.attending,
    roomId: meetingRoomId(meeting.id),
  };
}
