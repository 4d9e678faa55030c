import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommunity, createdCommunityId } from '../../src/chain/createCommunity.ts';
import type { SenderClient } from '../../src/chain/sendCommunityAccessTransaction.ts';
import { setCommunityServers } from '../../src/chain/setCommunityServers.ts';
import { waitForTransaction } from '../../src/chain/waitForTransaction.ts';
import { type AppConfig, parseAppConfig } from '../../src/core/config.ts';
import { AppError } from '../../src/core/errors.ts';
import { Scope } from '../../src/core/Scope.ts';
import type { GunGraph } from '../../src/graph/GunGraph.ts';
import { loadCommunityNetwork } from '../../src/network/loadCommunityNetwork.ts';
import { createNodeGraph, TestRelay, waitFor } from '../support/gunNode.ts';
import { startTestChain, type TestChain } from './chainFixture.ts';

// A community's owner names servers on a real chain; a member's page reads them, refuses the
// bad ones in words, merges the rest with the site's config, and its graph connects to the
// community's relays only while in the community's rooms.

let chain: TestChain;
let contract: Address;

beforeAll(async () => {
  chain = await startTestChain();
  contract = await chain.deployAccess();
});
afterAll(() => chain?.close());

const mined = async (hash: Promise<`0x${string}`>) =>
  waitForTransaction(chain.publicClient, { hash: await hash });

async function newCommunity(owner: SenderClient): Promise<bigint> {
  return createdCommunityId(
    await mined(
      createCommunity(owner, {
        contract,
        name: 'Own servers',
        description: '',
        requireLivepeerRegistration: false,
      }),
    ),
  );
}

/** A production-like site (not the local chain: private hosts refused) on the test contract. */
function site(communityServers: boolean): AppConfig {
  return parseAppConfig({
    appName: 'community-chats',
    chain: {
      id: 42161,
      name: 'Arbitrum One',
      rpcUrl: 'https://arb1.arbitrum.io/rpc',
      communityAccess: contract,
      deploymentBlock: 0,
    },
    ens: { chainId: 1, rpcUrl: 'https://eth.example/rpc' },
    gun: { relays: ['https://relay.site.example/gun'] },
    xmtp: { env: 'production' },
    iceServers: [{ urls: 'stun:stun.site.example:3478' }],
    gate: 'https://gate.site.example',
    access: { graceMs: 60_000 },
    communityServers,
    burner: false,
  });
}

const named = {
  relays: ['wss://relay.community.example/gun', 'wss://127.0.0.1:8765/gun'],
  gate: 'https://gate.community.example',
  iceServers: ['stun:stun.community.example', 'turns:turn.community.example:5349', 'turn:10.0.0.1'],
  mediaServers: ['wss://janus.community.example/ws'],
};

async function refusalOf(run: Promise<unknown>): Promise<AppError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("a community's own servers on a real chain", () => {
  it('are set by the owner only, read by members, and the bad ones refused in words', async () => {
    const owner = chain.wallet(1);
    const communityId = await newCommunity(owner);
    const stranger = await refusalOf(
      setCommunityServers(chain.wallet(2), { contract, communityId, servers: named }),
    );
    expect(stranger.code).toBe('NOT_AUTHORIZED');
    const badScheme = await refusalOf(
      setCommunityServers(owner, {
        contract,
        communityId,
        servers: { ...named, relays: ['ws://relay.community.example/gun'] },
      }),
    );
    expect(badScheme.message).toBe(
      'Entry 1 of the relays is empty, over 200 bytes, or has a scheme that list does not take.',
    );
    await mined(setCommunityServers(owner, { contract, communityId, servers: named }));

    const client = chain.appClient;
    const report = await loadCommunityNetwork({ client, config: site(true), communityId });
    expect(report.unreadable).toBeUndefined();
    expect(report.network).toEqual({
      gate: 'https://gate.community.example',
      privacyMode: false,
      relays: ['https://relay.site.example/gun', 'wss://relay.community.example/gun'],
      iceServers: [
        { urls: ['stun:stun.community.example'] },
        { urls: 'stun:stun.site.example:3478' },
      ],
      turnUrls: ['turns:turn.community.example:5349'],
      mediaServers: ['wss://janus.community.example/ws'],
    });
    expect(report.refused.map((r) => [r.url, r.error.code])).toEqual([
      ['wss://127.0.0.1:8765/gun', 'SERVER_REFUSED'],
      ['turn:10.0.0.1', 'SERVER_REFUSED'],
    ]);
    expect(report.refused[0]?.error.message).toMatch(
      /relay “wss:\/\/127\.0\.0\.1:8765\/gun” is not used: it points into a private network/,
    );

    // A site that does not take community servers uses its own, and says why for each entry.
    const off = await loadCommunityNetwork({ client, config: site(false), communityId });
    expect(off.network.relays).toEqual(['https://relay.site.example/gun']);
    expect(off.network.gate).toBe('https://gate.site.example');
    expect(
      off.refused.filter((r) => /does not let communities/.test(r.error.message)),
    ).toHaveLength(5);

    // The chain not answering leaves the site's servers, and says so.
    chain.setReachable(false);
    try {
      const unreadable = await loadCommunityNetwork({ client, config: site(true), communityId });
      expect(unreadable.unreadable).toBeInstanceOf(AppError);
      expect(unreadable.network.relays).toEqual(['https://relay.site.example/gun']);
    } finally {
      chain.setReachable(true);
    }
  });
});

describe("a community's relays in the page's graph", () => {
  const site = new TestRelay();
  const community = new TestRelay();
  let graph: GunGraph;
  let onlyCommunity: GunGraph;

  beforeAll(async () => {
    await Promise.all([site.start(), community.start()]);
    graph = await createNodeGraph([site.url]);
    onlyCommunity = await createNodeGraph([community.url]);
  });
  afterAll(async () => {
    graph?.close();
    onlyCommunity?.close();
    await Promise.all([site.stop(), community.stop()]);
  });

  it("are used while in the community's room, and let go when it ends", async () => {
    const room = new Scope();
    graph.addRelays([site.url, community.url], room);
    await waitFor(
      () => graph.relays().every((relay) => relay.state === 'up'),
      10_000,
      'both relays up',
    );
    // A member reaching only the community's relay hears what this page writes.
    const key = `servers-${Math.random().toString(36).slice(2)}`;
    const heard: unknown[] = [];
    const watching = new Scope();
    onlyCommunity.watch(key, (_field, value) => heard.push(value), watching);
    graph.put(key, 'hello', 'from the site page');
    await waitFor(
      () => heard.includes('from the site page'),
      10_000,
      'the write on the community relay',
    );

    room.end();
    expect(graph.relays().map((relay) => relay.url)).toEqual([site.url]);
    await waitFor(
      () => community.running?.stats().peers === 1,
      10_000,
      "only the other member left on the community's relay",
    );
    watching.end();
  });
});
