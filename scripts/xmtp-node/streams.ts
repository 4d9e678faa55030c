/**
 * Live fan-out for streaming calls: each subscriber names topics (group ids or
 * installation keys, as hex) and is handed every record stored on them afterwards.
 */

/** A live subscription; `close` removes it from every topic. */
export interface Subscription {
  close(): void;
}

/** Fans records out to the subscribers of their topic. */
export class TopicHub<T> {
  readonly #subscribers = new Map<string, Set<(record: T) => void>>();

  /** Calls `deliver` for each record later published on any of `topics`. */
  subscribe(topics: readonly string[], deliver: (record: T) => void): Subscription {
    for (const topic of topics) {
      let set = this.#subscribers.get(topic);
      if (set === undefined) {
        set = new Set();
        this.#subscribers.set(topic, set);
      }
      set.add(deliver);
    }
    return {
      close: () => {
        for (const topic of topics) {
          const set = this.#subscribers.get(topic);
          set?.delete(deliver);
          if (set?.size === 0) this.#subscribers.delete(topic);
        }
      },
    };
  }

  /** Hands `record` to every subscriber of `topic`. */
  publish(topic: string, record: T): void {
    const set = this.#subscribers.get(topic);
    if (set === undefined) return;
    for (const deliver of [...set]) deliver(record);
  }

  /** Topics with at least one subscriber. */
  get topicCount(): number {
    return this.#subscribers.size;
  }
}
