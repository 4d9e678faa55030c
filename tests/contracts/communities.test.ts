import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getAddress } from 'viem';
import { createAccessTestbed } from './fixture.ts';

const { viem, networkHelpers, loadDeployed, loadWithCommunity } = await createAccessTestbed();

describe('CommunityAccess: communities', () => {
  it('creates communities with ids from 0, owned by the creator, who is on the allowlist', async () => {
    const { access, alice, bob } = await loadDeployed();
    assert.equal(await access.read.communityCount(), 0n);
    const hash = access.write.createCommunity(['First', 'desc', true], { account: alice.account });
    await viem.assertions.emitWithArgs(hash, access, 'CommunityCreated', [
      0n,
      getAddress(alice.account.address),
      'First',
    ]);
    await viem.assertions.emitWithArgs(
      access.write.createCommunity(['Second', '', false], { account: bob.account }),
      access,
      'ParticipantAdded',
      [1n, getAddress(bob.account.address)],
    );
    assert.equal(await access.read.communityCount(), 2n);
    const [name, description, owner, createdAt, isActive, count] =
      await access.read.getCommunityInfo([0n]);
    assert.equal(name, 'First');
    assert.equal(description, 'desc');
    assert.equal(owner, getAddress(alice.account.address));
    assert.equal(createdAt, BigInt(await networkHelpers.time.latest()) - 1n);
    assert.equal(isActive, true);
    assert.equal(count, 1n);
    assert.equal(await access.read.communityRequiresLivepeer([0n]), true);
    assert.equal(await access.read.communityRequiresLivepeer([1n]), false);
    assert.deepEqual(await access.read.getCommunityParticipants([0n]), [
      getAddress(alice.account.address),
    ]);
    assert.equal(await access.read.hasAccess([0n, alice.account.address]), true);
  });

  it('rejects empty or long names and long descriptions', async () => {
    const { access } = await loadDeployed();
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.createCommunity(['', 'x', false]),
      access,
      'InvalidCommunityName',
      [0n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.createCommunity(['n'.repeat(65), 'x', false]),
      access,
      'InvalidCommunityName',
      [65n],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.createCommunity(['ok', 'd'.repeat(1025), false]),
      access,
      'DescriptionTooLong',
      [1025n],
    );
    await access.write.createCommunity(['n'.repeat(64), 'd'.repeat(1024), false]);
    assert.equal(await access.read.MAX_NAME_LENGTH(), 64n);
    assert.equal(await access.read.MAX_DESCRIPTION_LENGTH(), 1024n);
  });

  it('lets only the community owner update it', async () => {
    const { access, alice, bob } = await loadWithCommunity();
    await viem.assertions.emitWithArgs(
      access.write.updateCommunity([0n, 'Renamed', 'new'], { account: alice.account }),
      access,
      'CommunityUpdated',
      [0n, 'Renamed'],
    );
    const [name, description] = await access.read.getCommunityInfo([0n]);
    assert.deepEqual([name, description], ['Renamed', 'new']);
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.updateCommunity([0n, 'x', 'y'], { account: bob.account }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, getAddress(bob.account.address)],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.updateCommunity([0n, '', 'y'], { account: alice.account }),
      access,
      'InvalidCommunityName',
      [0n],
    );
  });

  it('reverts with CommunityNotFound for unknown ids on every read and write', async () => {
    const { access, alice } = await loadWithCommunity();
    const a = alice.account.address;
    const calls = [
      access.read.getCommunityInfo([1n]),
      access.read.getCommunityParticipants([1n]),
      access.read.getCommunityParticipantsPage([1n, 0n, 1n]),
      access.read.communityRequiresLivepeer([1n]),
      access.read.isCommunityParticipant([1n, a]),
      access.read.isCommunityAdmin([1n, a]),
      access.read.getCommunityAdmins([1n]),
      access.read.getCommunityTokenGate([1n]),
      access.read.pendingCommunityOwner([1n]),
      access.write.updateCommunity([1n, 'x', '']),
      access.write.deactivateCommunity([1n]),
      access.write.addParticipantToCommunity([1n, a]),
      access.write.addParticipantsToCommunity([1n, [a]]),
      access.write.removeParticipantFromCommunity([1n, a]),
      access.write.addCommunityAdmin([1n, a]),
      access.write.removeCommunityAdmin([1n, a]),
      access.write.transferCommunityOwnership([1n, a]),
      access.write.acceptCommunityOwnership([1n]),
      access.write.setCommunityTokenGate([1n, 0, a, 0n, 0n]),
    ];
    for (const call of calls) {
      await viem.assertions.revertWithCustomErrorWithArgs(call, access, 'CommunityNotFound', [1n]);
    }
    assert.equal(await access.read.hasAccess([1n, a]), false);
  });

  it('deactivates for the community owner or the contract owner, then grants nothing', async () => {
    const { access, owner, alice, bob } = await loadWithCommunity();
    await access.write.createCommunity(['Other', '', false], { account: alice.account });
    await access.write.addToGlobalAllowlist([bob.account.address]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.deactivateCommunity([0n], { account: bob.account }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, getAddress(bob.account.address)],
    );
    await viem.assertions.emitWithArgs(
      access.write.deactivateCommunity([0n], { account: alice.account }),
      access,
      'CommunityDeactivated',
      [0n, getAddress(alice.account.address)],
    );
    await viem.assertions.emitWithArgs(
      access.write.deactivateCommunity([1n], { account: owner.account }),
      access,
      'CommunityDeactivated',
      [1n, getAddress(owner.account.address)],
    );
    assert.equal((await access.read.getCommunityInfo([0n]))[4], false);
    assert.equal(await access.read.hasAccess([0n, alice.account.address]), false);
    assert.equal(await access.read.hasAccess([0n, bob.account.address]), false);
    // Membership stays recorded; the community is just dead.
    assert.deepEqual(await access.read.getUserCommunities([alice.account.address]), [0n, 1n]);
    const a = alice.account;
    const writes = [
      access.write.deactivateCommunity([0n], { account: a }),
      access.write.updateCommunity([0n, 'x', ''], { account: a }),
      access.write.addParticipantToCommunity([0n, bob.account.address], { account: a }),
      access.write.addParticipantsToCommunity([0n, [bob.account.address]], { account: a }),
      access.write.removeParticipantFromCommunity([0n, bob.account.address], { account: a }),
      access.write.addCommunityAdmin([0n, bob.account.address], { account: a }),
      access.write.removeCommunityAdmin([0n, bob.account.address], { account: a }),
      access.write.transferCommunityOwnership([0n, bob.account.address], { account: a }),
      access.write.acceptCommunityOwnership([0n], { account: a }),
      access.write.setCommunityTokenGate([0n, 0, bob.account.address, 0n, 0n], { account: a }),
    ];
    for (const write of writes) {
      await viem.assertions.revertWithCustomErrorWithArgs(write, access, 'CommunityInactive', [0n]);
    }
  });

  it('transfers a community in two steps and puts the new owner on the allowlist', async () => {
    const { access, alice, bob, carol } = await loadWithCommunity();
    const aliceAddress = getAddress(alice.account.address);
    const bobAddress = getAddress(bob.account.address);
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.transferCommunityOwnership([0n, bobAddress], { account: bob.account }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, bobAddress],
    );
    await viem.assertions.emitWithArgs(
      access.write.transferCommunityOwnership([0n, bobAddress], { account: alice.account }),
      access,
      'CommunityOwnershipTransferStarted',
      [0n, aliceAddress, bobAddress],
    );
    assert.equal(await access.read.pendingCommunityOwner([0n]), bobAddress);
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.acceptCommunityOwnership([0n], { account: carol.account }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, getAddress(carol.account.address)],
    );
    const accept = access.write.acceptCommunityOwnership([0n], { account: bob.account });
    await viem.assertions.emitWithArgs(accept, access, 'CommunityOwnershipTransferred', [
      0n,
      aliceAddress,
      bobAddress,
    ]);
    assert.equal((await access.read.getCommunityInfo([0n]))[2], bobAddress);
    assert.equal(
      await access.read.pendingCommunityOwner([0n]),
      '0x0000000000000000000000000000000000000000',
    );
    assert.equal(await access.read.isCommunityParticipant([0n, bobAddress]), true);
    // The old owner is now an ordinary member, removable by the new owner.
    await access.write.removeParticipantFromCommunity([0n, aliceAddress], { account: bob.account });
    assert.equal(await access.read.hasAccess([0n, aliceAddress]), false);
  });

  it('accepting a community already on its allowlist adds no duplicate; zero cancels', async () => {
    const { access, alice, bob } = await loadWithCommunity();
    const bobAddress = getAddress(bob.account.address);
    await access.write.addParticipantToCommunity([0n, bobAddress], { account: alice.account });
    await access.write.transferCommunityOwnership([0n, bobAddress], { account: alice.account });
    await access.write.acceptCommunityOwnership([0n], { account: bob.account });
    assert.equal((await access.read.getCommunityInfo([0n]))[5], 2n);
    const zero = '0x0000000000000000000000000000000000000000';
    await access.write.transferCommunityOwnership([0n, alice.account.address], {
      account: bob.account,
    });
    await access.write.transferCommunityOwnership([0n, zero], { account: bob.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.acceptCommunityOwnership([0n], { account: alice.account }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, getAddress(alice.account.address)],
    );
  });
});
