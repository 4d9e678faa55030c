import { type Address, getAddress, type Hex } from 'viem';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MemoryGraph } from '../../tests/support/gunMemoryGraph.ts';
import { MemoryAccess } from '../../tests/support/gunRoom.ts';
import { systemClock } from '../core/clock.ts';
import { Scope } from '../core/scope.ts';
import { createSessionKeyPair } from '../identity/sessionKeys.ts';
import type {
  CertificateVerifier,
  SessionCertificate,
  SessionKeyPair,
  VerifiedCertificate,
} from '../identity/types.ts';
import { DropCounters } from './dropCounters.ts';
import { EnvelopeSigner } from './EnvelopeSigner.ts';
import { EnvelopeVerifier } from './EnvelopeVerifier.ts';
import { GunModerationChannel, type ModeratorCheck } from './GunModerationChannel.ts';
import { type ModerationOrder, moderationKey } from './moderation.ts';
import { roomRef } from './roomPaths.ts';

const room = roomRef({
  appName: 'cc-unit',
  chainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  communityId: 1n,
  roomId: 'stage-main',
});
const MOD = getAddress('0x000000000000000000000000000000000000D00D');
const EVE = getAddress('0x00000000000000000000000000000000000000E5');
const BOB = getAddress('0x0000000000000000000000000000000000000B0B');

/** Fake certificates: the verified facts are the message. */
const verifyCertificate: CertificateVerifier = async (certificate) =>
  JSON.parse(certificate.message) as VerifiedCertificate;

/** A fake of our ModeratorCheck: a fixed set of moderators. */
class FixedModerators implements ModeratorCheck {
  readonly asked: string[] = [];
  constructor(readonly moderators: readonly Address[]) {}
  async isModerator(address: Address): Promise<boolean> {
    this.asked.push(address);
    return this.moderators.some((m) => m.toLowerCase() === address.toLowerCase());
  }
}

let keys: Record<'mod' | 'eve' | 'bob', SessionKeyPair>;
beforeAll(async () => {
  keys = {
    mod: await createSessionKeyPair(),
    eve: await createSessionKeyPair(),
    bob: await createSessionKeyPair(),
  };
});

const scopes: Scope[] = [];
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.end();
});

function certificateFor(address: Address, pair: SessionKeyPair): SessionCertificate {
  const facts: VerifiedCertificate = {
    address,
    chainId: 31337,
    sessionPub: pair.pub,
    sessionEpub: pair.epub,
    issuedAt: Date.now(),
    expiresAt: Date.now() + 3_600_000,
  };
  return { message: JSON.stringify(facts), signature: '0x00' as Hex };
}

function member(
  graph: MemoryGraph,
  access: MemoryAccess,
  address: Address,
  pair: SessionKeyPair,
  moderators: ModeratorCheck,
) {
  const certificate = certificateFor(address, pair);
  const counters = new DropCounters();
  const common = { room: room.namespace, clock: systemClock };
  const signer = new EnvelopeSigner({ ...common, keys: pair, certificate });
  const channel = new GunModerationChannel({
    graph,
    room,
    address,
    signer,
    verifier: new EnvelopeVerifier({
      ...common,
      communityId: 1n,
      chainId: 31337,
      verifyCertificate,
      access,
      counters,
    }),
    moderators,
    counters,
    clock: systemClock,
  });
  const scope = new Scope();
  scopes.push(scope);
  const orders: ModerationOrder[] = [];
  channel.start(scope);
  channel.onOrder((order) => orders.push(order), scope);
  return { channel, counters, orders, signer };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, ms = 1_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await tick(5);
  }
}

function world() {
  const graph = new MemoryGraph();
  const access = new MemoryAccess(1n);
  for (const address of [MOD, EVE, BOB]) access.allow(address);
  const moderators = new FixedModerators([MOD]);
  return {
    graph,
    access,
    moderators,
    mod: member(graph, access, MOD, keys.mod, moderators),
    eve: member(graph, access, EVE, keys.eve, moderators),
    bob: member(graph, access, BOB, keys.bob, moderators),
  };
}

describe('GunModerationChannel', () => {
  test("a moderator's action reaches every peer, from its own slot", async () => {
    const { graph, mod, bob, eve } = world();
    await mod.channel.send({ action: 'invite', target: BOB });
    await until(() => bob.orders.length === 1 && eve.orders.length === 1);
    expect(bob.orders[0]).toEqual({ action: 'invite', target: BOB, from: MOD });
    expect([...(graph.nodes.get(moderationKey(room))?.keys() ?? [])]).toEqual([MOD.toLowerCase()]);
  });

  test('the slot is overwritten: one per moderator, each action obeyed once', async () => {
    const { graph, mod, bob } = world();
    await mod.channel.send({ action: 'invite', target: BOB });
    await mod.channel.send({ action: 'mute', target: BOB });
    await until(() => bob.orders.length === 2);
    expect(bob.orders.map((o) => o.action)).toEqual(['invite', 'mute']);
    expect(graph.nodes.get(moderationKey(room))?.size).toBe(1);
  });

  test("a non-admin's action is dropped and counted as not-moderator", async () => {
    const { eve, bob } = world();
    await eve.channel.send({ action: 'remove', target: BOB });
    await until(() => bob.counters.counts()['not-moderator'] === 1);
    expect(bob.orders).toEqual([]);
  });

  test("an envelope signed by another member in a moderator's slot is a mismatch", async () => {
    const { graph, eve, bob } = world();
    const envelope = await eve.signer.sign({
      kind: 'moderate',
      stream: moderationKey(room),
      body: JSON.stringify({ action: 'remove', target: BOB.toLowerCase() }),
      withCertificate: true,
    });
    graph.put(moderationKey(room), MOD.toLowerCase(), JSON.stringify(envelope));
    await until(() => bob.counters.counts()['certificate-mismatch'] === 1);
    expect(bob.orders).toEqual([]);
  });

  test("a moderator's envelope with a changed body fails its signature", async () => {
    const { graph, mod, bob } = world();
    const envelope = await mod.signer.sign({
      kind: 'moderate',
      stream: moderationKey(room),
      body: JSON.stringify({ action: 'mute', target: BOB.toLowerCase() }),
      withCertificate: true,
    });
    const tampered = { ...envelope, body: JSON.stringify({ action: 'remove', target: BOB }) };
    graph.put(moderationKey(room), `${MOD.toLowerCase()}`, JSON.stringify(tampered));
    await until(() => bob.counters.counts()['bad-signature'] === 1);
    expect(bob.orders).toEqual([]);
  });

  test('a replayed action is not obeyed twice', async () => {
    const { graph, mod, bob } = world();
    await mod.channel.send({ action: 'mute', target: BOB });
    await until(() => bob.orders.length === 1);
    const value = graph.nodes.get(moderationKey(room))?.get(MOD.toLowerCase()) ?? null;
    graph.put(moderationKey(room), MOD.toLowerCase(), value);
    await until(() => bob.counters.counts().duplicate === 1);
    expect(bob.orders).toHaveLength(1);
  });

  test('a sender off the allowlist is dropped before the moderator check', async () => {
    const { access, moderators, mod, bob } = world();
    access.revoke(MOD);
    await mod.channel.send({ action: 'mute', target: BOB });
    await until(() => bob.counters.counts()['not-allowed'] === 1);
    expect(bob.orders).toEqual([]);
    expect(moderators.asked).toEqual([]);
  });

  test('a failing moderator check fails closed', async () => {
    const graph = new MemoryGraph();
    const access = new MemoryAccess(1n);
    access.allow(MOD);
    access.allow(BOB);
    const broken: ModeratorCheck = {
      isModerator: () => Promise.reject(new Error('rpc down')),
    };
    const mod = member(graph, access, MOD, keys.mod, broken);
    const bob = member(graph, access, BOB, keys.bob, broken);
    await mod.channel.send({ action: 'remove', target: BOB });
    await until(() => bob.counters.counts()['not-moderator'] === 1);
    expect(bob.orders).toEqual([]);
  });

  test('a field that is not an address is malformed', async () => {
    const { graph, bob } = world();
    graph.put(moderationKey(room), 'nobody', '{}');
    await until(() => bob.counters.counts().malformed === 1);
  });
});
