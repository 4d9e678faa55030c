import type { HearGuard } from '../../src/graph/guardHear.ts';
import type { GunMessage, GunPeer, GunWireNode } from '../../src/graph/gunRoot.ts';
import { type BudgetVerdict, ConnectionBudget, type ConnectionRates } from './ConnectionBudget.ts';

/** What the relay refuses (see {@link RelayGuard}). */
export interface RelayLimits extends ConnectionRates {
  /** A longer websocket frame is refused (and its connection closed by the ws server). */
  maxFrameBytes: number;
  /** A longer value is dropped from a write. */
  maxValueChars: number;
  /** A state (Gun's per-field timestamp) further ahead is dropped: Gun holds such writes. */
  maxFutureMs: number;
}

/**
 * Safe defaults for a public relay: our envelopes are at most 16 KiB and our frames far
 * below 1 MiB; a member sends a few messages a second (and a burst of answers when a room of
 * 50 joins at once), so 200 messages and 1 MiB per second, with bursts of 1,000 messages and
 * 8 MiB, are never reached by members and bound what one connection can make the relay hold.
 */
export const defaultRelayLimits: RelayLimits = {
  maxFrameBytes: 1_048_576,
  maxValueChars: 16_384,
  maxFutureMs: 60_000,
  messagesPerSecond: 200,
  messageBurst: 1_000,
  bytesPerSecond: 1_048_576,
  byteBurst: 8_388_608,
  closeAfterMs: 10_000,
};

/** What the relay refused since it started, as `/health` reports it. */
export interface RelayRefusals {
  /** Frames over `maxFrameBytes` and values over `maxValueChars`. */
  oversize: number;
  /** Fields with a state more than `maxFutureMs` ahead. */
  future: number;
  /** Frames and messages over a connection's rate. */
  rate: number;
  /** Connections closed for flooding past `closeAfterMs`. */
  closed: number;
}

/**
 * The relay's side of {@link HearGuard}: a rate per connection on the bytes of raw frames and
 * on parsed messages, then each write screened field by field (oversize values, far-future
 * states) before Gun stores or forwards it. Counts every refusal.
 *
 * @example
 * const guard = new RelayGuard(defaultRelayLimits, () => Date.now());
 * guardHear(gun.back('opt').mesh, guard.hearGuard());
 */
export class RelayGuard {
  readonly #limits: RelayLimits;
  readonly #now: () => number;
  readonly #budgets = new WeakMap<GunPeer, ConnectionBudget>();
  readonly #closed = new WeakSet<GunPeer>();
  readonly #refused: RelayRefusals = { oversize: 0, future: 0, rate: 0, closed: 0 };

  constructor(limits: RelayLimits, now: () => number) {
    this.#limits = limits;
    this.#now = now;
  }

  refusals(): RelayRefusals {
    return { ...this.#refused };
  }

  /** Counts a frame the ws server refused for its size (it closes that connection). */
  countOversizeFrame(): void {
    this.#refused.oversize += 1;
  }

  hearGuard(): HearGuard {
    return {
      maxFrameChars: this.#limits.maxFrameBytes,
      onOversizeFrame: () => this.countOversizeFrame(),
      frame: (peer, length) => this.#spend(peer, (budget, now) => budget.takeBytes(length, now)),
      message: (message, peer) =>
        this.#spend(peer, (budget, now) => budget.takeMessage(now)) && this.#screen(message),
    };
  }

  #spend(peer: GunPeer, take: (budget: ConnectionBudget, now: number) => BudgetVerdict): boolean {
    let budget = this.#budgets.get(peer);
    if (!budget) {
      budget = new ConnectionBudget(this.#limits);
      this.#budgets.set(peer, budget);
    }
    const verdict = take(budget, this.#now());
    if (verdict === 'ok') return true;
    this.#refused.rate += 1;
    if (verdict === 'close' && peer.wire && !this.#closed.has(peer)) {
      this.#closed.add(peer);
      this.#refused.closed += 1;
      peer.wire.close();
    }
    return false;
  }

  /** Drops refused fields from a write; false when nothing is left to store or forward. */
  #screen(message: GunMessage): boolean {
    const put = message.put;
    if (typeof put !== 'object' || put === null) return true;
    const now = this.#now();
    for (const soul of Object.keys(put)) {
      const node = put[soul];
      if (!node || !this.#screenNode(node, now)) delete put[soul];
    }
    if (Object.keys(put).length > 0) return true;
    if (message['@'] === undefined) return false;
    delete message.put;
    return true;
  }

  #screenNode(node: GunWireNode, now: number): boolean {
    const states = node._?.['>'];
    if (typeof states !== 'object' || states === null) return false;
    let left = 0;
    for (const field of Object.keys(node)) {
      if (field === '_') continue;
      const value = node[field];
      const state = states[field];
      if (typeof value === 'string' && value.length > this.#limits.maxValueChars) {
        this.#refused.oversize += 1;
      } else if (typeof state === 'number' && state > now + this.#limits.maxFutureMs) {
        this.#refused.future += 1;
      } else {
        left += 1;
        continue;
      }
      delete node[field];
      delete states[field];
    }
    return left > 0;
  }
}
