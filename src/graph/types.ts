import type { Scope } from '../core/scope.ts';

/** Connection state of one relay as this client sees it. */
export type RelayState = 'connecting' | 'up' | 'down';

/** One relay from config and its current state, for the UI's relay indicator. */
export interface RelayStatus {
  url: string;
  state: RelayState;
  /** When the state last changed (ms since epoch). */
  since: number;
}

/** Events of a {@link Graph}. */
export interface GraphEvents {
  /** A relay changed state. */
  relay: RelayStatus;
}

/** Called with a field of a watched node and its value (anything: the graph is public). */
export type FieldListener = (field: string, value: unknown) => void;

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
   */
  watch(key: string, listener: FieldListener, scope: Scope): void;
  /** The configured relays and their current state. */
  relays(): readonly RelayStatus[];
  /** Subscribes to relay state changes until `scope` ends. */
  onRelay(listener: (status: RelayStatus) => void, scope: Scope): void;
  /** Disconnects from every relay; the graph cannot be used afterwards. */
  close(): void;
}
