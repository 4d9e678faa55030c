import { type Address, getAddress } from 'viem';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MemoryGraph } from '../../tests/support/gunMemoryGraph.ts';
import { MemoryAccess } from '../../tests/support/gunRoom.ts';
import { systemClock } from '../core/clock.ts';
import { Scope } from '../core/Scope.ts';
import { createSessionKeyPair } from '../identity/sessionKeys.ts';
import type { SessionKeyPair } from '../identity/types.ts';
import { DropCounters } from '../signaling/dropCounters.ts';
import { EnvelopeSigner } from '../signaling/EnvelopeSigner.ts';
import { EnvelopeVerifier } from '../signaling/EnvelopeVerifier.ts';
import { roomRef } from '../signaling/roomPaths.ts';
import { fakeCertificate, readFakeCertificate } from '../signaling/testing.ts';
import { GunRecordingChannel, type ModeratorAnswer } from './GunRecordingChannel.ts';
import { encodeRecordingClaim, recordingKey, recordingStanding } from './recordingClaims.ts';

const room = roomRef({
  appName: 'cc-unit',
  chainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  communityId: 1n,
  roomId: 'town-hall',
});
const MOD = getAddress('0x000000000000000000000000000000000000D00D');
const EVE = getAddress('0x00000000000000000000000000000000000000E5');
const BOB = getAddress('0x0000000000000000000000000000000000000B0B');

/** A fake of our ModeratorAnswer: fixed answers, null where "the chain did not answer". */
class FixedAnswers implements ModeratorAnswer {
  constructor(readonly answers: Record<string, boolean | null>) {}
  async answer(address: Address): Promise<boolean | null> {
    return address in this.answers ? (this.answers[address] ?? null) : false;
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
  address: Address,
  pair: SessionKeyPair,
  moderators: ModeratorAnswer,
) {
  const access = new MemoryAccess(1n);
  for (const allowed of [MOD, EVE, BOB]) access.allow(allowed);
  const certificate = fakeCertificate(address, pair);
  const counters = new DropCounters();
  const common = { room: room.namespace, clock: systemClock };
  const signer = new EnvelopeSigner({ ...common, keys: pair, certificate });
  const channel = new GunRecordingChannel({
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
    }),
    moderators,
    counters,
  });
  const scope = new Scope();
  scopes.push(scope);
  channel.start(scope);
  const standing = () => recordingStanding(channel.claims());
  return { channel, counters, signer, standing };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, ms = 1_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await tick(5);
  }
}

describe('GunRecordingChannel', () => {
  test("a moderator's claim reaches members in the room and a member arriving later", async () => {
    const graph = new MemoryGraph();
    const moderators = new FixedAnswers({ [MOD]: true });
    const mod = member(graph, MOD, keys.mod, moderators);
    const bob = member(graph, BOB, keys.bob, moderators);
    await mod.channel.publish(true);
    await until(() => bob.standing().recording);
    expect(bob.standing()).toMatchObject({ recording: true, by: MOD });
    const late = member(graph, EVE, keys.eve, moderators);
    await until(() => late.standing().recording);
    await mod.channel.publish(false);
    await until(() => !bob.standing().recording && !late.standing().recording);
    expect([...(graph.nodes.get(recordingKey(room))?.keys() ?? [])]).toEqual([MOD.toLowerCase()]);
  });

  test("a member who is no moderator is not believed; a forged write leaves the moderator's claim", async () => {
    const graph = new MemoryGraph();
    const moderators = new FixedAnswers({ [MOD]: true });
    const mod = member(graph, MOD, keys.mod, moderators);
    const eve = member(graph, EVE, keys.eve, moderators);
    const bob = member(graph, BOB, keys.bob, moderators);
    await eve.channel.publish(true);
    await tick(50);
    expect(bob.standing().recording).toBe(false);
    expect(bob.counters.counts()['not-moderator']).toBe(1);

    await mod.channel.publish(true);
    await until(() => bob.standing().recording);
    // Eve signs "stopped" and writes it over the moderator's slot: dropped, the claim stands.
    const forged = await eve.signer.sign({
      kind: 'record',
      stream: recordingKey(room),
      body: encodeRecordingClaim(false),
      withCertificate: true,
    });
    graph.put(recordingKey(room), MOD.toLowerCase(), JSON.stringify(forged));
    graph.put(recordingKey(room), MOD.toLowerCase(), '{"not":"an envelope"}');
    await tick(50);
    expect(bob.standing()).toMatchObject({ recording: true, by: MOD });
    expect(bob.counters.counts()['certificate-mismatch']).toBe(1);
  });

  test('while the chain does not answer, a moderator may warn of a recording but not clear one', async () => {
    const graph = new MemoryGraph();
    const mod = member(graph, MOD, keys.mod, new FixedAnswers({ [MOD]: true }));
    const silent = new FixedAnswers({ [MOD]: null });
    const bob = member(graph, BOB, keys.bob, silent);
    await mod.channel.publish(true);
    await until(() => bob.standing().recording);
    expect(bob.channel.claims()).toMatchObject([{ recording: true, by: MOD, confirmed: false }]);
    await mod.channel.publish(false);
    await tick(50);
    expect(bob.standing().recording).toBe(true);
    expect(bob.counters.counts()['not-moderator']).toBe(1);
  });
});
