/**
 * The nonces of requests answered recently, each kept until its request would be refused
 * as stale anyway (its timestamp out of the acceptance window). Bounded:
 * past `maxEntries` the ledger refuses to admit new nonces rather than forget live ones,
 * so a flood cannot make room for a replay.
 *
 * @example
 * const ledger = new NonceLedger({ windowMs: 60_000, maxEntries: 100_000 });
 * if (!ledger.admit(request.nonce, Date.now())) refuse('REPLAYED');
 */
export class NonceLedger {
  readonly #windowMs: number;
  readonly #maxEntries: number;
  /** nonce -> until when it must be remembered, in insertion order. */
  readonly #seen = new Map<string, number>();

  constructor(options: { windowMs: number; maxEntries: number }) {
    this.#windowMs = options.windowMs;
    this.#maxEntries = options.maxEntries;
  }

  /**
   * Records `nonce` (of a request the caller found within the window) and answers true, or
   * false when it was seen already or the ledger is full of live nonces.
   */
  admit(nonce: string, now: number): boolean {
    this.#sweep(now);
    if (this.#seen.has(nonce) || this.#seen.size >= this.#maxEntries) return false;
    // A request accepted now is stamped at most one window ahead, so it turns stale at most
    // two windows from now; keeping every nonce that long keeps the map in expiry order.
    this.#seen.set(nonce, now + 2 * this.#windowMs);
    return true;
  }

  /** Forgets nonces whose requests can no longer be accepted (the oldest come first). */
  #sweep(now: number): void {
    for (const [nonce, until] of this.#seen) {
      if (until > now) return;
      this.#seen.delete(nonce);
    }
  }
}
