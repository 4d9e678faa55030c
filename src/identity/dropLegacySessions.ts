/** Where versions before IndexedDB kept sessions, private keys included, as text. */
const LEGACY_PREFIX = 'community-chats/session/';

/** The part of the Web Storage API needed to find and remove entries; `localStorage` is one. */
export type LegacySessionStorage = Pick<Storage, 'length' | 'key' | 'removeItem'>;

/**
 * Removes the sessions earlier versions kept in `localStorage` (their private keys as
 * strings, readable by any page of the origin). Their owners sign once more.
 *
 * @example
 * dropLegacySessions(localStorage); // 1 (entries removed)
 */
export function dropLegacySessions(storage: LegacySessionStorage): number {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(LEGACY_PREFIX)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
  return keys.length;
}
