import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { Scope } from '../../src/core/Scope.ts';
import type { GunGraph } from '../../src/graph/GunGraph.ts';
import { beatsKey } from '../../src/signaling/roomPaths.ts';
import {
  createNodeGraph,
  createNodeGun,
  startPlainRelay,
  TestRelay,
  waitFor,
} from '../support/gunNode.ts';
import { joinTestMember, MemoryAccess, type TestMember, testRoom } from '../support/gunRoom.ts';
import { RawGunSocket } from '../support/RawGunSocket.ts';

// What our relay refuses, and what members drop unread when a relay does not refuse it.
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startRelay(limits = {}): Promise<TestRelay> {
  const relay = await new TestRelay(limits).start();
  cleanups.push(() => relay.stop());
  return relay;
}

async function graphOn(url: string): Promise<GunGraph> {
  const graph = await createNodeGraph([url]);
  cleanups.push(() => graph.close());
  await waitFor(() => graph.relays()[0]?.state === 'up', 5_000, 'connected');
  return graph;
}

async function socketTo(url: string): Promise<RawGunSocket> {
  const socket = await RawGunSocket.open(url);
  cleanups.push(() => socket.close());
  return socket;
}

/** Fields of node `key` that `graph` is handed, as they come. */
function follow(graph: GunGraph, key: string): Map<string, unknown> {
  const seen = new Map<string, unknown>();
  const scope = new Scope();
  cleanups.push(() => scope.end());
  graph.watch(key, (field, value) => seen.set(field, value), scope);
  return seen;
}

function refused(relay: TestRelay) {
  const running = relay.running;
  if (!running) throw new Error('relay not running');
  return running.stats().refused;
}

const key = () => `cc-test/flood-relay/${Math.random().toString(36).slice(2)}`;

describe('our relay', () => {
  test('refuses a 4 MB frame unread and closes that connection; others go on', async () => {
    const relay = await startRelay();
    const node = key();
    const honest = await graphOn(relay.url);
    const reader = follow(await graphOn(relay.url), node);
    const attacker = await socketTo(relay.url);
    attacker.send(RawGunSocket.putFrame(node, { big: 'x'.repeat(4 * 1024 * 1024) }));
    await attacker.closed;
    expect(refused(relay).oversize).toBe(1);
    honest.put(node, 'still', 'here');
    await waitFor(() => reader.get('still') === 'here', 5_000, 'honest write');
    expect(reader.has('big')).toBe(false);
  });

  test('drops an oversize value and a far-future state from a write, keeps the rest', async () => {
    const relay = await startRelay();
    const node = key();
    const attacker = await socketTo(relay.url);
    attacker.send(RawGunSocket.putFrame(node, { big: 'x'.repeat(20_000), ok: 'small' }));
    attacker.send(RawGunSocket.putFrame(node, { later: 'in an hour' }, Date.now() + 3_600_000));
    await waitFor(() => refused(relay).future === 1, 5_000, 'future state refused');
    expect(refused(relay).oversize).toBe(1);
    // A client that comes afterwards gets what the relay kept: the small field only.
    const reader = follow(await graphOn(relay.url), node);
    await waitFor(() => reader.get('ok') === 'small', 5_000, 'the kept field');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...reader.keys()]).toEqual(['ok']);
  });

  test('rate-limits a flooding connection, then closes it, while an honest client keeps working', async () => {
    const relay = await startRelay({
      messagesPerSecond: 20,
      messageBurst: 40,
      closeAfterMs: 1_500,
    });
    const node = key();
    const honest = await graphOn(relay.url);
    const reader = follow(await graphOn(relay.url), node);
    const attacker = await socketTo(relay.url);
    let sent = 0;
    while (attacker.open && sent < 2_000) {
      for (let i = 0; i < 20; i++)
        attacker.send(RawGunSocket.putFrame(node, { [`j${sent++}`]: 'x' }));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await attacker.closed;
    expect(refused(relay).rate).toBeGreaterThan(0);
    expect(refused(relay).closed).toBe(1);
    honest.put(node, 'honest', 'through');
    await waitFor(() => reader.get('honest') === 'through', 5_000, 'honest write after the flood');
    // What got through is what its rate allowed: the burst and ~20 a second, not 2,000.
    expect(reader.size).toBeLessThan(200);
  });
});

describe('members behind a relay that refuses nothing (a plain Gun relay)', () => {
  test('drop 4-16 MB frames and oversize values unread, and keep seeing each other', async () => {
    const plain = await startPlainRelay();
    cleanups.push(() => plain.close());
    const room = testRoom('plain-flood');
    const access = new MemoryAccess(room.communityId);
    const join = async (): Promise<{ member: TestMember; graph: GunGraph }> => {
      const { graph } = await createNodeGun([plain.url]);
      const member = await joinTestMember({ graph, room, access, heartbeatMs: 500 });
      cleanups.push(() => {
        member.scope.end();
        graph.close();
      });
      return { member, graph };
    };
    const { member: a, graph: aGraph } = await join();
    const { member: b } = await join();
    access.allow(a.address);
    access.allow(b.address);
    await waitFor(() => a.roster.members().length === 2, 10_000, 'A sees B');

    const attacker = await socketTo(plain.url);
    for (const mb of [4, 16]) {
      attacker.send(RawGunSocket.putFrame(beatsKey(room), { [`big${mb}`]: 'x'.repeat(mb << 20) }));
    }
    await waitFor(() => aGraph.drops().oversizeFrames >= 2, 30_000, 'frames dropped unread');
    const oversize = a.counters.counts().oversize;
    attacker.send(
      RawGunSocket.putFrame(beatsKey(room), { [`0x${'1'.repeat(40)}`]: 'x'.repeat(20_000) }),
    );
    await waitFor(() => a.counters.counts().oversize > oversize, 5_000, 'value dropped unread');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(a.roster.member(b.address)).toBeDefined();
    expect(b.roster.member(a.address)).toBeDefined();
  }, 90_000);
});
