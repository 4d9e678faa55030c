import type { NotificationPort } from './MeetingReminders.ts';

/**
 * The page's Notification API behind {@link NotificationPort}.
 *
 * @example
 * const reminders = new MeetingReminders({ notifications: browserNotifications(window), ... });
 */
export function browserNotifications(target: {
  Notification?: typeof Notification;
}): NotificationPort {
  const api = target.Notification;
  return {
    permission: () => (api ? api.permission : 'unsupported'),
    request: () => (api ? api.requestPermission() : Promise.resolve('denied')),
    show: (title, options) => {
      if (api) new api(title, options);
    },
  };
}
