import type { Scope } from '../core/Scope.ts';

/** Options of a {@link ReorderBuffer}. */
export interface ReorderBufferOptions<T> {
  /** How long a gap is waited for before it is given up. */
  waitMs: number;
  /** Most items held per stream; one more gives the oldest gap up at once. */
  capacity: number;
  /** Receives each stream's items in sequence order. */
  deliver: (stream: string, item: T) => void;
  /** Timers end with it. */
  scope: Scope;
}

interface Held<T> {
  prev: number | undefined;
  item: T;
}

interface StreamState<T> {
  /** Sequence of the last item delivered. */
  last: number | undefined;
  held: Map<number, Held<T>>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Puts a sender's items back in its order. Each item names its sequence and the sequence of
 * the sender's item before it (`prev`, none for the first after a (re)start); an item is
 * delivered once the one it follows was, or it starts the stream. A missing item is waited
 * for `waitMs`, then given up: what is held is delivered in order and the missing one, should
 * it still come, is refused as late.
 *
 * @example
 * const buffer = new ReorderBuffer({ waitMs: 500, capacity: 32, deliver: apply, scope });
 * if (!buffer.push(sender, envelope.seq, batch.prev, batch)) counters.count('sequence-regressed');
 */
export class ReorderBuffer<T> {
  readonly #options: ReorderBufferOptions<T>;
  readonly #streams = new Map<string, StreamState<T>>();

  constructor(options: ReorderBufferOptions<T>) {
    this.#options = options;
    options.scope.add(() => {
      for (const state of this.#streams.values()) clearTimeout(state.timer);
      this.#streams.clear();
    });
  }

  /**
   * Takes an item; false (and nothing kept) when it is not after what was delivered already:
   * a gap given up, or a repeat.
   */
  push(stream: string, seq: number, prev: number | undefined, item: T): boolean {
    if (this.#options.scope.ended) return false;
    let state = this.#streams.get(stream);
    if (!state) {
      state = { last: undefined, held: new Map(), timer: undefined };
      this.#streams.set(stream, state);
    }
    if (state.last !== undefined && seq <= state.last) return false;
    state.held.set(seq, { prev, item });
    this.#drain(stream, state);
    while (state.held.size > this.#options.capacity) this.#giveUpGap(stream, state);
    this.#arm(stream, state);
    return true;
  }

  /** Forgets a stream (its sender left), dropping what is held. */
  forget(stream: string): void {
    clearTimeout(this.#streams.get(stream)?.timer);
    this.#streams.delete(stream);
  }

  /** Delivers every held item that follows the last delivered one, in order. */
  #drain(stream: string, state: StreamState<T>): void {
    for (;;) {
      const next = this.#ready(state);
      if (next === undefined) return;
      this.#deliver(stream, state, next);
    }
  }

  /** The lowest held item that starts the stream or follows the last delivered. */
  #ready(state: StreamState<T>): number | undefined {
    let found: number | undefined;
    for (const [seq, held] of state.held) {
      const follows = held.prev === undefined || held.prev === state.last;
      if (follows && (found === undefined || seq < found)) found = seq;
    }
    return found;
  }

  #deliver(stream: string, state: StreamState<T>, seq: number): void {
    const held = state.held.get(seq);
    state.held.delete(seq);
    state.last = seq;
    // Held items at or below a fresh start belong to the sender's previous run: too late now.
    for (const older of state.held.keys()) if (older <= seq) state.held.delete(older);
    if (held) this.#options.deliver(stream, held.item);
  }

  /** Gives up the gap before the lowest held item: delivers it and what follows it. */
  #giveUpGap(stream: string, state: StreamState<T>): void {
    const lowest = Math.min(...state.held.keys());
    this.#deliver(stream, state, lowest);
    this.#drain(stream, state);
  }

  /** Waits for a gap while something is held; nothing held, no timer. */
  #arm(stream: string, state: StreamState<T>): void {
    if (state.held.size === 0) {
      clearTimeout(state.timer);
      state.timer = undefined;
      return;
    }
    if (state.timer !== undefined) return;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (state.held.size > 0) this.#giveUpGap(stream, state);
      this.#arm(stream, state);
    }, this.#options.waitMs);
  }
}
