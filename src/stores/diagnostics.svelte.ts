import type { Scope } from '../core/Scope.ts';
import type { Graph, RelayStatus } from '../graph/types.ts';
import type { DropCounters, DropCounts } from '../signaling/dropCounters.ts';
import type { CallRouteStore } from './callRoute.svelte.ts';

/** How often relays' last-message ages are read again (they change with every message). */
const RELAY_POLL_MS = 1_000;

/** Relay states and what the room's receivers dropped, by reason, for the diagnostics panel. */
export class DiagnosticsStore {
  relays = $state.raw<readonly RelayStatus[]>([]);
  drops = $state.raw<DropCounts>({} as DropCounts);
  /** TURN credentials and privacy mode of the room's calls, when the room has them. */
  readonly route: CallRouteStore | undefined;

  constructor(counters: DropCounters, graph: Graph, scope: Scope, route?: CallRouteStore) {
    this.route = route;
    this.relays = graph.relays();
    this.drops = counters.counts();
    counters.on('dropped', () => (this.drops = counters.counts()), scope);
    graph.onRelay(() => (this.relays = graph.relays()), scope);
    scope.setInterval(() => (this.relays = graph.relays()), RELAY_POLL_MS);
  }

  /** Relays up right now; the room works while at least one is. */
  get relaysUp(): number {
    return this.relays.filter((relay) => relay.state === 'up').length;
  }
}
