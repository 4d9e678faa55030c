import type { Route } from '../../stores/route.svelte.ts';

/**
 * Why the connect panel is showing on a link to somewhere else: a reload, or a link someone
 * shared. Null on the home page.
 *
 * @example
 * connectReason({ name: 'room', communityId: 0n, roomId: 'lobby' });
 * // 'Connect to enter the room “lobby”.'
 */
export function connectReason(route: Route): string | null {
  switch (route.name) {
    case 'room':
      return `Connect to enter the room “${route.roomId}”.`;
    case 'community':
      return 'Connect to open this community.';
    case 'admin':
      return 'Connect to manage your communities.';
    default:
      return null;
  }
}
