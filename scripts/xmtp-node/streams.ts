/**
 * Server streams: live fan-out of stored records to subscribers of their topic (group ids
 * or installation keys, as hex), and the replay-then-live semantics of the XMTP streams.
 */
import { GrpcError, GrpcStatus } from './framing.ts';
import type { XmtpNodeLimits } from './limits.ts';
import { firstAbove } from './paging.ts';
import { fromLong } from './proto.ts';
import type { StreamSink } from './server.ts';
import { hexKey } from './store.ts';

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

/**
 * Replays each topic after its cursor, then forwards live records, dropping any at or
 * below the highest id already sent on that topic. Replay and subscription happen in one
 * synchronous turn, and stores publish synchronously, so no record falls in between.
 */
export function serveTopicStream<T extends { id: number }>(
  limits: Pick<XmtpNodeLimits, 'maxFiltersPerStream'>,
  sink: StreamSink,
  hub: TopicHub<T>,
  filters: { key: Uint8Array; cursor: { toString(): string } }[],
  records: (key: Uint8Array) => readonly T[],
  encode: (record: T) => Uint8Array,
): void {
  if (filters.length > limits.maxFiltersPerStream) {
    throw new GrpcError(GrpcStatus.RESOURCE_EXHAUSTED, 'too many filters in one stream');
  }
  const highWater = new Map<string, number>();
  const deliverOn = (key: string, record: T): void => {
    if ((highWater.get(key) ?? 0) >= record.id) return;
    highWater.set(key, record.id);
    sink.send(encode(record));
  };
  for (const filter of filters) {
    const key = hexKey(filter.key);
    const history = records(filter.key);
    const start = firstAbove(history, Number(fromLong(filter.cursor)));
    for (const record of history.slice(start)) deliverOn(key, record);
  }
  if (sink.closed.aborted) return;
  const keys = [...new Set(filters.map((f) => hexKey(f.key)))];
  const subscriptions = keys.map((key) => hub.subscribe([key], (record) => deliverOn(key, record)));
  sink.closed.addEventListener('abort', () => {
    for (const subscription of subscriptions) subscription.close();
  });
}
