/**
 * Remembers envelope ids until they are too old to pass the timestamp check anyway, and
 * the highest sequence per sender stream. Both are bounded: members can make any number of
 * session keys, so the least recently heard streams are forgotten past `maxStreams`. That is
 * safe: a replay of a forgotten stream is still a known id or too old to pass.
 *
 * @example
 * const guard = new ReplayGuard({ maxAgeMs: 30_000 });
 * guard.seen(envelope.id); // false the first time after guard.accept(...)
 */
export class ReplayGuard {
  readonly #maxAgeMs: number;
  readonly #maxIds: number;
  readonly #maxStreams: number;
  readonly #ids = new Map<string, number>();
  readonly #sequences = new Map<string, number>();

  constructor(options: { maxAgeMs: number; maxIds?: number; maxStreams?: number }) {
    this.#maxAgeMs = options.maxAgeMs;
    this.#maxIds = options.maxIds ?? 50_000;
    this.#maxStreams = options.maxStreams ?? 10_000;
  }

  /** Whether this id was accepted before. */
  seen(id: string): boolean {
    return this.#ids.has(id);
  }

  /**
   * Whether `seq` may follow what `stream` sent so far: strictly after the highest seen when
   * `window` is 0, else not more than `window` behind it (slots read out of order).
   */
  inOrder(stream: string, seq: number, window: number): boolean {
    const highest = this.#sequences.get(stream);
    if (highest === undefined) return true;
    return window === 0 ? seq > highest : seq > highest - window;
  }

  /** Records an accepted envelope. */
  accept(id: string, ts: number, stream: string, seq: number, now: number): void {
    this.#ids.set(id, ts);
    const highest = this.#sequences.get(stream);
    // Re-inserted, so the map's order is least recently heard first.
    this.#sequences.delete(stream);
    if (this.#sequences.size >= this.#maxStreams) {
      const oldest = this.#sequences.keys().next();
      if (!oldest.done) this.#sequences.delete(oldest.value);
    }
    this.#sequences.set(stream, highest === undefined ? seq : Math.max(highest, seq));
    this.#prune(now);
  }

  /** Drops ids from the oldest on while they are expired or over the bound: amortised O(1). */
  #prune(now: number): void {
    for (const [id, ts] of this.#ids) {
      if (ts < now - this.#maxAgeMs || this.#ids.size > this.#maxIds) this.#ids.delete(id);
      else break;
    }
  }
}
