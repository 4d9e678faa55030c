import { type Address, getAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { Scope } from '../../src/core/Scope.ts';
import type { GunGraph } from '../../src/graph/GunGraph.ts';
import { createCertificateVerifier } from '../../src/identity/createCertificateVerifier.ts';
import { StageDecisionStore } from '../../src/presence/StageDecisionStore.ts';
import { StageModeration } from '../../src/presence/StageModeration.ts';
import { StagePolicy } from '../../src/presence/StagePolicy.ts';
import { DropCounters } from '../../src/signaling/dropCounters.ts';
import { EnvelopeSigner } from '../../src/signaling/EnvelopeSigner.ts';
import { EnvelopeVerifier } from '../../src/signaling/EnvelopeVerifier.ts';
import {
  GunModerationChannel,
  type ModeratorCheck,
} from '../../src/signaling/GunModerationChannel.ts';
import { createNodeGraph, TestRelay, waitFor } from '../support/gunNode.ts';
import {
  createTestIdentity,
  MemoryAccess,
  TEST_APP_NAME,
  TEST_CHAIN_ID,
  TEST_CONTRACT,
  type TestIdentity,
  testRoom,
} from '../support/gunRoom.ts';

// Stage decisions over a real Gun relay on loopback, with a short envelope max age: a
// moderator's removal outlives the age of the envelope that made it because its client
// re-signs its view, reaches a member who arrives later, and lapses once no moderator is left.

const MAX_AGE_MS = 1_500;
const relay = new TestRelay();
const room = testRoom('stage-decisions');
const access = new MemoryAccess(room.communityId);
const graphs: GunGraph[] = [];
const scopes: Scope[] = [];
let mod: TestIdentity;
let bob: TestIdentity;
const moderators: ModeratorCheck = {
  isModerator: async (address) => address === mod.account.address,
};

beforeAll(async () => {
  await relay.start();
  [mod, bob] = [await createTestIdentity(), await createTestIdentity()];
  access.allow(mod.account.address);
  access.allow(bob.account.address);
});

afterAll(async () => {
  for (const scope of scopes) scope.end();
  for (const graph of graphs) graph.close();
  await relay.stop();
});

/** One member's moderation channel on its own Gun client, as room-kit wires it. */
async function channelOf(identity: TestIdentity) {
  const graph = await createNodeGraph([relay.url]);
  graphs.push(graph);
  const scope = new Scope();
  scopes.push(scope);
  const counters = new DropCounters();
  const common = { room: room.namespace, clock: systemClock };
  const channel = new GunModerationChannel({
    graph,
    room,
    address: identity.account.address,
    signer: new EnvelopeSigner({
      ...common,
      keys: identity.keys,
      certificate: identity.certificate,
    }),
    verifier: new EnvelopeVerifier({
      ...common,
      communityId: room.communityId,
      chainId: room.chainId,
      verifyCertificate: createCertificateVerifier({
        client: { verifyHash: async () => false },
        expectations: { appName: TEST_APP_NAME, chainId: TEST_CHAIN_ID, contract: TEST_CONTRACT },
        clock: systemClock,
      }),
      access,
      counters,
      limits: { maxAgeMs: MAX_AGE_MS },
    }),
    moderators,
    counters,
    clock: systemClock,
    expiryCheckMs: 100,
  });
  channel.start(scope);
  const policy = new StagePolicy({ channel, moderators, stage: true, scope });
  return { channel, policy, scope, counters };
}

describe('stage decisions over a relay', () => {
  test('a removal outlives its envelope while the moderator stays, then lapses', async () => {
    const moderator = await channelOf(mod);
    const storage = new Map<string, string>();
    const moderation = new StageModeration({
      meeting: {
        self: mod.account.address,
        setRole: async () => {},
        setMuted: () => {},
        end: () => {},
        offerToSpeak: () => {},
      },
      channel: moderator.channel,
      policy: moderator.policy,
      moderators,
      store: new StageDecisionStore({
        storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) },
        key: 'stage',
        clock: systemClock,
      }),
      stage: true,
      clock: systemClock,
      scope: moderator.scope,
      refreshMs: 300,
    });
    const member = await channelOf(bob);
    const target: Address = getAddress(bob.account.address);
    await moderation.send('remove', target);
    await waitFor(() => member.policy.isRemoved(target), 10_000, 'removal');
    await new Promise((resolve) => setTimeout(resolve, MAX_AGE_MS * 2));
    expect(member.policy.isRemoved(target)).toBe(true);

    const late = await channelOf(bob);
    await waitFor(() => late.policy.isRemoved(target), 10_000, 'removal seen by a late reader');
    expect(late.counters.counts().stale).toBe(0);

    moderator.scope.end();
    await waitFor(() => !member.policy.isRemoved(target), MAX_AGE_MS * 4, 'lapse');
    expect(late.policy.maySpeak(target)).toBe(false);
  });
});
