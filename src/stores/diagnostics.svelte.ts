import type { Scope } from '../core/Scope.ts';
import type { Graph, RelayStatus } from '../graph/types.ts';
import type { DropCounters, DropCounts } from '../signaling/dropCounters.ts';

/** Relay states and what the room's receivers dropped, by reason, for the diagnostics panel. */
export class DiagnosticsStore {
  relays = $state.raw<readonly RelayStatus[]>([]);
  drops = $state.raw<DropCounts>({} as DropCounts);

  constructor(counters: DropCounters, graph: Graph, scope: Scope) {
    this.relays = graph.relays();
    this.drops = counters.counts();
    counters.on('dropped', () => (this.drops = counters.counts()), scope);
    graph.onRelay(() => (this.relays = graph.relays()), scope);
  }

  /** Relays up right now; the room works while at least one is. */
  get relaysUp(): number {
    return this.relays.filter((relay) => relay.state === 'up').length;
  }
}
