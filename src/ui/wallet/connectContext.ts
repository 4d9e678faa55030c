import type { Route } from '../../stores/route.svelte.ts';
import { BURNER_ACCOUNTS } from '../../wallet/burnerConnector.ts';

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

/** The part of the Web Storage API the burner choice needs; `sessionStorage` is one. */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>;

const BURNER_KEY = 'community-chats:burner-account';

/**
 * The dev account this tab used last, so a reload mid-call offers the same one again rather
 * than #0 (someone else, in a demo). 0 when none is remembered.
 *
 * @example
 * let burnerIndex = $state(rememberedBurner(sessionStorage));
 */
export function rememberedBurner(storage: ChoiceStorage): number {
  const index = Number(storage.getItem(BURNER_KEY));
  return Number.isInteger(index) && index >= 0 && index < BURNER_ACCOUNTS ? index : 0;
}

/**
 * Remembers the dev account this tab connected with (see `rememberedBurner`).
 *
 * @example
 * rememberBurner(sessionStorage, 1);
 */
export function rememberBurner(storage: ChoiceStorage, index: number): void {
  storage.setItem(BURNER_KEY, String(index));
}
