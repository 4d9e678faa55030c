import { type Address, getAddress } from 'viem';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MemoryGraph } from '../../tests/support/gunMemoryGraph.ts';
import { MemoryAccess } from '../../tests/support/gunRoom.ts';
import type { RoomGroupRecord } from '../chat/types.ts';
import { systemClock } from '../core/clock.ts';
import { Scope } from '../core/Scope.ts';
import { createSessionKeyPair } from '../identity/sessionKeys.ts';
import type { SessionKeyPair } from '../identity/types.ts';
import { DropCounters } from '../signaling/dropCounters.ts';
import { EnvelopeSigner } from '../signaling/EnvelopeSigner.ts';
import { EnvelopeVerifier } from '../signaling/EnvelopeVerifier.ts';
import { roomRef } from '../signaling/roomPaths.ts';
import { fakeCertificate, readFakeCertificate } from '../signaling/testing.ts';
import { SignedChatDirectory } from './SignedChatDirectory.ts';

const room = roomRef({
  appName: 'cc-unit',
  chainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  communityId: 1n,
  roomId: 'lobby',
});
const KEY = `${room.namespace}/chat`;
const ADMIN = getAddress('0x000000000000000000000000000000000000D00D');
const BOB = getAddress('0x0000000000000000000000000000000000000B0B');
const G1 = 'a1'.repeat(16);
const G2 = 'b2'.repeat(16);

let keys: Record<'admin' | 'bob', SessionKeyPair>;
beforeAll(async () => {
  keys = { admin: await createSessionKeyPair(), bob: await createSessionKeyPair() };
});

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
});

/** A member's directory on `graph`; the contract names only ADMIN owner or admin. */
function directoryOf(
  graph: MemoryGraph,
  address: Address,
  pair: SessionKeyPair,
  memory = new Map<string, string>(),
) {
  const access = new MemoryAccess(1n);
  access.allow(ADMIN);
  access.allow(BOB);
  const counters = new DropCounters();
  const common = { room: room.namespace, clock: systemClock };
  const directory = new SignedChatDirectory({
    graph,
    key: KEY,
    address,
    signer: new EnvelopeSigner({
      ...common,
      keys: pair,
      certificate: fakeCertificate(address, pair),
    }),
    verifier: new EnvelopeVerifier({
      ...common,
      communityId: 1n,
      chainId: 31337,
      verifyCertificate: readFakeCertificate,
      access,
      counters,
      limits: { maxAgeMs: 86_400_000 },
    }),
    moderators: { isModerator: async (a) => a.toLowerCase() === ADMIN.toLowerCase() },
    counters,
    memory: {
      getItem: (k) => memory.get(k) ?? null,
      setItem: (k, v) => void memory.set(k, v),
    },
    memoryKey: 'room-chat',
  });
  const scope = new Scope();
  scopes.push(scope);
  directory.start(scope);
  const seen: (RoomGroupRecord | null)[] = [];
  directory.watch((record) => seen.push(record), scope);
  return { directory, counters, memory, seen };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('SignedChatDirectory', () => {
  test("follows the newest admin record; a member's record is dropped and counted", async () => {
    const graph = new MemoryGraph();
    const admin = directoryOf(graph, ADMIN, keys.admin);
    const bob = directoryOf(graph, BOB, keys.bob);
    await admin.directory.publish({ groupId: G1, version: 1_000 });
    await settle();
    expect(bob.directory.current()).toEqual({ groupId: G1, version: 1_000 });
    expect(bob.directory.expiresAt()).toBeGreaterThan(Date.now());

    await bob.directory.publish({ groupId: G2, version: 2_000 });
    await settle();
    expect(admin.directory.current()?.groupId).toBe(G1);
    expect(admin.counters.counts()['not-moderator']).toBe(1);

    await admin.directory.publish({ groupId: G2, version: 3_000 });
    await settle();
    expect(bob.seen).toEqual([
      null,
      { groupId: G1, version: 1_000 },
      { groupId: G2, version: 3_000 },
    ]);
  });

  test('refuses a record dated after its own signature, and junk in a slot', async () => {
    const graph = new MemoryGraph();
    const admin = directoryOf(graph, ADMIN, keys.admin);
    const bob = directoryOf(graph, BOB, keys.bob);
    await admin.directory.publish({ groupId: G1, version: Date.now() + 3_600_000 });
    graph.put(KEY, ADMIN.toLowerCase(), '{"not":"an envelope"}');
    graph.put(KEY, 'not-an-address', 'x');
    await settle();
    expect(bob.directory.current()).toBeNull();
    expect(bob.counters.counts().malformed).toBe(3);
  });

  test('keeps the last verified record in this browser for when the relays have none', async () => {
    const memory = new Map<string, string>();
    const graph = new MemoryGraph();
    const admin = directoryOf(graph, ADMIN, keys.admin);
    directoryOf(graph, BOB, keys.bob, memory);
    await admin.directory.publish({ groupId: G1, version: 1_000 });
    await settle();
    const later = directoryOf(new MemoryGraph(), BOB, keys.bob, memory);
    expect(later.directory.current()).toEqual({ groupId: G1, version: 1_000 });
    expect(later.directory.expiresAt()).toBeNull();
    memory.set('room-chat', '{"chatGroup":"<script>","version":1}');
    expect(directoryOf(new MemoryGraph(), BOB, keys.bob, memory).directory.current()).toBeNull();
  });
});
