import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import { Emitter } from '../core/emitter.ts';
import { Scope } from '../core/scope.ts';
import type { GunEvent, GunMessage, GunRoot, GunRootOptions } from './gunRoot.ts';
import type { FieldListener, Graph, GraphEvents, RelayState, RelayStatus } from './types.ts';

/** Collaborators of a {@link GunGraph}. */
export interface GunGraphOptions {
  /** A Gun instance made with `gunClientOptions(relays)` (see `createBrowserGraph`). */
  gun: GunRoot;
  /** The relay URLs given to that instance, in config order. */
  relays: readonly string[];
  clock?: Clock;
  /** How often a relay that is down is dialled again. Default 3 s. */
  redialMs?: number;
}

/**
 * {@link Graph} over one Gun instance connected to any number of relays. Writes go to every
 * connected relay, so the graph keeps working while at least one of them is up.
 *
 * @example
 * const graph = new GunGraph({ gun, relays: config.gun.relays });
 * graph.watch('app/42161/0xabc/7/rooms/main/beats', (field, value) => handle(field, value), scope);
 */
export class GunGraph implements Graph {
  readonly #gun: GunRoot;
  readonly #clock: Clock;
  readonly #events = new Emitter<GraphEvents>();
  readonly #status = new Map<string, RelayStatus>();
  readonly #scope = new Scope();
  #closed = false;

  constructor(options: GunGraphOptions) {
    this.#gun = options.gun;
    this.#clock = options.clock ?? systemClock;
    for (const url of options.relays) {
      this.#status.set(url, { url, state: 'connecting', since: this.#clock.now() });
    }
    const graph = this;
    this.#gun.on('hi', function (peer) {
      this.to.next(peer);
      if (peer.url) graph.#setState(peer.url, 'up');
    });
    this.#gun.on('bye', function (peer) {
      this.to.next(peer);
      if (peer.url) graph.#setState(peer.url, 'down');
    });
    const gunOptions = this.#gun.back('opt');
    this.#gun.on('in', function (message) {
      if (onlyFrom(message, gunOptions)) message.nts = 1;
      this.to.next(message);
    });
    this.#scope.setInterval(() => this.#redial(), options.redialMs ?? 3_000);
  }

  put(key: string, field: string, value: string | null): void {
    if (this.#closed) return;
    this.#gun.get(key).put({ [field]: value });
  }

  watch(key: string, listener: FieldListener, scope: Scope): void {
    if (this.#closed || scope.ended) return;
    const last = new Map<string, unknown>();
    let gunEvent: GunEvent | undefined;
    let stopped = false;
    this.#gun.get(key).on((node, _key, _message, event) => {
      gunEvent = event;
      if (stopped) {
        event.off();
        return;
      }
      if (typeof node !== 'object' || node === null) return;
      for (const [field, value] of Object.entries(node)) {
        // Objects (Gun links someone wrote) compare by content, or each echo would count again.
        const seen = typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
        if (field === '_' || last.get(field) === seen) continue;
        last.set(field, seen);
        listener(field, value);
      }
    });
    scope.add(() => {
      stopped = true;
      gunEvent?.off();
    });
  }

  relays(): readonly RelayStatus[] {
    return [...this.#status.values()];
  }

  onRelay(listener: (status: RelayStatus) => void, scope: Scope): void {
    this.#events.on('relay', listener, scope);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#scope.end();
    const peers = this.#gun.back('opt').peers;
    for (const [id, peer] of Object.entries(peers)) {
      // Removing the peer first stops Gun's reconnect loop.
      delete peers[id];
      peer.wire?.close();
    }
    for (const url of this.#status.keys()) this.#setState(url, 'down');
  }

  /**
   * Gun retries a lost relay once and gives up if it is still down (its `bye` handler drops
   * the peer its retry looks for), so relays that are down and not being dialled are dialled
   * again here until they answer.
   */
  #redial(): void {
    const options = this.#gun.back('opt');
    const now = this.#clock.now();
    for (const status of this.#status.values()) {
      if (status.state === 'up' || options.peers[status.url] || now - status.since < 2_500)
        continue;
      options.mesh?.hi({ url: status.url, id: status.url });
    }
  }

  #setState(url: string, state: RelayState): void {
    const current = this.#status.get(url);
    if (!current || current.state === state) return;
    const next = { url, state, since: this.#clock.now() };
    this.#status.set(url, next);
    this.#events.emit('relay', next);
  }
}

/**
 * Whether `message` came from our only peer: after handling a message it heard, Gun hands it to
 * `out`, which serialises it for every peer and then skips the one it came from. A client
 * with one relay would serialise every answer for nobody (~5% of a member's CPU in a room of
 * 50); with more relays it still passes messages on between them.
 */
function onlyFrom(message: GunMessage, options: GunRootOptions): boolean {
  const via = message._?.via;
  if (!via) return false;
  for (const id in options.peers) if (options.peers[id] !== via) return false;
  return true;
}
