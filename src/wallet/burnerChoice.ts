import { BURNER_ACCOUNTS } from './burnerConnector.ts';

/** The part of the Web Storage API the burner choice needs; `localStorage` is one. */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>;

const BURNER_KEY = 'community-chats:burner-account';

/**
 * The dev account connected last, from the first storage that remembers one: the tab's
 * (`sessionStorage`: a reload mid-call keeps that tab's person, in a demo with one person per
 * tab), then the browser's (`localStorage`: a new tab, such as the admin console's, comes back
 * as the one chosen last). Null when none is remembered.
 *
 * @example
 * const index = rememberedBurner(sessionStorage, localStorage) ?? 0;
 */
export function rememberedBurner(...storages: readonly ChoiceStorage[]): number | null {
  for (const storage of storages) {
    const stored = storage.getItem(BURNER_KEY);
    if (stored === null) continue;
    const index = Number(stored);
    if (stored !== '' && Number.isInteger(index) && index >= 0 && index < BURNER_ACCOUNTS) {
      return index;
    }
  }
  return null;
}

/**
 * Remembers the dev account just connected in each storage given (see `rememberedBurner`).
 *
 * @example
 * rememberBurner(1, sessionStorage, localStorage);
 */
export function rememberBurner(index: number, ...storages: readonly ChoiceStorage[]): void {
  for (const storage of storages) storage.setItem(BURNER_KEY, String(index));
}
