import type { Address } from 'viem';
import type { Clock } from '../core/clock.ts';
import type { Scope } from '../core/Scope.ts';
import type { FieldListener, Graph, RelayStatus, WatchOptions } from '../graph/types.ts';
import type { DropReason } from '../signaling/dropCounters.ts';
import { moderationKey } from '../signaling/moderation.ts';
import { RateLimiter } from '../signaling/rateLimiter.ts';
import { beatsKey, inboxKey, inboxSender, type RoomRef } from '../signaling/roomPaths.ts';
import type { DataLink, LinkRelay } from './types.ts';

/** Limits on what one member's data channel may make us read. */
export interface DataChannelLimits {
  /** Largest message, in characters (a signed envelope plus its key and field). Default 17,408. */
  maxChars: number;
  /** Messages a link may burst. Default 60. */
  burst: number;
  /** Sustained messages per second per link. Default 20. */
  perSecond: number;
}

/** Collaborators of a {@link DataChannelGraph}. */
export interface DataChannelGraphOptions {
  /** The page's graph (Gun relays); every write still goes there first. */
  graph: Graph;
  room: RoomRef;
  /** This member's address: the fields it writes are the ones it sends. */
  self: Address;
  /** Counts what a link sent that was refused before any verification. */
  onDrop: (reason: DropReason) => void;
  clock: Clock;
  limits?: Partial<DataChannelLimits>;
}

const defaultLimits: DataChannelLimits = { maxChars: 17_408, burst: 60, perSecond: 20 };

/** Values already handed to one watcher, per field; bounded (an evicted one costs a re-check). */
const MAX_REMEMBERED_FIELDS = 256;

/** One field write as a link sends it. */
interface Write {
  key: string;
  field: string;
  value: string;
}

interface Watcher {
  listener: FieldListener;
  /** Last value delivered per field, so a write heard on both paths is read once. */
  delivered: Map<string, unknown>;
}

/**
 * The room's {@link Graph} as its roster, signaling and moderation use it, with the members'
 * WebRTC data channels as a second path beside the relays. Each write of this member's own
 * fields (its heartbeat slot, its moderation slot, its ring in a peer's inbox) goes to the
 * relays and, as the very same signed envelope, over the data channel of every connected member
 * (an inbox write only to its owner). What a link delivers reaches the same watchers as graph
 * input, so it passes the same verification (signature, certificate, membership, replay, order,
 * rate, size); before that, a link may only write the sender's own fields, and is bounded in
 * size and rate. A value heard on both paths is delivered once; the verifier's sequence check
 * keeps the newest signed state when the two paths disagree, so nothing needs merging by hand
 * when a relay returns.
 *
 * @example
 * const graph = new DataChannelGraph({ graph: pageGraph, room, self, clock: systemClock,
 *   onDrop: (reason) => counters.count(reason) });
 * const roster = new GunRoster({ graph, room, ...rest, heldWhileSilent: (a) => graph.holds(a) });
 * const meeting = new Meeting({ ...options, links: graph });
 */
export class DataChannelGraph implements Graph, LinkRelay {
  readonly #options: DataChannelGraphOptions;
  readonly #limits: DataChannelLimits;
  readonly #rate: RateLimiter;
  readonly #self: string;
  readonly #beats: string;
  readonly #moderation: string;
  readonly #ownInbox: string;
  readonly #inboxPrefix: string;
  readonly #links = new Map<string, DataLink>();
  readonly #watchers = new Map<string, Set<Watcher>>();

  constructor(options: DataChannelGraphOptions) {
    this.#options = options;
    this.#limits = { ...defaultLimits, ...options.limits };
    this.#rate = new RateLimiter({
      burst: this.#limits.burst,
      perSecond: this.#limits.perSecond,
      maxKeys: 256,
    });
    this.#self = options.self.toLowerCase();
    this.#beats = beatsKey(options.room);
    this.#moderation = moderationKey(options.room);
    this.#ownInbox = inboxKey(options.room, options.self);
    this.#inboxPrefix = `${options.room.namespace}/inbox/`;
  }

  put(key: string, field: string, value: string | null): void {
    this.#options.graph.put(key, field, value);
    // Clearing a read inbox slot concerns the relays only.
    if (value === null) return;
    const links = this.#recipients(key, field);
    if (links.length === 0) return;
    const text = JSON.stringify([key, field, value]);
    for (const link of links) link.send(text);
  }

  watch(key: string, listener: FieldListener, scope: Scope, options?: WatchOptions): void {
    if (!this.#relayed(key)) {
      this.#options.graph.watch(key, listener, scope, options);
      return;
    }
    const watcher: Watcher = { listener, delivered: new Map() };
    let watchers = this.#watchers.get(key);
    if (!watchers) {
      watchers = new Set();
      this.#watchers.set(key, watchers);
    }
    watchers.add(watcher);
    scope.add(() => {
      watchers.delete(watcher);
      if (watchers.size === 0) this.#watchers.delete(key);
    });
    this.#options.graph.watch(
      key,
      (field, value) => deliver(watcher, field, value),
      scope,
      options,
    );
  }

  relays(): readonly RelayStatus[] {
    return this.#options.graph.relays();
  }

  onRelay(listener: (status: RelayStatus) => void, scope: Scope): void {
    this.#options.graph.onRelay(listener, scope);
  }

  close(): void {
    this.#links.clear();
    this.#watchers.clear();
    this.#options.graph.close();
  }

  relaysUp(): boolean {
    return this.#options.graph.relays().some((relay) => relay.state === 'up');
  }

  /**
   * Whether a member whose heartbeats stopped is still here as far as anyone can tell: every
   * relay is down and its data channel is open (a network drop holds the channel's queue
   * until the network returns). A member that really left closes the channel.
   */
  holds(address: Address): boolean {
    return !this.relaysUp() && (this.#links.get(address.toLowerCase())?.channelOpen ?? false);
  }

  attach(remote: Address, link: DataLink, scope: Scope): void {
    const id = remote.toLowerCase();
    this.#links.set(id, link);
    scope.add(() => {
      if (this.#links.get(id) === link) this.#links.delete(id);
    });
  }

  receive(remote: Address, text: string): void {
    const reason = this.#refusal(remote.toLowerCase(), text);
    if (typeof reason === 'string') {
      this.#options.onDrop(reason);
      return;
    }
    for (const watcher of [...(this.#watchers.get(reason.key) ?? [])]) {
      deliver(watcher, reason.field, reason.value);
    }
  }

  /** The write a link sent, or why it is refused: cheapest checks first, nothing verified yet. */
  #refusal(from: string, text: string): Write | DropReason {
    if (text.length > this.#limits.maxChars) return 'oversize';
    if (!this.#rate.take(from, this.#options.clock.now())) return 'rate-limited';
    const write = parseWrite(text);
    if (!write || !this.#mayWrite(from, write.key, write.field)) return 'malformed';
    return write;
  }

  #relayed(key: string): boolean {
    return key === this.#beats || key === this.#moderation || key === this.#ownInbox;
  }

  /** Who gets this member's write over the data channels: everyone, the inbox's owner, or nobody. */
  #recipients(key: string, field: string): DataLink[] {
    if (key === this.#beats || key === this.#moderation) {
      return field === this.#self ? [...this.#links.values()] : [];
    }
    if (!key.startsWith(this.#inboxPrefix) || inboxSender(field) !== this.#self) return [];
    const owner = this.#links.get(key.slice(this.#inboxPrefix.length));
    return owner ? [owner] : [];
  }

  /** A link writes only its own member's fields: its heartbeat and moderation slots, its ring in our inbox. */
  #mayWrite(from: string, key: string, field: string): boolean {
    if (key === this.#beats || key === this.#moderation) return field === from;
    return key === this.#ownInbox && inboxSender(field) === from;
  }
}

function deliver(watcher: Watcher, field: string, value: unknown): void {
  const { delivered } = watcher;
  if (delivered.has(field) && delivered.get(field) === value) return;
  // Re-inserted, so the map's order is least recently written first.
  delivered.delete(field);
  delivered.set(field, value);
  if (delivered.size > MAX_REMEMBERED_FIELDS) {
    const oldest = delivered.keys().next();
    if (!oldest.done) delivered.delete(oldest.value);
  }
  watcher.listener(field, value);
}

/** `[key, field, value]` with three strings, or undefined. */
function parseWrite(text: string): Write | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(json) || json.length !== 3) return undefined;
  const [key, field, value] = json as unknown[];
  if (typeof key !== 'string' || typeof field !== 'string' || typeof value !== 'string') {
    return undefined;
  }
  return { key, field, value };
}
