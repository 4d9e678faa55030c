import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Scope } from '../../src/core/Scope.ts';
import type { GunGraph } from '../../src/graph/GunGraph.ts';
import type { GunRoot } from '../../src/graph/gunRoot.ts';
import { beatsKey, inboxField, inboxKey, type RoomRef } from '../../src/signaling/roomPaths.ts';
import { type AccessChain, startAccessChain } from '../support/gunChain.ts';
import {
  createNodeGun,
  type RelayProcess,
  startRelayProcess,
  waitFor,
} from '../support/gunNode.ts';
import { joinTestMember, type TestMember, testRoom } from '../support/gunRoom.ts';
import { chunks, junkFields, RawGunSocket } from '../support/RawGunSocket.ts';

// Honest members A and B in a room on our relay, in its own process as deployed (allowlist on
// an in-process Hardhat chain); an attacker writes 10,000 junk fields to the room's nodes, half
// through a Gun client (writes of 250 fields) and half as raw frames to the relay's socket (no
// client checks at all), each a batch of 250 one-field messages. The relay lets one connection
// send 1,000 messages at once, so the raw half comes over fresh connections, 1,000 each.
const HEARTBEAT_MS = 1_000;
let relay: RelayProcess;
let deployment: AccessChain;
let room: RoomRef;
let a: TestMember;
let b: TestMember;
let aGun: GunRoot;
let attacker: { gun: GunRoot; graph: GunGraph };
const sockets: RawGunSocket[] = [];
const members: TestMember[] = [];
const left: string[] = [];
const signals: unknown[] = [];

async function join(): Promise<{ member: TestMember; gun: GunRoot }> {
  const { gun, graph } = await createNodeGun([relay.url]);
  const member = await joinTestMember({
    graph,
    room,
    access: deployment.access,
    contract: deployment.contract,
    signatureClient: deployment.chain.appClient,
    heartbeatMs: HEARTBEAT_MS,
  });
  members.push(member);
  return { member, gun };
}

/**
 * Writes `fields` to node `key` in writes of 250 fields: half through the attacker's Gun
 * client, half as raw frames over fresh connections (4 frames each). Frames are made first,
 * so making them is not the members' time.
 */
async function floodOf(key: string, fields: Record<string, string>): Promise<() => Promise<void>> {
  const parts = chunks(fields, 250);
  const writes: Array<() => void> = [];
  let socket: RawGunSocket | undefined;
  for (const [i, part] of parts.entries()) {
    if (i % 2 === 0) {
      writes.push(() => void attacker.gun.get(key).put(part));
      continue;
    }
    if (!socket || (i - 1) % 8 === 0) {
      socket = await RawGunSocket.open(relay.url);
      sockets.push(socket);
    }
    const frame = RawGunSocket.batchFrame(key, part);
    const to = socket;
    writes.push(() => to.send(frame));
  }
  return async () => {
    for (const write of writes) {
      write();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
}

function fieldsHeld(gun: GunRoot, key: string): number {
  return Object.keys(gun._.graph[key] ?? {}).length;
}

beforeAll(async () => {
  deployment = await startAccessChain();
  room = testRoom('flood', deployment.communityId, deployment.contract);
  relay = await startRelayProcess();
  const first = await join();
  a = first.member;
  aGun = first.gun;
  b = (await join()).member;
  await deployment.allow([a.address, b.address]);
  attacker = await createNodeGun([relay.url]);
  await waitFor(
    () => a.roster.members().length === 2 && b.roster.members().length === 2,
    10_000,
    'honest roster',
  );
  for (const m of [a, b]) m.roster.on('left', ({ address }) => left.push(address), m.scope);
  a.channel.onSignal((_from, payload) => signals.push(payload), a.scope);
});

afterAll(async () => {
  for (const m of members) {
    m.scope.end();
    m.graph.close();
  }
  attacker?.graph.close();
  for (const socket of sockets) socket.close();
  await relay.stop();
  await deployment?.close();
});

describe('10,000 junk fields on a room', () => {
  test('on the beats node: members keep seeing each other, signals arrive, junk is not held', async () => {
    const flood = await floodOf(beatsKey(room), junkFields(10_000));
    await flood();
    await b.channel.send(a.address, { type: 'offer', sdp: 'during the flood' });
    await waitFor(() => signals.length === 1, 10_000, 'signal during the flood');
    // Past its bound (512 fields) a member reads no new field of the node: counted, not read.
    // Our relay digests ~1,000 junk fields a second (its radisk store), so this takes a while.
    await waitFor(() => a.counters.counts()['node-full'] >= 9_000, 60_000, 'flood counted');
    expect(fieldsHeld(aGun, beatsKey(room))).toBeLessThanOrEqual(512 + 1);
    // Three heartbeat timeouts later nobody has left anyone's roster.
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 4));
    expect(left).toEqual([]);
    expect(a.roster.member(b.address)).toBeDefined();
    expect(b.roster.member(a.address)).toBeDefined();
  }, 120_000);

  test('a newcomer after the flood sees the honest members, and they see it', async () => {
    const { member: c } = await join();
    await deployment.allow([c.address]);
    await waitFor(
      () => c.roster.member(a.address) !== undefined && c.roster.member(b.address) !== undefined,
      15_000,
      'newcomer sees A and B',
    );
    await waitFor(() => a.roster.member(c.address) !== undefined, 10_000, 'A sees the newcomer');
  });

  test("on a member's inbox: signals from members still arrive", async () => {
    const before = a.counters.counts()['node-full'];
    const flood = await floodOf(
      inboxKey(room, a.address),
      junkFields(10_000, (address) => inboxField(address as `0x${string}`, 's0')),
    );
    await flood();
    await b.channel.send(a.address, { type: 'answer', sdp: 'into a flooded inbox' });
    await waitFor(() => signals.length === 2, 10_000, 'signal into a flooded inbox');
    await waitFor(
      () => a.counters.counts()['node-full'] >= before + 9_000,
      60_000,
      'inbox flood counted',
    );
    expect(fieldsHeld(aGun, inboxKey(room, a.address))).toBeLessThanOrEqual(512 + 1);
    await b.channel.send(a.address, { type: 'candidate', candidate: 'after the flood' });
    await waitFor(() => signals.length === 3, 10_000, 'signal after the flood');
  }, 120_000);

  test('junk on a node no member watches never enters their Gun cache', async () => {
    const elsewhere = `${room.namespace}/elsewhere`;
    await (await floodOf(elsewhere, junkFields(1_000)))();
    const probe = await createNodeGun([relay.url]);
    // A client that asks for the node gets it: the relay has it, members were sent it.
    const seen = new Set<string>();
    const scope = new Scope();
    probe.graph.watch(elsewhere, (field) => seen.add(field), scope);
    await waitFor(() => seen.size >= 500, 10_000, 'the relay holds the junk');
    scope.end();
    probe.graph.close();
    expect(aGun._.graph[elsewhere]).toBeUndefined();
  });
});
