import type { Scope } from './Scope.ts';

type Listener<T> = (payload: T) => void;

/**
 * A typed event emitter: `Events` maps each event name to its payload type.
 *
 * @example
 * type RosterEvents = { joined: { address: string } };
 * const events = new Emitter<RosterEvents>();
 * events.on('joined', ({ address }) => show(address), scope);
 */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Subscribes; the listener is removed when `scope` ends, or by the returned function. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>, scope?: Scope): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    const off = () => {
      set.delete(listener as Listener<never>);
    };
    scope?.add(off);
    return off;
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) (listener as Listener<Events[K]>)(payload);
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.size ?? 0;
  }
}
