/** Rates of a {@link ConnectionBudget}. */
export interface ConnectionRates {
  /** Messages per second, and how many at once (a frame may hold a batch of messages). */
  messagesPerSecond: number;
  messageBurst: number;
  /** Bytes per second, and how many at once. */
  bytesPerSecond: number;
  byteBurst: number;
  /** Refusing without a quiet second for this long closes the connection. */
  closeAfterMs: number;
}

/** What {@link ConnectionBudget} decided about one frame or message. */
export type BudgetVerdict = 'ok' | 'refused' | 'close';

/**
 * Two token buckets (bytes of frames, and messages) for one connection to the relay, plus how
 * long it has been over them: a burst past the rate is dropped; a connection that keeps
 * flooding is closed.
 *
 * @example
 * const budget = new ConnectionBudget(rates);
 * if (budget.takeBytes(frame.length, Date.now()) !== 'ok') drop(frame);
 * if (budget.takeMessage(Date.now()) !== 'ok') drop(message);
 */
export class ConnectionBudget {
  readonly #rates: ConnectionRates;
  #messages: number;
  #bytes: number;
  #at: number | undefined;
  /** When the current run of refusals began, and when it last refused. */
  #refusingSince = 0;
  #refusedAt = Number.NEGATIVE_INFINITY;

  constructor(rates: ConnectionRates) {
    this.#rates = rates;
    this.#messages = rates.messageBurst;
    this.#bytes = rates.byteBurst;
  }

  /** Spends `bytes` of a frame at time `now`, before it is parsed. */
  takeBytes(bytes: number, now: number): BudgetVerdict {
    this.#refill(now);
    if (this.#bytes < bytes) return this.#refuse(now);
    this.#bytes -= bytes;
    return 'ok';
  }

  /** Spends one parsed message at time `now`. */
  takeMessage(now: number): BudgetVerdict {
    this.#refill(now);
    if (this.#messages < 1) return this.#refuse(now);
    this.#messages -= 1;
    return 'ok';
  }

  #refill(now: number): void {
    const seconds = this.#at === undefined ? 0 : Math.max(0, now - this.#at) / 1_000;
    this.#at = now;
    const rates = this.#rates;
    this.#messages = Math.min(
      rates.messageBurst,
      this.#messages + seconds * rates.messagesPerSecond,
    );
    this.#bytes = Math.min(rates.byteBurst, this.#bytes + seconds * rates.bytesPerSecond);
  }

  #refuse(now: number): BudgetVerdict {
    if (now - this.#refusedAt > 1_000) this.#refusingSince = now;
    this.#refusedAt = now;
    return now - this.#refusingSince >= this.#rates.closeAfterMs ? 'close' : 'refused';
  }
}
