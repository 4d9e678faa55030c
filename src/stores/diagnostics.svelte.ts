import type { Scope } from '../core/Scope.ts';
import type { GraphDrops, GunGraph } from '../graph/GunGraph.ts';
import type { RelayStatus } from '../graph/types.ts';
import type { CommunityNetworkReport } from '../network/loadCommunityNetwork.ts';
import type { DropCounters, DropCounts } from '../signaling/dropCounters.ts';
import type { CallRouteStore } from './callRoute.svelte.ts';

/** How often relays' last-message ages are read again (they change with every message). */
const RELAY_POLL_MS = 1_000;

/** How often the graph's own drop counts are read (they have no event of their own). */
const GRAPH_DROPS_POLL_MS = 2_000;

/**
 * Relay states, what the room's receivers dropped by reason, and what the page's graph
 * dropped before anything read it (frames over the size limit, fields a node's bound refused),
 * for the diagnostics panel.
 *
 * @example
 * const diagnostics = new DiagnosticsStore(room.counters, room.graph, scope);
 * diagnostics.relaysUp; // 1
 */
export class DiagnosticsStore {
  relays = $state.raw<readonly RelayStatus[]>([]);
  drops = $state.raw<DropCounts>({} as DropCounts);
  /** TURN credentials and privacy mode of the room's calls, when the room has them. */
  readonly route: CallRouteStore | undefined;
  /** The servers the room's community named: used, refused, or unreadable. */
  readonly network: CommunityNetworkReport | undefined;
  graphDrops = $state.raw<GraphDrops>({
    oversizeFrames: 0,
    fields: { oversize: 0, stale: 0, 'node-full': 0 },
  });

  constructor(
    counters: DropCounters,
    graph: Pick<GunGraph, 'relays' | 'onRelay' | 'drops'>,
    scope: Scope,
    route?: CallRouteStore,
    network?: CommunityNetworkReport,
  ) {
    this.route = route;
    this.network = network;
    this.relays = graph.relays();
    this.drops = counters.counts();
    this.graphDrops = graph.drops();
    counters.on('dropped', () => (this.drops = counters.counts()), scope);
    graph.onRelay(() => (this.relays = graph.relays()), scope);
    scope.setInterval(() => (this.relays = graph.relays()), RELAY_POLL_MS);
    scope.setInterval(() => {
      const next = graph.drops();
      if (!sameGraphDrops(next, this.graphDrops)) this.graphDrops = next;
    }, GRAPH_DROPS_POLL_MS);
  }

  /** Relays up right now; the room works while at least one is. */
  get relaysUp(): number {
    return this.relays.filter((relay) => relay.state === 'up').length;
  }
}

function sameGraphDrops(a: GraphDrops, b: GraphDrops): boolean {
  return (
    a.oversizeFrames === b.oversizeFrames &&
    a.fields.oversize === b.fields.oversize &&
    a.fields.stale === b.fields.stale &&
    a.fields['node-full'] === b.fields['node-full']
  );
}
