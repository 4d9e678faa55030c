/** What the host typed last time: the WHIP URL and its optional token. */
export interface BroadcastTarget {
  url: string;
  token: string;
}

/** The part of `localStorage` the settings use. */
export type TargetStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const empty: BroadcastTarget = { url: '', token: '' };
/** A stored value longer than this is not ours (the form bounds URL and token). */
const MAX_STORED_CHARS = 8_192;

/**
 * The host's broadcast target for one community, kept only in this browser's storage:
 * stream keys are secrets, so they never go on the graph or the chain.
 *
 * @example
 * const settings = new BroadcastSettings(localStorage, broadcastSettingsKey('community-chats', 1n));
 * settings.save({ url: 'https://livepeer.studio/webrtc/<key>', token: '' });
 */
export class BroadcastSettings {
  readonly #storage: TargetStorage;
  readonly #key: string;

  constructor(storage: TargetStorage, key: string) {
    this.#storage = storage;
    this.#key = key;
  }

  load(): BroadcastTarget {
    const raw = this.#storage.getItem(this.#key);
    if (raw === null || raw.length > MAX_STORED_CHARS) return empty;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value !== 'object' || value === null) return empty;
      const { url, token } = value as Record<string, unknown>;
      return {
        url: typeof url === 'string' ? url : '',
        token: typeof token === 'string' ? token : '',
      };
    } catch {
      // Written by hand or by an older version: start from an empty form.
      return empty;
    }
  }

  save(target: BroadcastTarget): void {
    this.#storage.setItem(this.#key, JSON.stringify(target));
  }

  clear(): void {
    this.#storage.removeItem(this.#key);
  }
}

/**
 * The storage key of a community's broadcast target (the app name keeps deployments apart).
 *
 * @example
 * broadcastSettingsKey('community-chats', 3n); // 'community-chats:broadcast:3'
 */
export function broadcastSettingsKey(appName: string, communityId: bigint): string {
  return `${appName}:broadcast:${communityId}`;
}
