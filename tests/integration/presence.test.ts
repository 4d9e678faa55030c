import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RoomRef } from '../../src/signaling/roomPaths.ts';
import { type AccessChain, startAccessChain } from '../support/gunChain.ts';
import { createNodeGraph, TestRelay, waitFor } from '../support/gunNode.ts';
import { joinTestMember, type TestMember, testRoom } from '../support/gunRoom.ts';

// Two relays on loopback, 20 members as Node Gun clients, each connected to both relays;
// certificates signed by viem local accounts; the allowlist is CommunityAccess on an
// in-process Hardhat chain, read through the app's AccessService.
const MEMBERS = 20;
const HEARTBEAT_MS = 1_000;
const TIMEOUT_MS = 4_000;

const relays = [new TestRelay(), new TestRelay()];
let deployment: AccessChain;
let room: RoomRef;
const members: TestMember[] = [];

function join(relayUrls: readonly string[]): Promise<TestMember> {
  return createNodeGraph(relayUrls).then((graph) =>
    joinTestMember({
      graph,
      room,
      access: deployment.access,
      contract: deployment.contract,
      signatureClient: deployment.chain.appClient,
      heartbeatMs: HEARTBEAT_MS,
      timeoutMs: TIMEOUT_MS,
    }),
  );
}

function sees(member: TestMember, address: Address): boolean {
  return member.roster.member(address) !== undefined;
}

function everyoneSees(addresses: readonly Address[], among = members): boolean {
  return among.every((m) => addresses.every((a) => sees(m, a)));
}

beforeAll(async () => {
  deployment = await startAccessChain();
  room = testRoom('presence', deployment.communityId, deployment.contract);
  await Promise.all(relays.map((r) => r.start()));
  const urls = relays.map((r) => r.url);
  for (let i = 0; i < MEMBERS; i++) members.push(await join(urls));
  await deployment.allow(members.map((m) => m.address));
});

afterAll(async () => {
  for (const m of members) {
    m.scope.end();
    m.graph.close();
  }
  await Promise.all(relays.map((r) => r.stop()));
  await deployment?.close();
});

describe('presence over two relays', () => {
  test('every member sees every member, with no drops', async () => {
    await waitFor(() => everyoneSees(members.map((m) => m.address)), 20_000, 'full roster');
    for (const m of members) {
      expect(m.roster.members()).toHaveLength(MEMBERS);
      expect(m.counters.counts()['bad-signature']).toBe(0);
      expect(m.graph.relays().map((r) => r.state)).toEqual(['up', 'up']);
    }
  });

  test('state published with heartbeats reaches everyone', async () => {
    const speaker = members[3] as TestMember;
    speaker.roster.setLocalState({ muted: true, hand: false });
    await waitFor(
      () => members.every((m) => m.roster.member(speaker.address)?.state.muted === true),
      5_000,
      'state',
    );
  });

  test('one relay killed: presence and signaling go on through the other', async () => {
    const [first] = relays as [TestRelay, TestRelay];
    await first.stop();
    await waitFor(
      () => members.every((m) => m.graph.relays()[0]?.state === 'down'),
      5_000,
      'relay down seen',
    );

    // Nobody times out while heartbeats flow through the second relay.
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS + HEARTBEAT_MS));
    expect(everyoneSees(members.map((m) => m.address))).toBe(true);

    // Signaling: an offer and its answer, through the remaining relay.
    const [a, b] = members as [TestMember, TestMember];
    const answered = new Promise<unknown>((resolve) => {
      a.channel.onSignal((from, payload) => from === b.address && resolve(payload), a.scope);
    });
    b.channel.onSignal((from, payload) => {
      if (from === a.address && payload.type === 'offer') {
        void b.channel.send(a.address, { type: 'answer', sdp: 'v=0 answer' });
      }
    }, b.scope);
    await a.channel.send(b.address, { type: 'offer', sdp: 'v=0 offer' });
    expect(await answered).toEqual({ type: 'answer', sdp: 'v=0 answer' });

    // A member leaving is seen at once by everyone, through the remaining relay.
    const leaving = members.pop() as TestMember;
    leaving.roster.leave();
    await waitFor(() => members.every((m) => !sees(m, leaving.address)), 3_000, 'leave seen');
    leaving.scope.end();
    leaving.graph.close();
  });

  test('the relay comes back and catches up', async () => {
    const [first] = relays as [TestRelay, TestRelay];
    await first.start();
    await waitFor(
      () => members.every((m) => m.graph.relays()[0]?.state === 'up'),
      10_000,
      'relay back',
    );
    // A newcomer that only knows the restarted relay sees the whole room.
    const newcomer = await join([first.url]);
    await deployment.allow([newcomer.address]);
    members.push(newcomer);
    await waitFor(() => everyoneSees(members.map((m) => m.address)), 10_000, 'caught up');
  });

  test('a member removed from the allowlist disappears from every roster', async () => {
    const removed = members[5] as TestMember;
    await deployment.remove(removed.address);
    await waitFor(
      () => members.every((m) => !sees(m, removed.address)),
      3_000,
      'removed member gone',
    );
    // Its heartbeats keep coming and keep being refused.
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 1.5));
    expect(members.some((m) => sees(m, removed.address))).toBe(false);
    expect((members[0] as TestMember).counters.counts()['not-allowed']).toBeGreaterThan(0);
  });
});
