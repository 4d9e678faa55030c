import { describe, expect, it, vi } from 'vitest';
import { Scope } from '../core/Scope.ts';
import type { GraphDrops, GunGraph } from '../graph/GunGraph.ts';
import type { RelayStatus } from '../graph/types.ts';
import { useFakeTimersInEachTest } from '../mesh/testing.ts';
import { DropCounters } from '../signaling/dropCounters.ts';
import { DiagnosticsStore } from './diagnostics.svelte.ts';

/** A fake of the graph surface diagnostics read: relays and drop counts set by the test. */
class FakeGraph implements Pick<GunGraph, 'relays' | 'onRelay' | 'drops'> {
  current: GraphDrops = { oversizeFrames: 0, fields: { oversize: 0, stale: 0, 'node-full': 0 } };
  relays(): readonly RelayStatus[] {
    return [{ url: 'ws://127.0.0.1:1/gun', state: 'up', since: 0 }];
  }
  onRelay(): void {}
  drops(): GraphDrops {
    return this.current;
  }
}

useFakeTimersInEachTest();

describe('DiagnosticsStore', () => {
  it("shows the room's drops at once and the graph's own drops within a poll", () => {
    const scope = new Scope();
    const counters = new DropCounters();
    const graph = new FakeGraph();
    const store = new DiagnosticsStore(counters, graph, scope);
    expect(store.relaysUp).toBe(1);
    counters.count('node-full');
    expect(store.drops['node-full']).toBe(1);

    graph.current = { oversizeFrames: 2, fields: { oversize: 0, stale: 1, 'node-full': 7 } };
    vi.advanceTimersByTime(2_000);
    expect(store.graphDrops).toEqual(graph.current);
    scope.end();
  });
});
