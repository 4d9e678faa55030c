import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Scope } from '../../src/core/Scope.ts';
import type { GunGraph } from '../../src/graph/GunGraph.ts';
import type { DropReason } from '../../src/signaling/dropCounters.ts';
import { EnvelopeSigner } from '../../src/signaling/EnvelopeSigner.ts';
import type { Envelope } from '../../src/signaling/envelope.ts';
import type { RoomRef } from '../../src/signaling/roomPaths.ts';
import {
  beatsKey,
  inboxField,
  inboxKey,
  inboxSender,
  signalStream,
} from '../../src/signaling/roomPaths.ts';
import { type AccessChain, startAccessChain } from '../support/gunChain.ts';
import { createNodeGraph, TestRelay, waitFor } from '../support/gunNode.ts';
import {
  createTestIdentity,
  joinTestMember,
  type TestIdentity,
  type TestMember,
  testRoom,
} from '../support/gunRoom.ts';

// Honest members A, B, C and attackers writing to the graph directly, through one relay;
// the allowlist is CommunityAccess on an in-process Hardhat chain.
const HEARTBEAT_MS = 500;
const relay = new TestRelay();
let deployment: AccessChain;
let room: RoomRef;
const scope = new Scope();
let attacker: GunGraph;
let a: TestMember;
let b: TestMember;
let c: TestMember;
const extra: TestMember[] = [];

const honest = () => [a, b, c];
const signals: Array<{ from: string; payload: unknown }> = [];

function signerFor(identity: TestIdentity, offsetMs = 0): EnvelopeSigner {
  return new EnvelopeSigner({
    keys: identity.keys,
    certificate: identity.certificate,
    room: room.namespace,
    clock: { now: () => Date.now() + offsetMs },
  });
}

function beat(signer: EnvelopeSigner, body = '{}'): Promise<Envelope> {
  return signer.sign({ kind: 'beat', stream: beatsKey(room), body, withCertificate: true });
}

/** Writes `value` at `field` of the beats node, as anyone can. */
function writeBeat(field: string, value: unknown): void {
  attacker.put(beatsKey(room), field, typeof value === 'string' ? value : JSON.stringify(value));
}

async function expectCounted(member: TestMember, reason: DropReason, before: number) {
  await waitFor(() => member.counters.counts()[reason] > before, 5_000, reason);
}

function nobodyShows(address: string): boolean {
  return honest().every((m) => !m.roster.members().some((x) => x.address === address));
}

async function join(): Promise<TestMember> {
  const graph = await createNodeGraph([relay.url]);
  return joinTestMember({
    graph,
    room,
    access: deployment.access,
    contract: deployment.contract,
    signatureClient: deployment.chain.appClient,
    heartbeatMs: HEARTBEAT_MS,
  });
}

function identity(options: { expiresInMs?: number } = {}): Promise<TestIdentity> {
  return createTestIdentity({ ...options, contract: deployment.contract });
}

beforeAll(async () => {
  deployment = await startAccessChain();
  room = testRoom('attacks', deployment.communityId, deployment.contract);
  await relay.start();
  [a, b, c] = [await join(), await join(), await join()];
  await deployment.allow([a.address, b.address, c.address]);
  attacker = await createNodeGraph([relay.url]);
  a.channel.onSignal((from, payload) => signals.push({ from, payload }), scope);
  await waitFor(
    () => honest().every((m) => m.roster.members().length === 3),
    10_000,
    'honest roster',
  );
});

afterAll(async () => {
  scope.end();
  for (const m of [...honest(), ...extra]) {
    m.scope.end();
    m.graph.close();
  }
  attacker.close();
  await relay.stop();
  await deployment?.close();
});

describe('attacks are rejected, counted, and never shown or answered', () => {
  test('forged signature', async () => {
    const before = a.counters.counts()['bad-signature'];
    const mallory = await identity();
    const envelope = await beat(signerFor(mallory));
    // Valid envelope, then the body changed after signing.
    writeBeat(mallory.account.address.toLowerCase(), { ...envelope, body: '{"admin":true}' });
    await expectCounted(a, 'bad-signature', before);
    expect(nobodyShows(mallory.account.address)).toBe(true);
  });

  test('valid certificate replayed with another key', async () => {
    const before = a.counters.counts()['certificate-mismatch'];
    const mallory = await identity();
    // B's real certificate, but envelopes signed with Mallory's session key.
    const stolen: TestIdentity = { ...mallory, certificate: b.identity.certificate };
    writeBeat(b.address.toLowerCase(), await beat(signerFor(stolen), '{"hijacked":true}'));
    await expectCounted(a, 'certificate-mismatch', before);
    expect(a.roster.member(b.address)?.sessionPub).toBe(b.identity.keys.pub);
    expect(a.roster.member(b.address)?.state.hijacked).toBeUndefined();
  });

  test('expired certificate', async () => {
    const before = a.counters.counts()['certificate-expired'];
    const expired = await identity({ expiresInMs: -1_000 });
    await deployment.allow([expired.account.address]);
    writeBeat(expired.account.address.toLowerCase(), await beat(signerFor(expired)));
    await expectCounted(a, 'certificate-expired', before);
    expect(nobodyShows(expired.account.address)).toBe(true);
  });

  test('non-member with a valid certificate is never shown nor answered', async () => {
    const before = a.counters.counts()['not-allowed'];
    const outsider = await join();
    extra.push(outsider);
    await expectCounted(a, 'not-allowed', before);
    // Its own roster shows the members (they are allowed), so it can try to signal.
    await waitFor(() => outsider.roster.member(a.address) !== undefined, 5_000, 'outsider view');
    await outsider.channel.send(a.address, { type: 'offer', sdp: 'from outsider' });
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 2));
    expect(nobodyShows(outsider.address)).toBe(true);
    expect(signals.some((s) => s.from === outsider.address)).toBe(false);
  });

  test('replayed envelope', async () => {
    const before = a.counters.counts().duplicate;
    // A heartbeat of C as it sits on the graph, written back after C has moved on.
    const captured = await new Promise<string>((resolve) => {
      const once = new Scope();
      attacker.watch(
        beatsKey(room),
        (field, value) => {
          if (field === c.address.toLowerCase() && typeof value === 'string') {
            once.end();
            resolve(value);
          }
        },
        once,
      );
    });
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 1.5));
    writeBeat(c.address.toLowerCase(), captured);
    await expectCounted(a, 'duplicate', before);

    // A signal replayed into another slot of the same mailbox is not delivered twice.
    const inbox = inboxKey(room, a.address);
    const sealed: string[] = [];
    const watch = new Scope();
    attacker.watch(
      inbox,
      (f, v) =>
        inboxSender(f) === b.address.toLowerCase() && typeof v === 'string' && sealed.push(v),
      watch,
    );
    const delivered = signals.length;
    await b.channel.send(a.address, { type: 'offer', sdp: 'once' });
    await waitFor(() => signals.length === delivered + 1 && sealed.length > 0, 5_000, 'signal');
    watch.end();
    const beforeSignal = a.counters.counts().duplicate;
    attacker.put(inbox, inboxField(b.address, 's999'), sealed[0] as string);
    await expectCounted(a, 'duplicate', beforeSignal);
    expect(signals.length).toBe(delivered + 1);
  });

  test('old envelope', async () => {
    const before = a.counters.counts().stale;
    const old = await identity();
    await deployment.allow([old.account.address]);
    writeBeat(old.account.address.toLowerCase(), await beat(signerFor(old, -120_000)));
    await expectCounted(a, 'stale', before);
    expect(nobodyShows(old.account.address)).toBe(true);
  });

  test('oversize payload', async () => {
    const before = a.counters.counts().oversize;
    const big = await identity();
    await deployment.allow([big.account.address]);
    writeBeat(
      big.account.address.toLowerCase(),
      await beat(signerFor(big), `{"x":"${'a'.repeat(9_000)}"}`),
    );
    await expectCounted(a, 'oversize', before);
    // A value over 16 KiB never gets past our relay (members would drop it unread too).
    const refused = () => relay.running?.stats().refused.oversize ?? 0;
    const refusedBefore = refused();
    writeBeat(`0x${'1'.repeat(40)}`, 'x'.repeat(20_000));
    await waitFor(() => refused() > refusedBefore, 5_000, 'relay refused the value');
    expect(nobodyShows(big.account.address)).toBe(true);
  });

  test('flood from one key: limited, and members still get through', async () => {
    const before = a.counters.counts()['rate-limited'];
    const flooder = await join();
    await deployment.allow([flooder.address]);
    extra.push(flooder);
    await waitFor(() => a.roster.member(flooder.address) !== undefined, 5_000, 'flooder shown');
    await waitFor(() => flooder.roster.member(a.address) !== undefined, 5_000, 'flooder view');
    // 300 signed signals in distinct fields of its ring in A's inbox.
    const stream = signalStream(room, flooder.address, a.address);
    for (let i = 0; i < 300; i++) {
      const seq = flooder.signer.nextSequence(stream);
      const envelope = await flooder.signer.sign(
        { kind: 'signal', stream, body: 'SEA{}', withCertificate: false, to: a.address },
        seq,
      );
      flooder.graph.put(
        inboxKey(room, a.address),
        inboxField(flooder.address, `f${i}`),
        JSON.stringify(envelope),
      );
    }
    const delivered = signals.length;
    await b.channel.send(a.address, { type: 'offer', sdp: 'during flood' });
    await waitFor(
      () => signals.some((s, i) => i >= delivered && s.from === b.address),
      10_000,
      'honest signal during flood',
    );
    await expectCounted(a, 'rate-limited', before + 100);
    expect(a.roster.member(b.address)).toBeDefined();
  });

  test('garbage at every path', async () => {
    const before = a.counters.total();
    const garbage: unknown[] = [
      'not json',
      '{"v":1}',
      '{"v":2,"kind":"beat"}',
      '[]',
      '12',
      '\u0000\u0001\u00ff',
      JSON.stringify({ ...(await beat(signerFor(await identity()))), room: 'elsewhere' }),
    ];
    const inbox = inboxKey(room, a.address);
    for (const [i, value] of garbage.entries()) {
      writeBeat(a.address.toLowerCase(), value);
      writeBeat(`junk-${i}`, value);
      attacker.put(inbox, inboxField(b.address, `g${i}`), value as string);
    }
    attacker.put(beatsKey(room), 'number', null);
    await waitFor(
      () => a.counters.total() >= before + garbage.length * 3 - 2,
      5_000,
      'garbage counted',
    );
    // A's own slot was overwritten with garbage; its next heartbeat restores it everywhere.
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 2));
    for (const m of honest()) expect(m.roster.members().length).toBeGreaterThanOrEqual(3);
    expect(signals.every((s) => typeof s.payload === 'object')).toBe(true);
  });
});
