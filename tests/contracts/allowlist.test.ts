import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Address, getAddress, zeroAddress } from 'viem';
import { createAccessTestbed } from './fixture.ts';

const { viem, loadWithCommunity } = await createAccessTestbed();

/** n distinct, deterministic addresses that hold no keys. */
function addresses(n: number, seed = 1): Address[] {
  return Array.from({ length: n }, (_, i) =>
    getAddress(`0x${(seed * 1_000_000 + i + 1).toString(16).padStart(40, '0')}`),
  );
}

describe('CommunityAccess: allowlist', () => {
  it('adds one participant (owner or admin), rejecting duplicates, zero and strangers', async () => {
    const { access, alice, bob, carol, mallory } = await loadWithCommunity();
    const bobAddress = getAddress(bob.account.address);
    await viem.assertions.emitWithArgs(
      access.write.addParticipantToCommunity([0n, bobAddress], { account: alice.account }),
      access,
      'ParticipantAdded',
      [0n, bobAddress],
    );
    assert.equal(await access.read.isCommunityParticipant([0n, bobAddress]), true);
    assert.equal(await access.read.hasAccess([0n, bobAddress]), true);
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addParticipantToCommunity([0n, bobAddress], { account: alice.account }),
      access,
      'ParticipantAlreadyAdded',
      [0n, bobAddress],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addParticipantToCommunity([0n, zeroAddress], { account: alice.account }),
      access,
      'InvalidAccount',
      [zeroAddress],
    );
    // A member is not a manager.
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addParticipantToCommunity([0n, carol.account.address], {
        account: bob.account,
      }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, bobAddress],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addParticipantsToCommunity([0n, [carol.account.address]], {
        account: mallory.account,
      }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, getAddress(mallory.account.address)],
    );
  });

  it('adds a batch, skipping addresses already present, one event per new member', async () => {
    const { access, alice, publicClient } = await loadWithCommunity();
    const batch = addresses(10);
    const first = batch.slice(0, 4);
    await access.write.addParticipantsToCommunity([0n, first], { account: alice.account });
    const hash = await access.write.addParticipantsToCommunity(
      [0n, [...batch, getAddress(alice.account.address), batch[0] as Address]],
      { account: alice.account },
    );
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const events = await access.getEvents.ParticipantAdded(
      {},
      { fromBlock: receipt.blockNumber, toBlock: receipt.blockNumber },
    );
    assert.deepEqual(
      events.map((e) => e.args.participant),
      batch.slice(4),
    );
    assert.equal((await access.read.getCommunityInfo([0n]))[5], 11n);
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addParticipantsToCommunity([0n, [batch[0] as Address, zeroAddress]], {
        account: alice.account,
      }),
      access,
      'InvalidAccount',
      [zeroAddress],
    );
    // An empty batch is a no-op, not an error.
    await access.write.addParticipantsToCommunity([0n, []], { account: alice.account });
  });

  it('removes in O(1) by swapping the last member in, and emits ParticipantRemoved', async () => {
    const { access, alice, mallory } = await loadWithCommunity();
    const [a, b, c] = addresses(3) as [Address, Address, Address];
    const aliceAddress = getAddress(alice.account.address);
    await access.write.addParticipantsToCommunity([0n, [a, b, c]], { account: alice.account });
    await viem.assertions.emitWithArgs(
      access.write.removeParticipantFromCommunity([0n, a], { account: alice.account }),
      access,
      'ParticipantRemoved',
      [0n, a],
    );
    assert.deepEqual(await access.read.getCommunityParticipants([0n]), [aliceAddress, c, b]);
    assert.equal(await access.read.hasAccess([0n, a]), false);
    // Removing the last entry needs no swap.
    await access.write.removeParticipantFromCommunity([0n, b], { account: alice.account });
    assert.deepEqual(await access.read.getCommunityParticipants([0n]), [aliceAddress, c]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.removeParticipantFromCommunity([0n, a], { account: alice.account }),
      access,
      'ParticipantNotFound',
      [0n, a],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.removeParticipantFromCommunity([0n, aliceAddress], { account: alice.account }),
      access,
      'CommunityOwnerNotRemovable',
      [0n, aliceAddress],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.removeParticipantFromCommunity([0n, c], { account: mallory.account }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, getAddress(mallory.account.address)],
    );
    // Re-adding after removal works.
    await access.write.addParticipantToCommunity([0n, a], { account: alice.account });
    assert.equal(await access.read.isCommunityParticipant([0n, a]), true);
  });

  it('pages the participant list, clamping at the end', async () => {
    const { access, alice } = await loadWithCommunity();
    const batch = addresses(9);
    await access.write.addParticipantsToCommunity([0n, batch], { account: alice.account });
    const all = await access.read.getCommunityParticipants([0n]);
    assert.equal(all.length, 10);
    assert.deepEqual(await access.read.getCommunityParticipantsPage([0n, 0n, 4n]), all.slice(0, 4));
    assert.deepEqual(await access.read.getCommunityParticipantsPage([0n, 4n, 4n]), all.slice(4, 8));
    assert.deepEqual(await access.read.getCommunityParticipantsPage([0n, 8n, 4n]), all.slice(8));
    assert.deepEqual(await access.read.getCommunityParticipantsPage([0n, 10n, 4n]), []);
    assert.deepEqual(await access.read.getCommunityParticipantsPage([0n, 3n, 0n]), []);
    const max = 2n ** 256n - 1n;
    assert.deepEqual(await access.read.getCommunityParticipantsPage([0n, 2n, max]), all.slice(2));
  });

  it('lets the owner appoint and remove admins, who manage the allowlist', async () => {
    const { access, alice, bob, carol } = await loadWithCommunity();
    const bobAddress = getAddress(bob.account.address);
    const carolAddress = getAddress(carol.account.address);
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addCommunityAdmin([0n, bobAddress], { account: bob.account }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, bobAddress],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addCommunityAdmin([0n, zeroAddress], { account: alice.account }),
      access,
      'InvalidAccount',
      [zeroAddress],
    );
    await viem.assertions.emitWithArgs(
      access.write.addCommunityAdmin([0n, bobAddress], { account: alice.account }),
      access,
      'CommunityAdminAdded',
      [0n, bobAddress],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addCommunityAdmin([0n, bobAddress], { account: alice.account }),
      access,
      'CommunityAdminAlreadyAdded',
      [0n, bobAddress],
    );
    assert.equal(await access.read.isCommunityAdmin([0n, bobAddress]), true);
    assert.deepEqual(await access.read.getCommunityAdmins([0n]), [bobAddress]);
    // Being an admin is not being a member.
    assert.equal(await access.read.hasAccess([0n, bobAddress]), false);
    await access.write.addParticipantToCommunity([0n, carolAddress], { account: bob.account });
    await access.write.addParticipantsToCommunity([0n, [bobAddress]], { account: bob.account });
    await access.write.removeParticipantFromCommunity([0n, carolAddress], { account: bob.account });
    // Admins cannot appoint admins or change the community.
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addCommunityAdmin([0n, carolAddress], { account: bob.account }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, bobAddress],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.removeCommunityAdmin([0n, bobAddress], { account: bob.account }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, bobAddress],
    );
    await viem.assertions.emitWithArgs(
      access.write.removeCommunityAdmin([0n, bobAddress], { account: alice.account }),
      access,
      'CommunityAdminRemoved',
      [0n, bobAddress],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.removeCommunityAdmin([0n, bobAddress], { account: alice.account }),
      access,
      'CommunityAdminNotFound',
      [0n, bobAddress],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addParticipantToCommunity([0n, carolAddress], { account: bob.account }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, bobAddress],
    );
    assert.deepEqual(await access.read.getCommunityAdmins([0n]), []);
  });

  it('computes the communities of a user, whole and by id window', async () => {
    const { access, alice, bob } = await loadWithCommunity();
    const bobAddress = bob.account.address;
    for (let i = 1; i <= 5; i++) {
      await access.write.createCommunity([`C${i}`, '', false], { account: alice.account });
    }
    for (const id of [1n, 3n, 4n]) {
      await access.write.addParticipantToCommunity([id, bobAddress], { account: alice.account });
    }
    assert.deepEqual(await access.read.getUserCommunities([bobAddress]), [1n, 3n, 4n]);
    assert.deepEqual(await access.read.getUserCommunities([alice.account.address]), [
      0n,
      1n,
      2n,
      3n,
      4n,
      5n,
    ]);
    assert.deepEqual(await access.read.getUserCommunitiesPage([bobAddress, 0n, 2n]), [1n]);
    assert.deepEqual(await access.read.getUserCommunitiesPage([bobAddress, 2n, 3n]), [3n, 4n]);
    assert.deepEqual(await access.read.getUserCommunitiesPage([bobAddress, 4n, 100n]), [4n]);
    assert.deepEqual(await access.read.getUserCommunitiesPage([bobAddress, 6n, 1n]), []);
    assert.deepEqual(await access.read.getUserCommunities([zeroAddress]), []);
  });
});

describe('CommunityAccess: global allowlist', () => {
  it('is managed by the contract owner only, with O(1) removal and paging', async () => {
    const { access, owner, alice } = await loadWithCommunity();
    const [a, b, c] = addresses(3, 7) as [Address, Address, Address];
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addToGlobalAllowlist([a], { account: alice.account }),
      access,
      'OwnableUnauthorizedAccount',
      [getAddress(alice.account.address)],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addToGlobalAllowlist([zeroAddress], { account: owner.account }),
      access,
      'InvalidAccount',
      [zeroAddress],
    );
    for (const p of [a, b, c]) {
      await viem.assertions.emitWithArgs(
        access.write.addToGlobalAllowlist([p]),
        access,
        'GlobalParticipantAdded',
        [p],
      );
    }
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addToGlobalAllowlist([a]),
      access,
      'GlobalParticipantAlreadyAdded',
      [a],
    );
    assert.equal(await access.read.globalAllowlist([a]), true);
    assert.equal(await access.read.globalParticipantCount(), 3n);
    assert.equal(await access.read.hasAccess([0n, a]), true);
    assert.deepEqual(await access.read.getGlobalParticipantsPage([1n, 5n]), [b, c]);
    assert.deepEqual(await access.read.getGlobalParticipantsPage([3n, 5n]), []);
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.removeFromGlobalAllowlist([a], { account: alice.account }),
      access,
      'OwnableUnauthorizedAccount',
      [getAddress(alice.account.address)],
    );
    await viem.assertions.emitWithArgs(
      access.write.removeFromGlobalAllowlist([a]),
      access,
      'GlobalParticipantRemoved',
      [a],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.removeFromGlobalAllowlist([a]),
      access,
      'GlobalParticipantNotFound',
      [a],
    );
    assert.deepEqual(await access.read.getGlobalParticipants(), [c, b]);
    assert.equal(await access.read.globalAllowlist([a]), false);
    assert.equal(await access.read.hasAccess([0n, a]), false);
  });
});
