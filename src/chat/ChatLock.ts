import type { Scope } from '../core/Scope.ts';

/** One chat client per browser: the XMTP database cannot be opened by two tabs at once. */
export interface ChatLock {
  /** Takes the lock if free, holding it until `scope` ends; false if another tab has it. */
  tryAcquire(scope: Scope): Promise<boolean>;
  /** Resolves once this tab holds the lock (after the other tab closed); held until `scope` ends. */
  waitFor(scope: Scope): Promise<void>;
}

/**
 * The lock over the Web Locks API, shared by every tab of this origin. Where the API is
 * missing (old browsers, Node) every caller gets it: there is nothing to coordinate with.
 *
 * @example
 * const lock = new WebChatLock(navigator.locks, 'community-chats:xmtp');
 * if (!(await lock.tryAcquire(scope))) showOtherTabNotice();
 */
export class WebChatLock implements ChatLock {
  readonly #locks: LockManager | undefined;
  readonly #name: string;

  constructor(locks: LockManager | undefined, name: string) {
    this.#locks = locks;
    this.#name = name;
  }

  tryAcquire(scope: Scope): Promise<boolean> {
    return this.#request(scope, true);
  }

  async waitFor(scope: Scope): Promise<void> {
    await this.#request(scope, false);
  }

  #request(scope: Scope, ifAvailable: boolean): Promise<boolean> {
    const locks = this.#locks;
    if (locks === undefined) return Promise.resolve(true);
    return new Promise<boolean>((resolve, reject) => {
      const released = new Promise<void>((release) => scope.add(release));
      // The API refuses `signal` together with `ifAvailable`.
      const options: LockOptions = ifAvailable ? { ifAvailable } : { signal: scope.signal };
      locks
        .request(this.#name, options, (lock) => {
          resolve(lock !== null);
          // Held until the scope ends; returning at once releases it.
          return lock === null ? undefined : released;
        })
        .catch((error: unknown) => {
          if (!scope.ended) reject(error);
        });
    });
  }
}
