import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getAddress } from 'viem';
import { createAccessTestbed } from './fixture.ts';

const { viem, loadWithCommunity } = await createAccessTestbed();

const RELAYS = 0;
const GATE = 1;
const ICE = 2;
const MEDIA = 3;

const servers = {
  relays: ['wss://relay.example.org/gun', 'https://relay2.example.org/gun'],
  gate: 'https://gate.example.org',
  iceServers: [
    'stun:stun.example.org:3478',
    'turn:turn.example.org:3478',
    'turns:turn.example.org',
  ],
  mediaServers: ['wss://janus.example.org/ws'],
};
const none = { relays: [], gate: '', iceServers: [], mediaServers: [] };

describe('CommunityAccess: community servers', () => {
  it('lets the owner name servers, announces them, and reads them back', async () => {
    const { access, alice } = await loadWithCommunity();
    assert.deepEqual(await access.read.getCommunityServers([0n]), none);
    await viem.assertions.emitWithArgs(
      access.write.setCommunityServers([0n, servers], { account: alice.account }),
      access,
      'CommunityServersSet',
      [0n, servers],
    );
    assert.deepEqual(await access.read.getCommunityServers([0n]), servers);
    // A shorter list replaces the longer one; all lists empty clears them.
    const fewer = { ...servers, relays: ['wss://only.example.org/gun'], iceServers: [] };
    await access.write.setCommunityServers([0n, fewer], { account: alice.account });
    assert.deepEqual(await access.read.getCommunityServers([0n]), fewer);
    await access.write.setCommunityServers([0n, none], { account: alice.account });
    assert.deepEqual(await access.read.getCommunityServers([0n]), none);
  });

  it('refuses anyone but the community owner, even an admin or the contract owner', async () => {
    const { access, alice, bob, owner } = await loadWithCommunity();
    await access.write.addCommunityAdmin([0n, bob.account.address], { account: alice.account });
    for (const who of [bob, owner]) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        access.write.setCommunityServers([0n, servers], { account: who.account }),
        access,
        'CommunityUnauthorizedAccount',
        [0n, getAddress(who.account.address)],
      );
    }
    assert.deepEqual(await access.read.getCommunityServers([0n]), none);
  });

  it('refuses more than 8 entries in a list', async () => {
    const { access, alice } = await loadWithCommunity();
    assert.equal(await access.read.MAX_SERVERS(), 8n);
    const nine = Array.from({ length: 9 }, (_, i) => `wss://r${i}.example.org/gun`);
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.setCommunityServers([0n, { ...none, relays: nine }], {
        account: alice.account,
      }),
      access,
      'TooManyServers',
      [RELAYS, 9n],
    );
    const media = nine.map((url) => url.replace('/gun', '/janus'));
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.setCommunityServers([0n, { ...none, mediaServers: media }], {
        account: alice.account,
      }),
      access,
      'TooManyServers',
      [MEDIA, 9n],
    );
    await access.write.setCommunityServers([0n, { ...none, relays: nine.slice(0, 8) }], {
      account: alice.account,
    });
    assert.equal((await access.read.getCommunityServers([0n])).relays.length, 8);
  });

  it('refuses URLs over 200 bytes, empty ones, and schemes the list does not take', async () => {
    const { access, alice } = await loadWithCommunity();
    assert.equal(await access.read.MAX_SERVER_URL_LENGTH(), 200n);
    const long = `wss://${'a'.repeat(195)}`;
    const bad: [Partial<typeof servers>, number, bigint][] = [
      [{ relays: ['wss://ok.example.org', long] }, RELAYS, 1n],
      [{ relays: [''] }, RELAYS, 0n],
      [{ relays: ['wss://'] }, RELAYS, 0n],
      [{ relays: ['ws://relay.example.org/gun'] }, RELAYS, 0n],
      [{ relays: ['http://relay.example.org/gun'] }, RELAYS, 0n],
      [{ gate: 'http://gate.example.org' }, GATE, 0n],
      [{ iceServers: ['stun:ok.example.org', 'http://turn.example.org'] }, ICE, 1n],
      [{ mediaServers: ['https://janus.example.org'] }, MEDIA, 0n],
    ];
    for (const [lists, list, index] of bad) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        access.write.setCommunityServers([0n, { ...none, ...lists }], { account: alice.account }),
        access,
        'InvalidServerUrl',
        [list, index],
      );
    }
    await access.write.setCommunityServers([0n, { ...none, relays: [long.slice(0, 200)] }], {
      account: alice.account,
    });
    assert.deepEqual((await access.read.getCommunityServers([0n])).relays, [long.slice(0, 200)]);
  });

  it('refuses changes to a deactivated community and reads of one that does not exist', async () => {
    const { access, alice } = await loadWithCommunity();
    await access.write.deactivateCommunity([0n], { account: alice.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.setCommunityServers([0n, servers], { account: alice.account }),
      access,
      'CommunityInactive',
      [0n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.read.getCommunityServers([7n]),
      access,
      'CommunityNotFound',
      [7n],
    );
  });
});
