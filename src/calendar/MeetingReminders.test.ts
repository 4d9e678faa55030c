import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scope } from '../core/Scope.ts';
import { MeetingReminders, type NotificationPort } from './MeetingReminders.ts';
import { testMeeting } from './testMeeting.ts';

class FakeNotifications implements NotificationPort {
  state: NotificationPermission = 'default';
  answer: NotificationPermission = 'granted';
  requests = 0;
  shown: { title: string; body: string; tag: string }[] = [];
  permission() {
    return this.state;
  }
  async request() {
    this.requests++;
    this.state = this.answer;
    return this.answer;
  }
  show(title: string, options: { body: string; tag: string }) {
    this.shown.push({ title, ...options });
  }
}

const MINUTE = 60_000;

describe('MeetingReminders', () => {
  let scope: Scope;
  let notifications: FakeNotifications;
  let reminders: MeetingReminders;
  const store = new Map<string, string>();
  const storage = {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => void store.set(key, value),
    removeItem: (key: string) => void store.delete(key),
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2027, 0, 31, 16, 0) });
    store.clear();
    scope = new Scope();
    notifications = new FakeNotifications();
    reminders = new MeetingReminders({
      notifications,
      clock: { now: () => Date.now() },
      scope,
      storage,
      storageKey: 'reminders',
    });
  });
  afterEach(() => {
    scope.end();
    vi.useRealTimers();
  });

  it('asks permission only when turned on, then reminds 10 minutes before an attended meeting', async () => {
    const start = Date.now() + 60 * MINUTE;
    const attended = testMeeting({ start, attending: true, repeat: 'weekly', count: 2 });
    const skipped = testMeeting({ id: 2n, start, attending: false });
    reminders.schedule([attended, skipped]);
    expect(notifications.requests).toBe(0);
    await vi.advanceTimersByTimeAsync(55 * MINUTE);
    expect(notifications.shown).toEqual([]);

    expect(await reminders.enable()).toBe('granted');
    expect(notifications.requests).toBe(1);
    expect(reminders.enabled).toBe(true);
    expect(notifications.shown).toHaveLength(1);
    expect(notifications.shown[0]).toMatchObject({
      title: 'Weekly call',
      body: 'Starts in 5 minutes. Open the calendar to join.',
    });

    // The series' next week gets its own reminder, once.
    await vi.advanceTimersByTimeAsync(7 * 24 * 60 * MINUTE);
    expect(notifications.shown).toHaveLength(2);
    expect(notifications.shown[1]?.body).toBe('Starts in 10 minutes. Open the calendar to join.');
  });

  it('stays off when permission is refused, and stops when turned off', async () => {
    notifications.answer = 'denied';
    expect(await reminders.enable()).toBe('denied');
    expect(reminders.enabled).toBe(false);
    notifications.answer = 'granted';
    await reminders.enable();
    reminders.schedule([testMeeting({ start: Date.now() + 30 * MINUTE, attending: true })]);
    reminders.disable();
    await vi.advanceTimersByTimeAsync(30 * MINUTE);
    expect(notifications.shown).toEqual([]);
  });
});
