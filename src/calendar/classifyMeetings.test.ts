import { describe, expect, it } from 'vitest';
import { classifyMeetings } from './classifyMeetings.ts';
import { testMeeting } from './testMeeting.ts';

const HOUR = 3_600_000;

describe('classifyMeetings', () => {
  it('puts a meeting whose room has people under live, the rest by time', () => {
    const now = Date.UTC(2027, 0, 31, 16, 0);
    const soon = testMeeting({ id: 1n, roomId: 'meeting-1', start: now + HOUR });
    const later = testMeeting({ id: 2n, roomId: 'meeting-2', start: now + 2 * HOUR });
    const occupied = testMeeting({ id: 3n, roomId: 'meeting-3', start: now + 3 * HOUR });
    const over = testMeeting({ id: 4n, roomId: 'meeting-4', start: now - 2 * HOUR });
    const cancelled = testMeeting({
      id: 5n,
      roomId: 'meeting-5',
      start: now + HOUR,
      state: 'cancelled',
    });
    const ongoingSeries = testMeeting({
      id: 6n,
      roomId: 'meeting-6',
      start: now - 7 * 24 * HOUR,
      repeat: 'weekly',
      count: 3,
    });
    const result = classifyMeetings(
      [later, occupied, over, cancelled, soon, ongoingSeries],
      now,
      (room) => room === 'meeting-3' || room === 'meeting-4' || room === 'meeting-5',
    );
    expect(result.live.map((e) => e.meeting.id)).toEqual([3n]);
    expect(result.upcoming.map((e) => e.meeting.id)).toEqual([6n, 1n, 2n]);
    expect(result.upcoming[0]?.occurrence.start).toBe(now);
    expect(result.past.map((e) => e.meeting.id)).toEqual([5n, 4n]);
  });
});
