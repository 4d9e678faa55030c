import type { Scope } from '../core/Scope.ts';

/** Connection state of one relay as this client sees it. */
export type RelayState = 'connecting' | 'up' | 'down';

/** One relay from config and its current state, for the UI's relay indicator. */
export interface RelayStatus {
  url: string;
  state: RelayState;
  /** When the state last changed (ms since epoch). */
  since: number;
  /** When this relay last sent anything (ms since epoch); undefined if it never has. */
  lastMessageAt?: number | undefined;
}

/** Events of a {@link Graph}. */
export interface GraphEvents {
  /** A relay changed state. */
  relay: RelayStatus;
}

/** Called with a field of a watched node and its value (anything: the graph is public). */
export type FieldListener = (field: string, value: unknown) => void;

/**
 * Why the graph dropped a field (or a whole frame) before anyone read it: a value or frame
 * over its size bound, a state dated too far in the future, or a new field of a node already
 * at its bound (fields and characters). The names are drop reasons of the room's counters.
 */
export type GraphDropReason = 'oversize' | 'stale' | 'node-full';

/** How a caller follows a watched node's bound (see {@link Graph.watch}). */
export interface WatchOptions {
  /** Called for each field (or frame) of this node dropped unread. */
  onDrop?: (reason: GraphDropReason) => void;
  /**
   * Fields worth keeping when the node is full (e.g. verified members' slots; a bounded set):
   * they come in at once, and a full node makes room for a new field by forgetting the least
   * recently updated field not kept.
   */
  keep?: (field: string) => boolean;
}

/**
 * Our small view of the Gun graph: flat node keys holding string fields. Nothing read from
 * it is trusted; callers validate every value.
 */
export interface Graph {
  /** Writes `value` (or `null` to clear) at `field` of node `key`; relays get it when up. */
  put(key: string, field: string, value: string | null): void;
  /**
   * Calls `listener` for every field of node `key`, now and on each change, until `scope`
   * ends. The same value repeated for a field (an echo from a second relay) is reported once.
   * Each node is bounded: oversize values, far-future states and new fields past the node's
   * bound are dropped unread and reported to `options.onDrop`; fields already known keep
   * updating.
   */
  watch(key: string, listener: FieldListener, scope: Scope, options?: WatchOptions): void;
  /** The configured relays and their current state. */
  relays(): readonly RelayStatus[];
  /** Subscribes to relay state changes until `scope` ends. */
  onRelay(listener: (status: RelayStatus) => void, scope: Scope): void;
  /** Disconnects from every relay; the graph cannot be used afterwards. */
  close(): void;
}
