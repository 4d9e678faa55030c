import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { Scope } from '../../src/core/Scope.ts';
import type { GunGraph } from '../../src/graph/GunGraph.ts';
import { EnvelopeSigner } from '../../src/signaling/EnvelopeSigner.ts';
import type { RoomRef } from '../../src/signaling/roomPaths.ts';
import { inboxField, inboxKey, inboxSender, signalStream } from '../../src/signaling/roomPaths.ts';
import { SessionBox } from '../../src/signaling/sessionBox.ts';
import { encodeSignalBatch } from '../../src/signaling/signalBatch.ts';
import type { SignalPayload } from '../../src/signaling/types.ts';
import { type AccessChain, startAccessChain } from '../support/gunChain.ts';
import { createNodeGraph, TestRelay, waitFor } from '../support/gunNode.ts';
import {
  createTestIdentity,
  joinTestMember,
  type TestMember,
  testRoom,
} from '../support/gunRoom.ts';

const relay = new TestRelay();
let deployment: AccessChain;
let room: RoomRef;
const scope = new Scope();
let observer: GunGraph;
let a: TestMember;
let b: TestMember;

const offer = {
  type: 'offer',
  sdp: 'v=0\r\no=- 1 2 IN IP4 192.0.2.10\r\nc=IN IP4 192.0.2.10\r\na=candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host\r\n',
};

beforeAll(async () => {
  deployment = await startAccessChain();
  room = testRoom('signaling', deployment.communityId, deployment.contract);
  await relay.start();
  const join = async () =>
    joinTestMember({
      graph: await createNodeGraph([relay.url]),
      room,
      access: deployment.access,
      contract: deployment.contract,
      signatureClient: deployment.chain.appClient,
      heartbeatMs: 500,
    });
  [a, b] = [await join(), await join()];
  await deployment.allow([a.address, b.address]);
  observer = await createNodeGraph([relay.url]);
  await waitFor(
    () => a.roster.member(b.address) !== undefined && b.roster.member(a.address) !== undefined,
    10_000,
    'roster',
  );
});

afterAll(async () => {
  scope.end();
  for (const m of [a, b]) {
    m.scope.end();
    m.graph.close();
  }
  observer.close();
  await relay.stop();
  await deployment?.close();
});

/** The signals B's channel hands over from A, from now on. */
function signalsFromAtB(): SignalPayload[] {
  const received: SignalPayload[] = [];
  b.channel.onSignal((from, payload) => from === a.address && received.push(payload), b.scope);
  return received;
}

/**
 * A chain of `length` envelopes from A to B (the first starts it), each with one candidate
 * `{ order: index + 1 }`, as A's channel would write them. Returns `write(index)`, which
 * seals, signs and puts envelope `index` into its ring slot, in whatever order the test wants.
 */
function chainFromAToB(length: number): (index: number) => Promise<void> {
  const stream = signalStream(room, a.address, b.address);
  const box = new SessionBox(a.identity.keys);
  const chain = Array.from({ length }, () => a.signer.nextSequence(stream));
  return async (index) => {
    const seq = chain[index] as number;
    const prev = index === 0 ? undefined : chain[index - 1];
    const signals = [{ type: 'candidate', order: index + 1 }];
    const body = await box.seal(
      b.identity.keys.epub,
      encodeSignalBatch(prev === undefined ? { signals } : { prev, signals }),
    );
    const envelope = await a.signer.sign(
      { kind: 'signal', stream, body, withCertificate: false, to: b.address },
      seq,
    );
    a.graph.put(
      inboxKey(room, b.address),
      inboxField(a.address, `s${seq % 16}`),
      JSON.stringify(envelope),
    );
  };
}

describe('signaling through per-pair mailboxes', () => {
  test('offer and answer arrive, and no IP address is on the graph in clear', async () => {
    const seen: string[] = [];
    observer.watch(
      inboxKey(room, b.address),
      (_f, v) => typeof v === 'string' && seen.push(v),
      scope,
    );
    observer.watch(
      inboxKey(room, a.address),
      (_f, v) => typeof v === 'string' && seen.push(v),
      scope,
    );
    const answered = new Promise<SignalPayload>((resolve) => {
      a.channel.onSignal((from, payload) => from === b.address && resolve(payload), a.scope);
    });
    b.channel.onSignal((from, payload) => {
      if (from === a.address && payload.type === 'offer') {
        void b.channel.send(a.address, { type: 'answer', sdp: payload.sdp });
      }
    }, b.scope);
    await a.channel.send(b.address, offer);
    expect(await answered).toEqual({ type: 'answer', sdp: offer.sdp });
    await waitFor(() => seen.length >= 2, 2_000, 'observer saw envelopes');
    for (const value of seen) {
      expect(value).not.toContain('192.0.2.10');
      expect(value).not.toContain('candidate');
    }
  });

  test("a sender's ring in an inbox stays bounded: slots are reused and cleared after reading", async () => {
    const received = signalsFromAtB();
    // Five negotiations' worth of trickled candidates: more than the ring's 16 slots.
    for (let i = 0; i < 100; i++) {
      await a.channel.send(b.address, { type: 'candidate', index: i });
      if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await waitFor(() => received.length === 100, 10_000, 'all candidates').catch((error) => {
      console.info(b.counters.counts(), received.length);
      throw error;
    });
    expect(received.map((p) => p.index).sort((x, y) => Number(x) - Number(y))).toEqual([
      ...Array(100).keys(),
    ]);
    const fields = new Map<string, unknown>();
    const snapshot = new Scope();
    observer.watch(
      inboxKey(room, b.address),
      (f, v) => inboxSender(f) === a.address.toLowerCase() && fields.set(f, v),
      snapshot,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    snapshot.end();
    expect(fields.size).toBeLessThanOrEqual(16);
    expect([...fields.values()].filter((v) => v !== null)).toEqual([]);
  });

  test("a burst of candidates shares a few envelopes and arrives in the sender's order", async () => {
    const received = signalsFromAtB();
    const envelopes = new Set<string>();
    const watching = new Scope();
    observer.watch(
      inboxKey(room, b.address),
      (_f, v) => typeof v === 'string' && envelopes.add(v),
      watching,
    );
    // What trickle ICE does right after an offer: candidates a few milliseconds apart.
    const sends = [a.channel.send(b.address, { type: 'offer', burst: 0 })];
    for (let i = 1; i <= 40; i++) {
      sends.push(a.channel.send(b.address, { type: 'candidate', burst: i }));
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await Promise.all(sends);
    await waitFor(() => received.length === 41, 5_000, 'the whole burst');
    await new Promise((resolve) => setTimeout(resolve, 200));
    watching.end();
    expect(received.map((p) => p.burst)).toEqual([...Array(41).keys()]);
    expect(envelopes.size).toBeLessThanOrEqual(6);
    expect(b.counters.total()).toBe(0);
  });

  test('ring slots written out of order are delivered in sequence order', async () => {
    const received = signalsFromAtB();
    const write = chainFromAToB(3);
    // The relay hands them over as written: third, first, second.
    for (const index of [2, 0, 1]) {
      await write(index);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await waitFor(() => received.length === 3, 5_000, 'three signals');
    expect(received.map((p) => p.order)).toEqual([1, 2, 3]);
    expect(b.counters.total()).toBe(0);
  });

  test('a gap is waited for, then given up; the missing signal is refused when late', async () => {
    const received = signalsFromAtB();
    const write = chainFromAToB(3);
    await write(0);
    await write(2);
    await waitFor(() => received.length === 2, 5_000, 'first and third after the wait');
    expect(received.map((p) => p.order)).toEqual([1, 3]);
    const regressed = b.counters.counts()['sequence-regressed'];
    await write(1);
    await waitFor(
      () => b.counters.counts()['sequence-regressed'] === regressed + 1,
      5_000,
      'late signal refused',
    );
    expect(received.map((p) => p.order)).toEqual([1, 3]);
  });

  test('what a sender writes before the roster shows it is held, then delivered', async () => {
    const c = await createTestIdentity({ contract: deployment.contract });
    await deployment.allow([c.account.address]);
    const signer = new EnvelopeSigner({
      keys: c.keys,
      certificate: c.certificate,
      room: room.namespace,
      clock: systemClock,
    });
    const stream = signalStream(room, c.account.address, b.address);
    const seq = signer.nextSequence(stream);
    const body = await new SessionBox(c.keys).seal(
      b.identity.keys.epub,
      encodeSignalBatch({ signals: [{ type: 'offer', early: true }] }),
    );
    const envelope = await signer.sign(
      { kind: 'signal', stream, body, withCertificate: false, to: b.address },
      seq,
    );
    const received: SignalPayload[] = [];
    b.channel.onSignal(
      (from, payload) => from === c.account.address && received.push(payload),
      b.scope,
    );
    const dropped = b.counters.total();
    observer.put(
      inboxKey(room, b.address),
      inboxField(c.account.address, `s${seq % 16}`),
      JSON.stringify(envelope),
    );
    // Not shown yet (C sends no heartbeat): nothing is delivered, nothing is refused.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(received).toEqual([]);
    expect(b.counters.total()).toBe(dropped);

    const late = await joinTestMember({
      graph: await createNodeGraph([relay.url]),
      room,
      access: deployment.access,
      contract: deployment.contract,
      signatureClient: deployment.chain.appClient,
      identity: c,
      heartbeatMs: 500,
    });
    try {
      await waitFor(() => received.length === 1, 5_000, 'held signal delivered');
      expect(received).toEqual([{ type: 'offer', early: true }]);
      expect(b.counters.total()).toBe(dropped);
    } finally {
      late.scope.end();
      late.graph.close();
    }
  });

  test('sending to someone not in the room fails', async () => {
    await expect(
      a.channel.send('0x000000000000000000000000000000000000dEaD', { type: 'offer' }),
    ).rejects.toThrow(/not in the room/);
  });
});
