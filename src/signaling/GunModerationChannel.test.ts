import { type Address, getAddress } from 'viem';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MemoryGraph } from '../../tests/support/gunMemoryGraph.ts';
import { MemoryAccess } from '../../tests/support/gunRoom.ts';
import { systemClock } from '../core/clock.ts';
import { Scope } from '../core/Scope.ts';
import { createSessionKeyPair } from '../identity/sessionKeys.ts';
import type { SessionKeyPair } from '../identity/types.ts';
import { DropCounters } from './dropCounters.ts';
import { EnvelopeSigner } from './EnvelopeSigner.ts';
import { EnvelopeVerifier } from './EnvelopeVerifier.ts';
import {
  GunModerationChannel,
  type ModeratorCheck,
  type MuteOrder,
} from './GunModerationChannel.ts';
import { encodeStageView, moderationKey, type StageView } from './moderation.ts';
import { roomRef } from './roomPaths.ts';
import { fakeCertificate, readFakeCertificate } from './testing.ts';

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

function member(
  graph: MemoryGraph,
  access: MemoryAccess,
  address: Address,
  pair: SessionKeyPair,
  moderators: ModeratorCheck,
  maxAgeMs = 30_000,
) {
  const certificate = fakeCertificate(address, pair);
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
      verifyCertificate: readFakeCertificate,
      access,
      counters,
      limits: { maxAgeMs },
    }),
    moderators,
    counters,
    clock: systemClock,
    expiryCheckMs: 20,
  });
  const scope = new Scope();
  scopes.push(scope);
  const mutes: MuteOrder[] = [];
  let changes = 0;
  channel.start(scope);
  channel.onChange(() => (changes += 1), scope);
  channel.onMute((mute) => mutes.push(mute), scope);
  const roleOf = (address: Address) => channel.decisions().get(address.toLowerCase())?.role;
  return { channel, counters, mutes, signer, roleOf, changes: () => changes };
}

const removeBob = (at = Date.now()): StageView => ({
  decisions: [{ target: BOB, role: 'removed', at }],
});

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
  test("a moderator's view reaches every peer, from its own slot", async () => {
    const { graph, mod, bob, eve } = world();
    await mod.channel.publish(removeBob());
    await until(() => bob.roleOf(BOB) === 'removed' && eve.roleOf(BOB) === 'removed');
    expect([...(graph.nodes.get(moderationKey(room))?.keys() ?? [])]).toEqual([MOD.toLowerCase()]);
  });

  test('the slot is overwritten by the next view: one slot per moderator', async () => {
    const { graph, mod, bob } = world();
    await mod.channel.publish(removeBob(1_000));
    await mod.channel.publish({ decisions: [{ target: BOB, role: 'speaker', at: 2_000 }] });
    await until(() => bob.roleOf(BOB) === 'speaker');
    expect(graph.nodes.get(moderationKey(room))?.size).toBe(1);
  });

  test('views of two moderators merge: per target the latest decision wins', async () => {
    const graph = new MemoryGraph();
    const access = new MemoryAccess(1n);
    for (const address of [MOD, EVE, BOB]) access.allow(address);
    const both = new FixedModerators([MOD, EVE]);
    const mod = member(graph, access, MOD, keys.mod, both);
    const eve = member(graph, access, EVE, keys.eve, both);
    const bob = member(graph, access, BOB, keys.bob, both);
    await mod.channel.publish({
      decisions: [
        { target: BOB, role: 'speaker', at: 1_000 },
        { target: EVE, role: 'removed', at: 1_000 },
      ],
    });
    await eve.channel.publish({ decisions: [{ target: BOB, role: 'removed', at: 2_000 }] });
    await until(() => bob.roleOf(BOB) === 'removed' && bob.roleOf(EVE) === 'removed');
    expect(mod.roleOf(BOB)).toBe('removed');
    expect(bob.channel.author(BOB)).toBe(EVE);
    expect(bob.channel.author(EVE)).toBe(MOD);
  });

  test('a decision is credited to the moderator who made it, not to one who re-signs it', async () => {
    const graph = new MemoryGraph();
    const access = new MemoryAccess(1n);
    for (const address of [MOD, EVE, BOB]) access.allow(address);
    const both = new FixedModerators([MOD, EVE]);
    const mod = member(graph, access, MOD, keys.mod, both);
    const eve = member(graph, access, EVE, keys.eve, both);
    const bob = member(graph, access, BOB, keys.bob, both);
    const invite = { decisions: [{ target: BOB, role: 'speaker', at: 1_000 }] } as const;
    await mod.channel.publish(invite);
    await until(() => bob.roleOf(BOB) === 'speaker' && eve.roleOf(BOB) === 'speaker');
    await eve.channel.publish(invite);
    await tick(50);
    expect(bob.channel.author(BOB)).toBe(MOD);
    expect(bob.channel.author(EVE)).toBeUndefined();
  });

  test('a view lapses once its envelope is older than the max age', async () => {
    const graph = new MemoryGraph();
    const access = new MemoryAccess(1n);
    for (const address of [MOD, BOB]) access.allow(address);
    const moderators = new FixedModerators([MOD]);
    const mod = member(graph, access, MOD, keys.mod, moderators, 300);
    const bob = member(graph, access, BOB, keys.bob, moderators, 300);
    await mod.channel.publish(removeBob());
    await until(() => bob.roleOf(BOB) === 'removed');
    await until(() => bob.roleOf(BOB) === undefined, 2_000);
    // A late reader skips the old slot without counting it as an attack.
    const late = member(graph, access, BOB, keys.bob, moderators, 300);
    await tick(50);
    expect(late.roleOf(BOB)).toBeUndefined();
    expect(late.counters.total()).toBe(0);
  });

  test('a mute is delivered once, with its moderator', async () => {
    const { mod, bob } = world();
    await mod.channel.publish({ decisions: [], mute: { target: BOB, at: Date.now() } });
    await until(() => bob.mutes.length === 1);
    expect(bob.mutes[0]).toMatchObject({ target: BOB, from: MOD });
    await mod.channel.publish({ decisions: [] });
    await until(() => bob.changes() >= 2);
    expect(bob.mutes).toHaveLength(1);
  });

  test("a non-admin's view is dropped and counted as not-moderator", async () => {
    const { eve, bob } = world();
    await eve.channel.publish(removeBob());
    await until(() => bob.counters.counts()['not-moderator'] === 1);
    expect(bob.roleOf(BOB)).toBeUndefined();
  });

  test("an envelope signed by another member in a moderator's slot is a mismatch", async () => {
    const { graph, eve, bob } = world();
    const envelope = await eve.signer.sign({
      kind: 'moderate',
      stream: moderationKey(room),
      body: encodeStageView(removeBob()),
      withCertificate: true,
    });
    graph.put(moderationKey(room), MOD.toLowerCase(), JSON.stringify(envelope));
    await until(() => bob.counters.counts()['certificate-mismatch'] === 1);
    expect(bob.roleOf(BOB)).toBeUndefined();
  });

  test("a moderator's envelope with a changed body fails its signature", async () => {
    const { graph, mod, bob } = world();
    const envelope = await mod.signer.sign({
      kind: 'moderate',
      stream: moderationKey(room),
      body: encodeStageView({ decisions: [] }),
      withCertificate: true,
    });
    const tampered = { ...envelope, body: encodeStageView(removeBob()) };
    graph.put(moderationKey(room), `${MOD.toLowerCase()}`, JSON.stringify(tampered));
    await until(() => bob.counters.counts()['bad-signature'] === 1);
    expect(bob.roleOf(BOB)).toBeUndefined();
  });

  test('an older signed copy written back over the slot is a replay, not a rollback', async () => {
    const { graph, mod, bob } = world();
    await mod.channel.publish({ decisions: [{ target: BOB, role: 'speaker', at: 1_000 }] });
    await until(() => bob.roleOf(BOB) === 'speaker');
    const old = graph.nodes.get(moderationKey(room))?.get(MOD.toLowerCase()) ?? null;
    await mod.channel.publish(removeBob(2_000));
    await until(() => bob.roleOf(BOB) === 'removed');
    graph.put(moderationKey(room), MOD.toLowerCase(), old);
    await until(() => bob.counters.counts().duplicate === 1);
    expect(bob.roleOf(BOB)).toBe('removed');
  });

  test('a malformed view from a moderator is counted and changes nothing', async () => {
    const { graph, mod, bob } = world();
    const envelope = await mod.signer.sign({
      kind: 'moderate',
      stream: moderationKey(room),
      body: JSON.stringify({ action: 'remove', target: BOB }),
      withCertificate: true,
    });
    graph.put(moderationKey(room), MOD.toLowerCase(), JSON.stringify(envelope));
    await until(() => bob.counters.counts().malformed === 1);
    expect(bob.changes()).toBe(0);
  });

  test('a sender off the allowlist is dropped before the moderator check', async () => {
    const { access, moderators, mod, bob } = world();
    access.revoke(MOD);
    await mod.channel.publish(removeBob());
    await until(() => bob.counters.counts()['not-allowed'] === 1);
    expect(bob.roleOf(BOB)).toBeUndefined();
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
    await mod.channel.publish(removeBob());
    await until(() => bob.counters.counts()['not-moderator'] === 1);
    expect(bob.roleOf(BOB)).toBeUndefined();
  });

  test('a field that is not an address is malformed', async () => {
    const { graph, bob } = world();
    graph.put(moderationKey(room), 'nobody', '{}');
    await until(() => bob.counters.counts().malformed === 1);
  });
});
