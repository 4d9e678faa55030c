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
 * Serves one stream: each topic's records after its cursor, then every later one, in id
 * order per topic and never twice. Records are read from the store rather than queued:
 * while the reader is behind, the stream waits for it and then carries on from the last id
 * sent. So a backlog (a client back after a node restart, a batch published at once) goes
 * out at the reader's pace without ending the stream; ending it would only make the client
 * re-subscribe from the same cursor and meet the same backlog again, in a loop.
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
  // Per topic, the highest id sent so far (a topic named twice starts at its lower cursor).
  const topics = new Map<string, { key: Uint8Array; sentId: number }>();
  for (const filter of filters) {
    const hex = hexKey(filter.key);
    const cursor = Number(fromLong(filter.cursor));
    const known = topics.get(hex);
    if (known === undefined || cursor < known.sentId) {
      topics.set(hex, { key: filter.key, sentId: cursor });
    }
  }
  // Topics that may have records not sent yet: all of them at first (the replay), then
  // each one a record is published on.
  const pending = new Set(topics.values());
  let pumping = false;
  // Runs synchronously while the reader keeps up, so a live record goes out at once.
  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      for (const topic of pending) {
        pending.delete(topic);
        const history = records(topic.key);
        for (let i = firstAbove(history, topic.sentId); i < history.length; i += 1) {
          if (sink.closed.aborted) return;
          const record = history[i] as T;
          topic.sentId = record.id;
          if (!sink.send(encode(record))) {
            // Back in line behind the other topics; read again from its last id after the wait.
            pending.add(topic);
            await sink.drained();
            break;
          }
        }
      }
    } finally {
      pumping = false;
    }
  };
  const run = (): void => {
    pump().catch((error: unknown) => {
      console.error('xmtp-node: stream failed', error);
      sink.end(GrpcStatus.INTERNAL, 'stream failed');
    });
  };
  const subscriptions = [...topics].map(([hex, topic]) =>
    hub.subscribe([hex], () => {
      pending.add(topic);
      run();
    }),
  );
  sink.closed.addEventListener('abort', () => {
    for (const subscription of subscriptions) subscription.close();
  });
  run();
}
