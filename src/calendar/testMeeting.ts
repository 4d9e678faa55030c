import type { CalendarMeeting } from './calendarTypes.ts';

/**
 * A calendar meeting for unit tests, with `overrides` on top.
 *
 * @example
 * const weekly = testMeeting({ repeat: 'weekly', count: 4 });
 */
export function testMeeting(overrides: Partial<CalendarMeeting> = {}): CalendarMeeting {
  return {
    id: 1n,
    communityId: 0n,
    host: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    title: 'Weekly call',
    description: 'News, questions; who works on what',
    start: Date.UTC(2027, 0, 31, 17, 0),
    durationMinutes: 60,
    repeat: 'none',
    count: null,
    until: null,
    state: 'scheduled',
    participantCount: 1,
    attending: false,
    roomId: 'meeting-1',
    ...overrides,
  };
}
