import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { communityIcs, type IcsContext, meetingIcs } from './calendarIcs.ts';
import { meetingOccurrences } from './meetingOccurrences.ts';
import { testMeeting } from './testMeeting.ts';

const context: IcsContext = {
  appName: 'community-chats',
  chainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  communityName: 'Demo Community',
  roomUrl: (m) => `https://app.example/#/c/${m.communityId}/r/${m.roomId}`,
  now: Date.UTC(2027, 0, 1),
};

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
}

describe('calendarIcs', () => {
  it('writes one meeting as RFC 5545 that a parser reads back: CRLF, UID, DTSTAMP, escaping, RRULE', () => {
    const meeting = testMeeting({
      title: 'Call; with, commas',
      repeat: 'biweekly',
      count: 6,
    });
    const text = meetingIcs(meeting, context);
    expect(text.split('\r\n').length).toBeGreaterThan(10);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/\n/);
    expect(text).toContain('SUMMARY:Call\\; with\\, commas');
    expect(text).toContain('DTSTAMP:20270101T000000Z');
    const [event] = parse(text);
    expect(event?.summary).toBe('Call; with, commas');
    expect(event?.uid).toBe(`1.${context.contract.toLowerCase()}.31337@community-chats`);
    expect(event?.startDate.toJSDate().getTime()).toBe(meeting.start);
    expect(event?.endDate.toJSDate().getTime()).toBe(meeting.start + 3_600_000);
    expect(event?.isRecurring()).toBe(true);
    const rule = event?.component.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect(rule.freq).toBe('WEEKLY');
    expect(rule.interval).toBe(2);
    expect(rule.count).toBe(6);
    const iterator = event?.iterator();
    const starts: string[] = [];
    for (let next = iterator?.next(); next; next = iterator?.next()) {
      starts.push(next.toJSDate().toISOString());
    }
    expect(starts).toHaveLength(6);
    expect(starts[1]).toBe('2027-02-14T17:00:00.000Z');
  });

  it('writes a feed of every meeting, a monthly series with UNTIL and a cancelled one', () => {
    const monthly = testMeeting({ id: 2n, repeat: 'monthly', until: Date.UTC(2027, 5, 30) });
    const cancelled = testMeeting({ id: 3n, state: 'cancelled' });
    const events = parse(communityIcs([testMeeting(), monthly, cancelled], context));
    expect(events.map((e) => e.uid.split('.')[0])).toEqual(['1', '2', '3']);
    const rule = events[1]?.component.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect(rule.freq).toBe('MONTHLY');
    expect(rule.until?.toJSDate().toISOString()).toBe('2027-06-30T00:00:00.000Z');
    expect(events[0]?.isRecurring()).toBe(false);
    expect(events[2]?.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('expands a monthly series on the 31st exactly as a calendar does', () => {
    const monthly = testMeeting({ repeat: 'monthly', count: 5 });
    const [event] = parse(meetingIcs(monthly, context));
    const iterator = event?.iterator();
    const theirs: number[] = [];
    for (let next = iterator?.next(); next; next = iterator?.next()) {
      theirs.push(next.toJSDate().getTime());
    }
    const ours = meetingOccurrences(monthly, { from: 0 }).map((o) => o.start);
    expect(ours).toEqual(theirs);
    expect(ours).toHaveLength(5);
  });
});
