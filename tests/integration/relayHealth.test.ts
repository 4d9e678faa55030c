import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scope } from '../../src/core/Scope.ts';
import type { GunGraph } from '../../src/graph/GunGraph.ts';
import { createNodeGraph, TestRelay, waitFor } from '../support/gunNode.ts';

// What Diagnostics' relay health reads (GunGraph.relays()): with two real relays listed, the
// graph uses both, tells which one answers and when each last sent something, and says when
// one stops answering.

const first = new TestRelay();
const second = new TestRelay();
let graph: GunGraph;

beforeAll(async () => {
  await Promise.all([first.start(), second.start()]);
  graph = await createNodeGraph([first.url, second.url]);
});
afterAll(async () => {
  graph?.close();
  await Promise.all([first.stop(), second.stop()]);
});

describe('relay health', () => {
  it('uses every listed relay and tells when each last answered, and which stopped', async () => {
    const scope = new Scope();
    const key = `health-${Math.random().toString(36).slice(2)}`;
    graph.watch(key, () => {}, scope);
    graph.put(key, 'hello', 'world');
    const heardFromBoth = () =>
      graph.relays().every((relay) => relay.state === 'up' && relay.lastMessageAt !== undefined);
    await waitFor(heardFromBoth, 10_000, 'a message from each relay');

    await second.stop();
    await waitFor(
      () => graph.relays().find((relay) => relay.url === second.url)?.state === 'down',
      10_000,
      'the stopped relay to read as down',
    );
    const states = graph.relays().map((relay) => [relay.url, relay.state]);
    expect(states).toEqual([
      [first.url, 'up'],
      [second.url, 'down'],
    ]);
    scope.end();
  });
});
