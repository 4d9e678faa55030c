import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getAddress, zeroAddress } from 'viem';
import {
  createAccessTestbed,
  mockErc20Abi,
  mockErc721Abi,
  mockErc1155Abi,
  noAbi,
} from './fixture.ts';

const { viem, deploy, abis, loadWithCommunity } = await createAccessTestbed();

const ERC20 = 1;
const ERC721 = 2;
const ERC1155 = 3;

describe('CommunityAccess: Livepeer rule', () => {
  it('admits registered accounts only where the community requires it', async () => {
    const { access, registry, alice, bob, carol } = await loadWithCommunity();
    await access.write.createCommunity(['Livepeer', '', true], { account: alice.account });
    assert.equal(await access.read.livepeerRegistry(), getAddress(registry.address));
    assert.equal(await access.read.isRegisteredInLivepeer([bob.account.address]), false);
    await registry.write.setServiceURI(['https://orchestrator.example:8935'], {
      account: bob.account,
    });
    assert.equal(await access.read.isRegisteredInLivepeer([bob.account.address]), true);
    assert.equal(await access.read.hasAccess([1n, bob.account.address]), true);
    assert.equal(await access.read.hasAccess([0n, bob.account.address]), false);
    assert.equal(await access.read.hasAccess([1n, carol.account.address]), false);
    // Clearing the URI unregisters.
    await registry.write.setServiceURI([''], { account: bob.account });
    assert.equal(await access.read.hasAccess([1n, bob.account.address]), false);
  });

  it('answers false, never reverts, with no registry or a broken one', async () => {
    const { alice, bob } = await loadWithCommunity();
    const none = await deploy('CommunityAccess', abis.communityAccessAbi, [zeroAddress]);
    assert.equal(await none.read.isRegisteredInLivepeer([bob.account.address]), false);
    const broken = await deploy('RevertingContract', noAbi);
    const withBroken = await deploy('CommunityAccess', abis.communityAccessAbi, [broken.address]);
    await withBroken.write.createCommunity(['L', '', true], { account: alice.account });
    assert.equal(await withBroken.read.isRegisteredInLivepeer([bob.account.address]), false);
    assert.equal(await withBroken.read.hasAccess([0n, bob.account.address]), false);
    // A contract that returns nothing (an ERC-20 mock has no getServiceURI, so it reverts;
    // an EOA-like address returns empty data).
    const eoa = await deploy('CommunityAccess', abis.communityAccessAbi, [bob.account.address]);
    assert.equal(await eoa.read.isRegisteredInLivepeer([alice.account.address]), false);
  });
});

describe('CommunityAccess: token gate', () => {
  it('admits ERC-20 holders with at least the minimum balance', async () => {
    const { access, alice, bob } = await loadWithCommunity();
    const token = await deploy('MockERC20', mockErc20Abi);
    const tokenAddress = getAddress(token.address);
    await viem.assertions.emitWithArgs(
      access.write.setCommunityTokenGate([0n, ERC20, tokenAddress, 0n, 100n], {
        account: alice.account,
      }),
      access,
      'CommunityTokenGateSet',
      [0n, ERC20, tokenAddress, 0n, 100n],
    );
    assert.deepEqual(await access.read.getCommunityTokenGate([0n]), [
      ERC20,
      tokenAddress,
      0n,
      100n,
    ]);
    await token.write.mint([bob.account.address, 99n]);
    assert.equal(await access.read.hasAccess([0n, bob.account.address]), false);
    await token.write.mint([bob.account.address, 1n]);
    assert.equal(await access.read.hasAccess([0n, bob.account.address]), true);
  });

  it('admits ERC-721 holders by count', async () => {
    const { access, alice, bob, carol } = await loadWithCommunity();
    const nft = await deploy('MockERC721', mockErc721Abi);
    await access.write.setCommunityTokenGate([0n, ERC721, nft.address, 0n, 1n], {
      account: alice.account,
    });
    await nft.write.mint([bob.account.address]);
    assert.equal(await access.read.hasAccess([0n, bob.account.address]), true);
    assert.equal(await access.read.hasAccess([0n, carol.account.address]), false);
  });

  it('admits ERC-1155 holders of the given token id only', async () => {
    const { access, alice, bob, carol } = await loadWithCommunity();
    const multi = await deploy('MockERC1155', mockErc1155Abi);
    await access.write.setCommunityTokenGate([0n, ERC1155, multi.address, 7n, 2n], {
      account: alice.account,
    });
    await multi.write.mint([bob.account.address, 7n, 2n]);
    await multi.write.mint([carol.account.address, 8n, 5n]);
    assert.equal(await access.read.hasAccess([0n, bob.account.address]), true);
    assert.equal(await access.read.hasAccess([0n, carol.account.address]), false);
  });

  it('clears with kind None and fails closed on a reverting token', async () => {
    const { access, alice, bob } = await loadWithCommunity();
    const token = await deploy('MockERC20', mockErc20Abi);
    await token.write.mint([bob.account.address, 5n]);
    await access.write.setCommunityTokenGate([0n, ERC20, token.address, 0n, 1n], {
      account: alice.account,
    });
    assert.equal(await access.read.hasAccess([0n, bob.account.address]), true);
    await viem.assertions.emitWithArgs(
      access.write.setCommunityTokenGate([0n, 0, zeroAddress, 0n, 0n], { account: alice.account }),
      access,
      'CommunityTokenGateSet',
      [0n, 0, zeroAddress, 0n, 0n],
    );
    assert.equal(await access.read.hasAccess([0n, bob.account.address]), false);
    const broken = await deploy('RevertingContract', noAbi);
    await access.write.setCommunityTokenGate([0n, ERC20, broken.address, 0n, 1n], {
      account: alice.account,
    });
    assert.equal(await access.read.hasAccess([0n, bob.account.address]), false);
  });

  it('rejects invalid gates and non-owners', async () => {
    const { access, alice, bob } = await loadWithCommunity();
    const token = await deploy('MockERC20', mockErc20Abi);
    const t = getAddress(token.address);
    const eoa = getAddress(bob.account.address);
    const invalid = [
      [ERC20, t, 0n, 0n], // no minimum: everyone would pass
      [ERC20, eoa, 0n, 1n], // not a contract
      [ERC20, t, 3n, 1n], // token id only for ERC-1155
      [ERC721, t, 1n, 1n],
      [0, t, 0n, 0n], // None with leftovers
      [0, zeroAddress, 0n, 1n],
      [0, zeroAddress, 1n, 0n],
    ] as const;
    for (const [kind, token_, id, min] of invalid) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        access.write.setCommunityTokenGate([0n, kind, token_, id, min], { account: alice.account }),
        access,
        'InvalidTokenGate',
        [kind, token_, id, min],
      );
    }
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.setCommunityTokenGate([0n, ERC20, t, 0n, 1n], { account: bob.account }),
      access,
      'CommunityUnauthorizedAccount',
      [0n, eoa],
    );
  });
});

describe('CommunityAccess: contract ownership', () => {
  it('is the deployer, and transfers in two steps', async () => {
    const { access, owner, alice, bob } = await loadWithCommunity();
    const ownerAddress = getAddress(owner.account.address);
    const aliceAddress = getAddress(alice.account.address);
    assert.equal(await access.read.owner(), ownerAddress);
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.transferOwnership([aliceAddress], { account: alice.account }),
      access,
      'OwnableUnauthorizedAccount',
      [aliceAddress],
    );
    await viem.assertions.emitWithArgs(
      access.write.transferOwnership([aliceAddress]),
      access,
      'OwnershipTransferStarted',
      [ownerAddress, aliceAddress],
    );
    assert.equal(await access.read.pendingOwner(), aliceAddress);
    assert.equal(await access.read.owner(), ownerAddress);
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.acceptOwnership({ account: bob.account }),
      access,
      'OwnableUnauthorizedAccount',
      [getAddress(bob.account.address)],
    );
    await viem.assertions.emitWithArgs(
      access.write.acceptOwnership({ account: alice.account }),
      access,
      'OwnershipTransferred',
      [ownerAddress, aliceAddress],
    );
    assert.equal(await access.read.owner(), aliceAddress);
    assert.equal(await access.read.pendingOwner(), zeroAddress);
    // The old owner lost its powers; the new one has them.
    await viem.assertions.revertWithCustomErrorWithArgs(
      access.write.addToGlobalAllowlist([bob.account.address]),
      access,
      'OwnableUnauthorizedAccount',
      [ownerAddress],
    );
    await access.write.addToGlobalAllowlist([bob.account.address], { account: alice.account });
  });

  it('emits OwnershipTransferred from zero on deployment', async () => {
    const { owner, registry, publicClient } = await loadWithCommunity();
    const fresh = await deploy('CommunityAccess', abis.communityAccessAbi, [registry.address]);
    const events = await publicClient.getContractEvents({
      address: fresh.address,
      abi: fresh.abi,
      eventName: 'OwnershipTransferred',
      fromBlock: 0n,
    });
    assert.deepEqual(events[0]?.args, {
      previousOwner: zeroAddress,
      newOwner: getAddress(owner.account.address),
    });
  });
});
