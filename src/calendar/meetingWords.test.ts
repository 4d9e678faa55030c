import { describe, expect, it } from 'vitest';
import { describeOccurrence, describeRepeat } from './meetingWords.ts';
import { testMeeting } from './testMeeting.ts';

describe('meetingWords', () => {
  it("writes an occurrence in the viewer's zone and names the zone", () => {
    const start = Date.UTC(2027, 0, 31, 17, 0);
    const occurrence = { start, end: start + 3_600_000 };
    expect(describeOccurrence(occurrence, { timeZone: 'Asia/Tokyo', locale: 'en-GB' })).toBe(
      'Mon, 1 Feb 2027, 02:00–03:00 (Asia/Tokyo)',
    );
    expect(describeOccurrence(occurrence, { timeZone: 'America/New_York', locale: 'en-GB' })).toBe(
      'Sun, 31 Jan 2027, 12:00–13:00 (America/New_York)',
    );
  });

  it('says how a meeting repeats', () => {
    const words = { timeZone: 'UTC', locale: 'en-GB' };
    expect(describeRepeat(testMeeting(), words)).toBe('Once');
    expect(describeRepeat(testMeeting({ repeat: 'weekly', count: 12 }), words)).toBe(
      'Every week, 12 times',
    );
    expect(
      describeRepeat(testMeeting({ repeat: 'biweekly', until: Date.UTC(2027, 5, 30) }), words),
    ).toBe('Every two weeks until 30 Jun 2027');
  });
});
