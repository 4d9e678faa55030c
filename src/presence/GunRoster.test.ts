import type { Address } from 'viem';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MemoryGraph } from '../../tests/support/gunMemoryGraph.ts';
import { MemoryAccess } from '../../tests/support/gunRoom.ts';
import { systemClock } from '../core/clock.ts';
import { Scope } from '../core/Scope.ts';
import type { Graph } from '../graph/types.ts';
import { createSessionKeyPair } from '../identity/sessionKeys.ts';
import type { SessionKeyPair } from '../identity/types.ts';
import { DropCounters } from '../signaling/dropCounters.ts';
import { EnvelopeSigner } from '../signaling/EnvelopeSigner.ts';
import { EnvelopeVerifier } from '../signaling/EnvelopeVerifier.ts';
import { roomRef } from '../signaling/roomPaths.ts';
import { fakeCertificate, readFakeCertificate } from '../signaling/testing.ts';
import { GunRoster } from './GunRoster.ts';
import type { RosterEvents } from './types.ts';

const room = roomRef({
  appName: 'cc-unit',
  chainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  communityId: 1n,
  roomId: 'main',
});
const ALICE: Address = '0x00000000000000000000000000000000000A11CE';
const BOB: Address = '0x0000000000000000000000000000000000000B0B';

let keys: Record<'alice' | 'bob', SessionKeyPair>;
beforeAll(async () => {
  keys = { alice: await createSessionKeyPair(), bob: await createSessionKeyPair() };
});

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
});

function member(
  graph: Graph,
  access: MemoryAccess,
  name: 'alice' | 'bob',
  heldWhileSilent?: (address: Address) => boolean,
  random?: () => number,
) {
  const address = name === 'alice' ? ALICE : BOB;
  const pair = keys[name];
  const certificate = fakeCertificate(address, pair);
  const counters = new DropCounters();
  const common = { room: room.namespace, clock: systemClock };
  const roster = new GunRoster({
    graph,
    room,
    address,
    signer: new EnvelopeSigner({ ...common, keys: pair, certificate }),
    verifier: new EnvelopeVerifier({
      ...common,
      communityId: 1n,
      chainId: 31337,
      verifyCertificate: readFakeCertificate,
      access,
      counters,
    }),
    access,
    counters,
    clock: systemClock,
    heartbeatMs: 40,
    timeoutMs: 150,
    ...(heldWhileSilent ? { heldWhileSilent } : {}),
    ...(random ? { random } : {}),
  });
  const scope = new Scope();
  scopes.push(scope);
  const events: Array<[keyof RosterEvents, string]> = [];
  roster.on('joined', (m) => events.push(['joined', m.address]), scope);
  roster.on('updated', (m) => events.push(['updated', m.address]), scope);
  roster.on('left', (m) => events.push(['left', m.address]), scope);
  return { roster, scope, events, counters };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 1_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await tick(5);
  }
}

describe('GunRoster', () => {
  test('shows members only once allowed, with their session keys', async () => {
    const graph = new MemoryGraph();
    const access = new MemoryAccess(1n);
    access.allow(ALICE);
    const alice = member(graph, access, 'alice');
    const bob = member(graph, access, 'bob');
    alice.roster.join(alice.scope);
    bob.roster.join(bob.scope);
    await until(() => alice.counters.counts()['not-allowed'] > 0);
    expect(alice.roster.member(BOB)).toBeUndefined();
    access.allow(BOB);
    await until(() => alice.roster.member(BOB) !== undefined);
    expect(alice.roster.member(BOB)?.sessionEpub).toBe(keys.bob.epub);
    expect(
      alice.roster
        .members()
        .map((m) => m.address)
        .sort(),
    ).toEqual([ALICE, BOB].sort());
  });

  test('publishes state changes at once', async () => {
    const graph = new MemoryGraph();
    const access = new MemoryAccess(1n);
    access.allow(ALICE);
    access.allow(BOB);
    const alice = member(graph, access, 'alice');
    const bob = member(graph, access, 'bob');
    alice.roster.join(alice.scope);
    bob.roster.join(bob.scope);
    await until(() => alice.roster.member(BOB) !== undefined);
    bob.roster.setLocalState({ muted: true });
    await until(() => alice.roster.member(BOB)?.state.muted === true, 30);
    expect(alice.events).toContainEqual(['updated', BOB]);
  });

  test('a leave is announced at once; silence times out', async () => {
    const graph = new MemoryGraph();
    const access = new MemoryAccess(1n);
    access.allow(ALICE);
    access.allow(BOB);
    const alice = member(graph, access, 'alice');
    const bob = member(graph, access, 'bob');
    alice.roster.join(alice.scope);
    bob.roster.join(bob.scope);
    await until(() => alice.roster.member(BOB) !== undefined);
    await tick(60);
    bob.scope.end();
    await until(() => alice.roster.member(BOB) === undefined, 30);
    expect(alice.events).toContainEqual(['left', BOB]);
  });

  test('a member that falls silent times out', async () => {
    const graph = new MemoryGraph();
    const access = new MemoryAccess(1n);
    access.allow(ALICE);
    access.allow(BOB);
    let cut = false;
    // Bob's own view of the graph, whose writes stop reaching anyone once cut.
    const bobGraph: Graph = {
      put: (key, field, value) => {
        if (!cut) graph.put(key, field, value);
      },
      watch: (key, listener, scope) => graph.watch(key, listener, scope),
      relays: () => graph.relays(),
      onRelay: () => {},
      close: () => {},
    };
    const alice = member(graph, access, 'alice');
    const bob = member(bobGraph, access, 'bob');
    alice.roster.join(alice.scope);
    bob.roster.join(bob.scope);
    await until(() => alice.roster.member(BOB) !== undefined);
    cut = true;
    const started = Date.now();
    await until(() => alice.roster.member(BOB) === undefined, 500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  test('a silent member is kept while it is held (its direct connection open, relays down)', async () => {
    const graph = new MemoryGraph();
    const access = new MemoryAccess(1n);
    access.allow(ALICE);
    access.allow(BOB);
    let cut = false;
    const bobGraph: Graph = {
      put: (key, field, value) => {
        if (!cut) graph.put(key, field, value);
      },
      watch: (key, listener, scope) => graph.watch(key, listener, scope),
      relays: () => graph.relays(),
      onRelay: () => {},
      close: () => {},
    };
    let held = true;
    const alice = member(graph, access, 'alice', (address) => held && address === BOB);
    const bob = member(bobGraph, access, 'bob');
    alice.roster.join(alice.scope);
    bob.roster.join(bob.scope);
    await until(() => alice.roster.member(BOB) !== undefined);
    cut = true;
    await tick(400);
    expect(alice.roster.member(BOB)).toBeDefined();
    held = false;
    await until(() => alice.roster.member(BOB) === undefined, 200);
  });

  test('a member removed from the allowlist leaves', async () => {
    const graph = new MemoryGraph();
    const access = new MemoryAccess(1n);
    access.allow(ALICE);
    access.allow(BOB);
    const alice = member(graph, access, 'alice');
    const bob = member(graph, access, 'bob');
    alice.roster.join(alice.scope);
    bob.roster.join(bob.scope);
    await until(() => alice.roster.member(BOB) !== undefined);
    access.revoke(BOB);
    await until(() => alice.roster.member(BOB) === undefined, 30);
    await tick(100);
    expect(alice.roster.member(BOB)).toBeUndefined();
    expect(alice.counters.counts()['not-allowed']).toBeGreaterThan(0);
  });

  test('garbage slots are counted, not shown', async () => {
    const graph = new MemoryGraph();
    const access = new MemoryAccess(1n);
    access.allow(ALICE);
    const alice = member(graph, access, 'alice');
    alice.roster.join(alice.scope);
    graph.put(`${room.namespace}/beats`, 'junk', 'x');
    graph.put(`${room.namespace}/beats`, BOB.toLowerCase(), '{"v":1}');
    await until(() => alice.counters.counts().malformed === 2);
    await until(() => alice.roster.members().length === 1);
  });

  test('spreads its beats: each one up to a fifth early or late, at random', async () => {
    const beats = async (random: () => number) => {
      const graph = new MemoryGraph();
      const access = new MemoryAccess(1n);
      access.allow(ALICE);
      let writes = 0;
      const put = graph.put.bind(graph);
      graph.put = (key, field, value) => {
        writes += 1;
        put(key, field, value);
      };
      const alice = member(graph, access, 'alice', undefined, random);
      alice.roster.join(alice.scope);
      await tick(480);
      alice.scope.end();
      return writes;
    };
    // 40 ms beats: every 32 ms when always early, every 48 ms when always late.
    const early = await beats(() => 0);
    const late = await beats(() => 1);
    expect(early).toBeGreaterThan(late);
  });
});
