import type { Clock } from '../core/clock.ts';
import type { Scope } from '../core/Scope.ts';
import type { CalendarMeeting } from './calendarTypes.ts';
import { meetingOccurrences } from './meetingOccurrences.ts';

/** The browser's Notification API, as reminders use it (a fake in unit tests). */
export interface NotificationPort {
  /** 'unsupported' where the browser has no Notification API. */
  permission(): NotificationPermission | 'unsupported';
  /** Asks the person; only ever called when they turn reminders on. */
  request(): Promise<NotificationPermission>;
  show(title: string, options: { body: string; tag: string }): void;
}

/** Collaborators of {@link MeetingReminders}. */
export interface MeetingRemindersOptions {
  notifications: NotificationPort;
  clock: Clock;
  /** Timers live until this scope ends. */
  scope: Scope;
  /** Remembers whether reminders are on (per browser). */
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  storageKey: string;
  /** How long before a start the reminder shows. Default 10 minutes. */
  leadMs?: number;
}

/** Longest timer browsers keep (2^31 - 1 ms); later reminders are set on a later pass. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Reminders before the meetings the person said they will attend, through the Notification
 * API. Permission is asked only by `enable()`, i.e. when the person turns reminders on.
 *
 * @example
 * const reminders = new MeetingReminders({ notifications, clock, scope, storage, storageKey });
 * await reminders.enable(); // asks permission
 * reminders.schedule(meetings); // one timer per next occurrence of an attended meeting
 */
export class MeetingReminders {
  readonly #options: MeetingRemindersOptions;
  readonly #leadMs: number;
  readonly #shown = new Set<string>();
  #timers: Scope | undefined;
  #meetings: readonly CalendarMeeting[] = [];

  constructor(options: MeetingRemindersOptions) {
    this.#options = options;
    this.#leadMs = options.leadMs ?? 10 * 60_000;
  }

  /** On when the person turned reminders on and the browser still allows notifications. */
  get enabled(): boolean {
    const { storage, storageKey, notifications } = this.#options;
    return storage.getItem(storageKey) === 'on' && notifications.permission() === 'granted';
  }

  /** Asks permission (the one place it is asked) and turns reminders on if given. */
  async enable(): Promise<NotificationPermission | 'unsupported'> {
    const { notifications, storage, storageKey } = this.#options;
    if (notifications.permission() === 'unsupported') return 'unsupported';
    const answer =
      notifications.permission() === 'granted' ? 'granted' : await notifications.request();
    if (answer === 'granted') {
      storage.setItem(storageKey, 'on');
      this.schedule(this.#meetings);
    }
    return answer;
  }

  disable(): void {
    this.#options.storage.removeItem(this.#options.storageKey);
    this.#timers?.end();
    this.#timers = undefined;
  }

  /** Sets one timer per attended meeting's next occurrence, replacing earlier timers. */
  schedule(meetings: readonly CalendarMeeting[]): void {
    this.#meetings = meetings;
    this.#timers?.end();
    this.#timers = undefined;
    if (!this.enabled) return;
    const timers = this.#options.scope.child();
    this.#timers = timers;
    const now = this.#options.clock.now();
    for (const meeting of meetings) {
      if (!meeting.attending || meeting.state === 'ended' || meeting.state === 'cancelled') {
        continue;
      }
      // The first occurrence that has not started (one in progress is past reminding).
      const next = meetingOccurrences(meeting, { from: now, max: 2 }).find((o) => o.start > now);
      if (!next) continue;
      const at = next.start - this.#leadMs;
      const remind = () => this.#remind(meeting, next.start);
      if (at <= now) remind();
      else if (at - now <= MAX_TIMER_MS) timers.setTimeout(remind, at - now);
      else timers.setTimeout(() => this.schedule(this.#meetings), MAX_TIMER_MS);
    }
  }

  #remind(meeting: CalendarMeeting, start: number): void {
    const tag = `${meeting.communityId}:${meeting.id}:${start}`;
    if (this.#shown.has(tag) || !this.enabled) return;
    this.#shown.add(tag);
    const minutes = Math.max(1, Math.round((start - this.#options.clock.now()) / 60_000));
    this.#options.notifications.show(meeting.title, {
      body: `Starts in ${minutes} minute${minutes === 1 ? '' : 's'}. Open the calendar to join.`,
      tag,
    });
    // After this occurrence, the next one of a series gets its own reminder.
    this.#timers?.setTimeout(
      () => this.schedule(this.#meetings),
      start - this.#options.clock.now() + 1_000,
    );
  }
}
