import type { Address } from 'viem';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MemoryGraph } from '../../tests/support/gunMemoryGraph.ts';
import { MemoryAccess } from '../../tests/support/gunRoom.ts';
import { systemClock } from '../core/clock.ts';
import { Scope } from '../core/Scope.ts';
import type { RelayStatus } from '../graph/types.ts';
import { createSessionKeyPair } from '../identity/sessionKeys.ts';
import type { SessionKeyPair } from '../identity/types.ts';
import { GunRoster } from '../presence/GunRoster.ts';
import { DropCounters } from '../signaling/dropCounters.ts';
import { EnvelopeSigner } from '../signaling/EnvelopeSigner.ts';
import { EnvelopeVerifier } from '../signaling/EnvelopeVerifier.ts';
import { GunSignalingChannel } from '../signaling/GunSignalingChannel.ts';
import { beatsKey, inboxField, inboxKey, roomRef } from '../signaling/roomPaths.ts';
import { fakeCertificate, readFakeCertificate } from '../signaling/testing.ts';
import { DataChannelGraph } from './DataChannelGraph.ts';
import type { DataLink } from './types.ts';

const room = roomRef({
  appName: 'cc-unit',
  chainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  communityId: 1n,
  roomId: 'main',
});
const ALICE: Address = '0x00000000000000000000000000000000000a11ce';
const BOB: Address = '0x0000000000000000000000000000000000000b0b';
const CAROL: Address = '0x00000000000000000000000000000000000ca201';

/** A page's own graph whose relays the test takes down (each page has its own: no relay joins them). */
class PageGraph extends MemoryGraph {
  relayState: RelayStatus['state'] = 'down';
  override relays(): readonly RelayStatus[] {
    return [{ url: 'relay', state: this.relayState, since: 0 }];
  }
}

/** One side of a data channel; `peer` is whatever reads what it sends. */
class FakeLink implements DataLink {
  channelOpen = true;
  readonly sent: string[] = [];
  constructor(readonly deliver: (text: string) => void) {}
  send(text: string): boolean {
    if (!this.channelOpen) return false;
    this.sent.push(text);
    this.deliver(text);
    return true;
  }
}

let keys: Record<'alice' | 'bob', SessionKeyPair>;
beforeAll(async () => {
  keys = { alice: await createSessionKeyPair(), bob: await createSessionKeyPair() };
});

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
});

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 1_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await tick(5);
  }
}

const access = new MemoryAccess(1n);
access.allow(ALICE);
access.allow(BOB);

/** A member with its own page graph, its room graph over it, and the real roster and signaling. */
function member(name: 'alice' | 'bob', page = new PageGraph()) {
  const address = name === 'alice' ? ALICE : BOB;
  const pair = keys[name];
  const scope = new Scope();
  scopes.push(scope);
  const counters = new DropCounters();
  const graph = new DataChannelGraph({
    graph: page,
    room,
    self: address,
    clock: systemClock,
    onDrop: (reason) => counters.count(reason),
  });
  const common = { room: room.namespace, clock: systemClock };
  const signer = new EnvelopeSigner({
    ...common,
    keys: pair,
    certificate: fakeCertificate(address, pair),
  });
  const verifier = new EnvelopeVerifier({
    ...common,
    communityId: 1n,
    chainId: 31337,
    verifyCertificate: readFakeCertificate,
    access,
    counters,
  });
  const parts = { graph, room, address, signer, verifier, counters };
  const roster = new GunRoster({
    ...parts,
    access,
    clock: systemClock,
    heartbeatMs: 40,
    timeoutMs: 150,
    heldWhileSilent: (other) => graph.holds(other),
  });
  const signaling = new GunSignalingChannel({ ...parts, keys: pair, roster });
  roster.join(scope);
  signaling.start(scope);
  return { address, page, graph, roster, signaling, counters, scope };
}

type Member = ReturnType<typeof member>;

/** A data channel between two members: each side's link delivers to the other's graph. */
function connect(a: Member, b: Member): { ab: FakeLink; ba: FakeLink } {
  const ab = new FakeLink((text) => b.graph.receive(a.address, text));
  const ba = new FakeLink((text) => a.graph.receive(b.address, text));
  a.graph.attach(b.address, ab, a.scope);
  b.graph.attach(a.address, ba, b.scope);
  return { ab, ba };
}

describe('DataChannelGraph', () => {
  test('with no relay, members see each other and signal over their data channels, verified as graph input', async () => {
    const alice = member('alice');
    const bob = member('bob');
    connect(alice, bob);
    await until(
      () => alice.roster.member(BOB) !== undefined && bob.roster.member(ALICE) !== undefined,
    );
    expect(bob.roster.member(ALICE)?.sessionPub).toBe(keys.alice.pub);

    const heard: unknown[] = [];
    bob.signaling.onSignal((from, payload) => heard.push([from, payload]), bob.scope);
    await alice.signaling.send(BOB, { type: 'offer', iceRestart: true });
    await until(() => heard.length === 1);
    expect(heard).toEqual([[ALICE, { type: 'offer', iceRestart: true }]]);

    // Beats keep coming over the link: nobody times out however long the relays stay away.
    await tick(400);
    expect(alice.roster.member(BOB)).toBeDefined();
    expect(bob.counters.total()).toBe(0);
  });

  test('a member whose channel is open but silent (a network drop) is kept while relays are down, not after', async () => {
    const alice = member('alice');
    const bob = member('bob');
    const { ab, ba } = connect(alice, bob);
    await until(() => alice.roster.member(BOB) !== undefined);
    // Bob's beats stop arriving, his channel still open: the drop holds them in its queue.
    ba.send = () => true;
    await tick(400);
    expect(alice.roster.member(BOB)).toBeDefined();
    expect(alice.graph.holds(BOB)).toBe(true);
    // The channel closes: he is gone once his beats time out.
    ab.channelOpen = false;
    await until(() => alice.roster.member(BOB) === undefined, 300);
  });

  test('a link may write only its own member’s fields, within size and rate; forgeries are dropped by the verifier', async () => {
    const alice = member('alice');
    const reads: string[] = [];
    alice.graph.watch(beatsKey(room), (field) => reads.push(field), alice.scope);
    const write = (key: string, field: string, value: string) =>
      alice.graph.receive(BOB, JSON.stringify([key, field, value]));

    // Carol's slot, someone else's inbox, a key outside the room's relayed ones, junk.
    write(beatsKey(room), CAROL, '{}');
    write(inboxKey(room, CAROL), inboxField(BOB, 's0'), '{}');
    write(`${room.namespace}/chat`, BOB, '{}');
    alice.graph.receive(BOB, 'not json');
    expect(alice.counters.counts().malformed).toBe(4);
    alice.graph.receive(BOB, 'x'.repeat(20_000));
    expect(alice.counters.counts().oversize).toBe(1);
    expect(reads).toEqual([]);

    // Bob's own slot with a value that is no signed envelope reaches the roster, which drops it.
    write(beatsKey(room), BOB, '{"v":1}');
    await until(() => alice.counters.counts().malformed === 5);
    expect(reads).toEqual([BOB]);
    expect(alice.roster.member(BOB)).toBeUndefined();

    // A flood from one link is cut at its rate.
    for (let i = 0; i < 100; i++) write(beatsKey(room), BOB, `{"n":${i}}`);
    expect(alice.counters.counts()['rate-limited']).toBeGreaterThan(30);
  });

  test('a write heard from the relay and from the link is read once', async () => {
    const shared = new PageGraph();
    shared.relayState = 'up';
    const alice = member('alice', shared);
    const bob = member('bob', shared);
    const { ab } = connect(alice, bob);
    await until(() => bob.roster.member(ALICE) !== undefined);
    await tick(200);
    expect(ab.sent.length).toBeGreaterThan(2);
    expect(bob.counters.counts().duplicate).toBe(0);
    expect(bob.graph.holds(ALICE)).toBe(false);
  });

  test('signals go only to their recipient’s link, and clearing a read slot stays off the links', async () => {
    const alice = member('alice');
    const bob = member('bob');
    const { ab } = connect(alice, bob);
    const toCarol = new FakeLink(() => {});
    alice.graph.attach(CAROL, toCarol, alice.scope);
    alice.graph.put(inboxKey(room, BOB), inboxField(ALICE, 's1'), 'sealed');
    alice.graph.put(inboxKey(room, BOB), inboxField(ALICE, 's1'), null);
    alice.graph.put(inboxKey(room, BOB), inboxField(BOB, 's1'), 'not ours');
    expect(ab.sent.filter((text) => text.includes('/inbox/'))).toEqual([
      JSON.stringify([inboxKey(room, BOB), inboxField(ALICE, 's1'), 'sealed']),
    ]);
    expect(toCarol.sent.filter((text) => text.includes('/inbox/'))).toEqual([]);
  });
});
