import { describe, expect, it } from 'vitest';
import { meetingOccurrences } from './meetingOccurrences.ts';
import { testMeeting } from './testMeeting.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('meetingOccurrences', () => {
  it('gives a one-off meeting once, while it has not ended', () => {
    const meeting = testMeeting();
    expect(meetingOccurrences(meeting, { from: meeting.start - DAY })).toEqual([
      { start: meeting.start, end: meeting.start + 3_600_000 },
    ]);
    expect(meetingOccurrences(meeting, { from: meeting.start + 30 * 60_000 })).toHaveLength(1);
    expect(meetingOccurrences(meeting, { from: meeting.start + 3_600_000 })).toEqual([]);
  });

  it('counts weekly and biweekly series, and skips ahead to the window', () => {
    const weekly = testMeeting({ repeat: 'weekly', count: 4 });
    expect(meetingOccurrences(weekly, { from: 0 }).map((o) => iso(o.start))).toEqual([
      '2027-01-31T17:00:00.000Z',
      '2027-02-07T17:00:00.000Z',
      '2027-02-14T17:00:00.000Z',
      '2027-02-21T17:00:00.000Z',
    ]);
    expect(
      meetingOccurrences(weekly, { from: weekly.start + 15 * DAY }).map((o) => iso(o.start)),
    ).toEqual(['2027-02-21T17:00:00.000Z']);
    expect(meetingOccurrences(weekly, { from: weekly.start + 22 * DAY })).toEqual([]);
    const biweekly = testMeeting({ repeat: 'biweekly', until: Date.UTC(2027, 2, 1) });
    expect(meetingOccurrences(biweekly, { from: 0 }).map((o) => iso(o.start))).toEqual([
      '2027-01-31T17:00:00.000Z',
      '2027-02-14T17:00:00.000Z',
      '2027-02-28T17:00:00.000Z',
    ]);
  });

  it('repeats monthly on the same day, skipping months without it (RFC 5545)', () => {
    const monthly = testMeeting({ repeat: 'monthly', count: 3 });
    expect(meetingOccurrences(monthly, { from: 0 }).map((o) => iso(o.start))).toEqual([
      '2027-01-31T17:00:00.000Z',
      '2027-03-31T17:00:00.000Z',
      '2027-05-31T17:00:00.000Z',
    ]);
  });

  it('stops at `to` and `max`', () => {
    const weekly = testMeeting({ repeat: 'weekly', count: 52 });
    expect(meetingOccurrences(weekly, { from: 0, max: 2 })).toHaveLength(2);
    expect(meetingOccurrences(weekly, { from: 0, to: weekly.start + 8 * DAY })).toHaveLength(2);
  });
});
