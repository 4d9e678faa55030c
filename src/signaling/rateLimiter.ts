/**
 * A token bucket per key: `burst` envelopes at once, refilled at `perSecond`. Bounded in
 * keys; the least recently used key is forgotten first.
 *
 * @example
 * const limiter = new RateLimiter({ burst: 40, perSecond: 20 });
 * if (!limiter.take(envelope.from, now)) drop('rate-limited');
 */
export class RateLimiter {
  readonly #burst: number;
  readonly #perMs: number;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: { burst: number; perSecond: number; maxKeys?: number }) {
    this.#burst = options.burst;
    this.#perMs = options.perSecond / 1000;
    this.#maxKeys = options.maxKeys ?? 5_000;
  }

  /** Takes one token for `key` at time `now`; false when the bucket is empty. */
  take(key: string, now: number): boolean {
    const bucket = this.#buckets.get(key);
    let tokens = this.#burst;
    if (bucket) {
      this.#buckets.delete(key);
      tokens = Math.min(this.#burst, bucket.tokens + Math.max(0, now - bucket.at) * this.#perMs);
    } else if (this.#buckets.size >= this.#maxKeys) {
      const oldest = this.#buckets.keys().next();
      if (!oldest.done) this.#buckets.delete(oldest.value);
    }
    const allowed = tokens >= 1;
    this.#buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    return allowed;
  }
}
