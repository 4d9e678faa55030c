import type { Scope } from '../core/Scope.ts';

/** The part of `BroadcastChannel` a claim needs (every tab of the origin hears the others). */
export interface ClaimChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** What a tab says when it takes an account's call (and chat) for itself. */
interface ClaimMessage {
  kind: 'claim';
  account: string;
  tab: string;
  at: number;
}

/** Whether claim `a` came after `b`: later first, then the tab id breaks a tie. */
function isLater(a: { at: number; tab: string }, b: { at: number; tab: string }): boolean {
  return a.at !== b.at ? a.at > b.at : a.tab > b.tab;
}

function isClaim(data: unknown): data is ClaimMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Partial<ClaimMessage>;
  return (
    message.kind === 'claim' &&
    typeof message.account === 'string' &&
    typeof message.tab === 'string' &&
    typeof message.at === 'number'
  );
}

/**
 * One tab at a time speaks for an account in this browser: the tab that joined a room last
 * holds the call (and the chat client), the others let go. Tabs tell each other over a
 * `BroadcastChannel`; two claims at the same moment are ordered by time, then tab id, the same
 * way in every tab, so exactly one keeps the account.
 *
 * @example
 * const tabs = new TabClaim(new BroadcastChannel('community-chats:tabs'), crypto.randomUUID());
 * tabs.claim(address, () => leaveCall('You joined from another tab'), roomScope);
 */
export class TabClaim {
  readonly #channel: ClaimChannel;
  readonly #tab: string;
  readonly #now: () => number;

  constructor(channel: ClaimChannel, tab: string, now: () => number = Date.now) {
    this.#channel = channel;
    this.#tab = tab;
    this.#now = now;
  }

  /**
   * Takes `account` for this tab and tells the others; `onLost` runs once if another tab
   * claims it later, while `scope` lasts.
   */
  claim(account: string, onLost: () => void, scope: Scope): void {
    const mine: ClaimMessage = {
      kind: 'claim',
      account: account.toLowerCase(),
      tab: this.#tab,
      at: this.#now(),
    };
    this.#listen(
      mine.account,
      (other) => {
        if (!isLater(other, mine) || scope.ended) return;
        scope.end();
        onLost();
      },
      scope,
    );
    this.#channel.postMessage(mine);
  }

  /** Calls `listener` whenever another tab claims `account`, until `scope` ends. */
  watch(account: string, listener: () => void, scope: Scope): void {
    this.#listen(account.toLowerCase(), listener, scope);
  }

  #listen(account: string, listener: (claim: ClaimMessage) => void, scope: Scope): void {
    const onMessage = (event: MessageEvent) => {
      const data: unknown = event.data;
      if (isClaim(data) && data.account === account && data.tab !== this.#tab) listener(data);
    };
    this.#channel.addEventListener('message', onMessage);
    scope.add(() => this.#channel.removeEventListener('message', onMessage));
  }
}
