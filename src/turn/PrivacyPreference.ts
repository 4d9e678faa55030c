/** The part of `Storage` the preference uses (localStorage in the app). */
export type PreferenceStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * A member's own choice of privacy mode, kept in this browser: on or off once chosen, else
 * the community's default. Storage that throws (private windows, quota) keeps the default.
 *
 * @example
 * const privacy = new PrivacyPreference(localStorage, 'community-chats:privacy-mode', false);
 * privacy.set(true);
 * privacy.get(); // true, here and after a reload
 */
export class PrivacyPreference {
  readonly #storage: PreferenceStorage;
  readonly #key: string;
  readonly #fallback: boolean;

  constructor(storage: PreferenceStorage, key: string, fallback: boolean) {
    this.#storage = storage;
    this.#key = key;
    this.#fallback = fallback;
  }

  get(): boolean {
    let stored: string | null = null;
    try {
      stored = this.#storage.getItem(this.#key);
    } catch {
      // Storage refused: the community's default applies.
    }
    return stored === 'on' ? true : stored === 'off' ? false : this.#fallback;
  }

  set(on: boolean): void {
    try {
      this.#storage.setItem(this.#key, on ? 'on' : 'off');
    } catch {
      // Not kept past this page; `get` answers the default after a reload.
    }
  }
}
