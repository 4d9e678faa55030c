import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import { Scope } from '../core/Scope.ts';
import { guardHear } from './guardHear.ts';
import type {
  GunEvent,
  GunFieldPut,
  GunMessage,
  GunPeer,
  GunRoot,
  GunRootOptions,
  GunWireNode,
} from './gunRoot.ts';
import { defaultNodeLimits, NodeBound, type NodeLimits } from './NodeBound.ts';
import type {
  FieldListener,
  Graph,
  GraphDropReason,
  GraphEvents,
  RelayState,
  RelayStatus,
  WatchOptions,
} from './types.ts';

/** Collaborators of a {@link GunGraph}. */
export interface GunGraphOptions {
  /** A Gun instance made with `gunClientOptions(relays)` (see `createBrowserGraph`). */
  gun: GunRoot;
  /** The relays given to that instance, in config order. */
  relays: readonly string[];
  clock?: Clock;
  /** How often a relay that is down is dialled again. Default 3 s. */
  redialMs?: number;
  /** Bounds of each watched node. Default {@link defaultNodeLimits}. */
  nodeLimits?: Partial<NodeLimits>;
  /**
   * A longer frame from a relay is dropped before Gun parses it. Default 1 MiB: relays send a
   * node in messages of 9 fields (at most 16 KiB each) batched into frames of ~10 KB.
   */
  maxFrameChars?: number;
}

/** Counts of what a {@link GunGraph} dropped before reading it, for diagnostics. */
export interface GraphDrops {
  /** Frames over `maxFrameChars`, dropped unparsed. */
  oversizeFrames: number;
  /** Fields dropped from watched nodes, by reason. */
  fields: Readonly<Record<GraphDropReason, number>>;
}

interface Watcher {
  listener: FieldListener;
  options: WatchOptions;
}

/** One watched node: its listeners and its bound. */
interface WatchedNode {
  watchers: Set<Watcher>;
  bound: NodeBound;
  event: GunEvent | undefined;
}

/**
 * {@link Graph} over one Gun instance connected to any number of relays. Writes go to every
 * connected relay, so the graph keeps working while at least one of them is up.
 *
 * Reading costs in proportion to what changed: each frame a relay sends is bounded before Gun
 * parses it; each parsed message is screened field by field before Gun reads it (nodes nobody
 * watches are dropped, so Gun's graph cache holds only watched nodes; each watched node keeps
 * its {@link NodeBound}); listeners get the fields Gun accepted, one by one, never the node.
 *
 * @example
 * const graph = new GunGraph({ gun, relays: config.gun.relays });
 * graph.watch('app/42161/0xabc/7/rooms/main/beats', (field, value) => handle(field, value), scope);
 */
export class GunGraph implements Graph {
  readonly #gun: GunRoot;
  readonly #clock: Clock;
  readonly #limits: NodeLimits;
  readonly #events = new Emitter<GraphEvents>();
  readonly #status = new Map<string, RelayStatus>();
  /** When each relay last sent a message; read with the states, never an event per message. */
  readonly #lastMessageAt = new Map<string, number>();
  readonly #scope = new Scope();
  readonly #nodes = new Map<string, WatchedNode>();
  /** Relays added by {@link addRelays}: how many scopes still want each, and its first dial. */
  readonly #added = new Map<string, { users: number; peer: GunPeer }>();
  readonly #drops = {
    oversizeFrames: 0,
    fields: { oversize: 0, stale: 0, 'node-full': 0 } as Record<GraphDropReason, number>,
  };
  /** Fields Gun accepted, delivered in a microtask (never inside Gun's own put loop). */
  #pending: GunFieldPut[] = [];
  #closed = false;

  constructor(options: GunGraphOptions) {
    this.#gun = options.gun;
    this.#clock = options.clock ?? systemClock;
    this.#limits = { ...defaultNodeLimits, ...options.nodeLimits };
    for (const url of options.relays) {
      this.#status.set(url, { url, state: 'connecting', since: this.#clock.now() });
    }
    const graph = this;
    this.#gun.on('hi', function (peer) {
      this.to.next(peer);
      if (!peer.url) return;
      // A dial still under way when its relay was let go (see addRelays) is hung up.
      if (graph.#status.has(peer.url)) graph.#setState(peer.url, 'up');
      else graph.#hangUp(peer.url);
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
    this.#gun.on('put', function (message) {
      this.to.next(message);
      graph.#accepted(message.put);
    });
    if (gunOptions.mesh) {
      guardHear(gunOptions.mesh, {
        maxFrameChars: options.maxFrameChars ?? 1_048_576,
        onOversizeFrame: () => {
          this.#drops.oversizeFrames += 1;
        },
        message: (message, peer) => {
          if (peer.url) this.#lastMessageAt.set(peer.url, this.#clock.now());
          return this.#screen(message);
        },
      });
    }
    this.#scope.setInterval(() => this.#redial(), options.redialMs ?? 3_000);
  }

  put(key: string, field: string, value: string | null): void {
    if (this.#closed) return;
    this.#gun.get(key).put({ [field]: value });
  }

  watch(key: string, listener: FieldListener, scope: Scope, options: WatchOptions = {}): void {
    if (this.#closed || scope.ended) return;
    const watcher: Watcher = { listener, options };
    let node = this.#nodes.get(key);
    if (!node) {
      node = this.#watchNode(key);
      this.#nodes.set(key, node);
    }
    node.watchers.add(watcher);
    const watched = node;
    scope.add(() => {
      watched.watchers.delete(watcher);
      if (watched.watchers.size > 0 || this.#nodes.get(key) !== watched) return;
      this.#nodes.delete(key);
      watched.event?.off();
    });
    // What Gun already holds of the node (another watcher's fields, own writes), once.
    const cached = this.#gun._.graph[key];
    if (cached) {
      queueMicrotask(() => {
        if (scope.ended) return;
        for (const field of Object.keys(cached)) {
          if (field !== '_' && node.bound.has(field)) listener(field, cached[field]);
        }
      });
    }
  }

  /**
   * What this graph dropped unread so far. Frames belong to no node, so they are counted here
   * rather than in a room's counters (which get each node's field drops).
   */
  drops(): GraphDrops {
    return { oversizeFrames: this.#drops.oversizeFrames, fields: { ...this.#drops.fields } };
  }

  #watchNode(key: string): WatchedNode {
    const node: WatchedNode = {
      watchers: new Set(),
      event: undefined,
      bound: new NodeBound(this.#limits, {
        keep: (field) => [...node.watchers].some((w) => w.options.keep?.(field) === true),
        forget: (field) => this.#forget(key, field),
      }),
    };
    // The subscription makes Gun ask the relays for the node and follow it; what it hands this
    // listener (the whole node) is not read: fields come one by one through `#accepted`.
    this.#gun.get(key).on((_node, _key, _message, event) => {
      node.event = event;
      if (this.#nodes.get(key) !== node) event.off();
    });
    const cached = this.#gun._.graph[key];
    if (cached) {
      for (const field of Object.keys(cached)) {
        if (field !== '_') node.bound.deliver(field, cached[field]);
      }
    }
    return node;
  }

  /**
   * Screens a message heard from a relay before Gun reads it: drops reads (`get`), the nodes
   * nobody here watches and the fields a watched node's bound refuses. False drops the whole
   * message.
   */
  #screen(message: GunMessage): boolean {
    // A relay passes every member's read on to every other member; answering it from here
    // would send this member's copy of the whole node back, once per reader (see
    // docs/decisions-gun.md, a room of 200). The relay answers from its own store.
    if (message.get !== undefined) return false;
    const put = message.put;
    if (typeof put !== 'object' || put === null) return true;
    const now = this.#clock.now();
    for (const soul of Object.keys(put)) {
      const node = this.#nodes.get(soul);
      const data = put[soul];
      if (!node || !data || !this.#screenNode(node, data, now)) delete put[soul];
    }
    if (Object.keys(put).length > 0) return true;
    // An answer to one of our gets stays an answer ("nothing"), so Gun does not wait on it.
    if (message['@'] === undefined) return false;
    delete message.put;
    return true;
  }

  /** Drops the fields of `data` that the node's bound refuses; false when none is left. */
  #screenNode(node: WatchedNode, data: GunWireNode, now: number): boolean {
    const states = data._?.['>'];
    if (typeof states !== 'object' || states === null) return false;
    let left = 0;
    for (const field of Object.keys(data)) {
      if (field === '_') continue;
      const reason = node.bound.admit(field, data[field], states[field], now);
      if (reason === undefined) {
        left += 1;
        continue;
      }
      delete data[field];
      delete states[field];
      this.#drops.fields[reason] += 1;
      for (const watcher of node.watchers) watcher.options.onDrop?.(reason);
    }
    return left > 0;
  }

  /** A field Gun accepted (heard, or written here): queued for the node's listeners. */
  #accepted(put: GunFieldPut): void {
    if (!this.#nodes.has(put['#'])) return;
    if (this.#pending.length === 0) queueMicrotask(() => this.#flush());
    this.#pending.push(put);
  }

  #flush(): void {
    const pending = this.#pending;
    this.#pending = [];
    for (const put of pending) {
      const node = this.#nodes.get(put['#']);
      if (!node?.bound.deliver(put['.'], put[':'])) continue;
      for (const watcher of [...node.watchers]) watcher.listener(put['.'], put[':']);
    }
  }

  /** Removes a field the node's bound forgot from Gun's two copies of the node. */
  #forget(soul: string, field: string): void {
    const root = this.#gun._;
    for (const copy of [root.graph[soul], root.next?.[soul]?.put]) {
      if (!copy) continue;
      delete copy[field];
      const states = copy._?.['>'];
      if (states) delete states[field];
    }
  }

  relays(): readonly RelayStatus[] {
    return [...this.#status.values()].map((status) => ({
      ...status,
      lastMessageAt: this.#lastMessageAt.get(status.url),
    }));
  }

  /**
   * Connects to `urls` too until `scope` ends (a community's own relays, for its rooms), so
   * nothing of another community's rooms is written to them afterwards. Relays the graph was
   * made with are left as they are; one added by several scopes stays until the last ends.
   */
  addRelays(urls: readonly string[], scope: Scope): void {
    if (this.#closed || scope.ended) return;
    const options = this.#gun.back('opt');
    const mine = urls.filter((url) => this.#added.has(url) || !this.#status.has(url));
    for (const url of new Set(mine)) {
      const added = this.#added.get(url);
      if (added) {
        added.users += 1;
        continue;
      }
      const peer = { url, id: url };
      this.#added.set(url, { users: 1, peer });
      this.#status.set(url, { url, state: 'connecting', since: this.#clock.now() });
      options.mesh?.hi(peer);
    }
    scope.add(() => {
      for (const url of new Set(mine)) {
        const added = this.#added.get(url);
        if (!added || --added.users > 0) continue;
        this.#added.delete(url);
        this.#status.delete(url);
        this.#hangUp(url);
        added.peer.wire?.close();
      }
    });
  }

  /** Closes the connection to a relay no longer used; removing it first stops Gun's redial. */
  #hangUp(url: string): void {
    const peers = this.#gun.back('opt').peers;
    const peer = peers[url];
    delete peers[url];
    peer?.wire?.close();
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
