/** Rates of a {@link ConnectionBudget}. */
export interface ConnectionRates {
  /** Frames per second, and how many at once. */
  framesPerSecond: number;
  frameBurst: number;
  /** Bytes per second, and how many at once. */
  bytesPerSecond: number;
  byteBurst: number;
  /** Refusing without a quiet second for this long closes the connection. */
  closeAfterMs: number;
}

/** What {@link ConnectionBudget.take} decided about one frame. */
export type BudgetVerdict = 'ok' | 'refused' | 'close';

/**
 * Two token buckets (frames and bytes) for one connection to the relay, plus how long it has
 * been over them: a burst past the rate is dropped; a connection that keeps flooding is closed.
 *
 * @example
 * const budget = new ConnectionBudget(rates);
 * if (budget.take(frame.length, Date.now()) !== 'ok') drop(frame);
 */
export class ConnectionBudget {
  readonly #rates: ConnectionRates;
  #frames: number;
  #bytes: number;
  #at: number | undefined;
  /** When the current run of refusals began, and when it last refused. */
  #refusingSince = 0;
  #refusedAt = Number.NEGATIVE_INFINITY;

  constructor(rates: ConnectionRates) {
    this.#rates = rates;
    this.#frames = rates.frameBurst;
    this.#bytes = rates.byteBurst;
  }

  /** Spends one frame of `bytes` at time `now`. */
  take(bytes: number, now: number): BudgetVerdict {
    const seconds = this.#at === undefined ? 0 : Math.max(0, now - this.#at) / 1_000;
    this.#at = now;
    const rates = this.#rates;
    this.#frames = Math.min(rates.frameBurst, this.#frames + seconds * rates.framesPerSecond);
    this.#bytes = Math.min(rates.byteBurst, this.#bytes + seconds * rates.bytesPerSecond);
    if (this.#frames >= 1 && this.#bytes >= bytes) {
      this.#frames -= 1;
      this.#bytes -= bytes;
      return 'ok';
    }
    if (now - this.#refusedAt > 1_000) this.#refusingSince = now;
    this.#refusedAt = now;
    return now - this.#refusingSince >= rates.closeAfterMs ? 'close' : 'refused';
  }
}
