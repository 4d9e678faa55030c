import { AppError } from '../core/errors.ts';
import type { SessionStore, StoredSession } from './SessionStore.ts';

/**
 * Where the browser keeps sessions: one object store in a database of its own (Gun's radisk
 * opens `community-chats` at version 1 with its own store; sharing that name left whichever
 * opened second without its store).
 */
export const SESSION_DATABASE = {
  name: 'community-chats-sessions',
  version: 1,
  store: 'sessions',
} as const;

/**
 * A {@link SessionStore} in IndexedDB. IndexedDB keeps CryptoKeys by structured clone, so a
 * non-extractable key is stored as a handle the browser can use but no script can read out,
 * unlike `localStorage`, which only holds text.
 *
 * @example
 * const store = new IndexedDbSessionStore(indexedDB);
 * await store.put(id, { keys, certificate });
 */
export class IndexedDbSessionStore implements SessionStore {
  readonly #factory: IDBFactory;
  #database: Promise<IDBDatabase> | undefined;

  constructor(factory: IDBFactory) {
    this.#factory = factory;
  }

  async get(id: string): Promise<unknown> {
    return this.#run('readonly', (store) => store.get(id));
  }

  async put(id: string, session: StoredSession): Promise<void> {
    await this.#run('readwrite', (store) => store.put(session, id));
  }

  async delete(id: string): Promise<void> {
    await this.#run('readwrite', (store) => store.delete(id));
  }

  async #run(
    mode: IDBTransactionMode,
    operation: (store: IDBObjectStore) => IDBRequest,
  ): Promise<unknown> {
    const database = await this.#open();
    try {
      const transaction = database.transaction(SESSION_DATABASE.store, mode);
      // A write counts once it is committed, not when its request succeeds.
      const [result] = await Promise.all([
        settled(operation(transaction.objectStore(SESSION_DATABASE.store))),
        committed(transaction),
      ]);
      return result;
    } catch (error) {
      throw AppError.internal('The session store (IndexedDB) failed', error);
    }
  }

  #open(): Promise<IDBDatabase> {
    this.#database ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = this.#factory.open(SESSION_DATABASE.name, SESSION_DATABASE.version);
      request.onupgradeneeded = () => request.result.createObjectStore(SESSION_DATABASE.store);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('the session database is blocked by another tab'));
    }).catch((error: unknown) => {
      // Let the next call try again (another tab may have closed meanwhile).
      this.#database = undefined;
      throw AppError.internal('The session store (IndexedDB) could not be opened', error);
    });
    return this.#database;
  }
}

function settled(request: IDBRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}
