import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Address, decodeFunctionResult, encodeFunctionData } from 'viem';
import { hasAccessMany } from '../../src/chain/hasAccessMany.ts';
import { createAccessTestbed, mockErc20Abi, noAbi } from './fixture.ts';

// Anyone may create a community and gate it on a contract they wrote. Such a gate must
// answer "no access" for its own community and leave every other answer, and the app's
// batched read of them (one multicall), intact.
const { deploy, at, publicClient, abis, loadWithCommunity } = await createAccessTestbed();

const ERC20 = 1;
/** Bytes a return bomb can answer within the gate's gas budget (~28,000 gas of memory). */
const SMALL_BOMB = 96 * 1024;
/** Bytes a return bomb answers when given all the gas of an eth_call. */
const BIG_BOMB = 1024 * 1024;

/**
 * Community 0 (alice's, bob on it); one community per hostile gate, owned by mallory;
 * last, a community gated on an ERC-20 that bob holds.
 */
async function withHostileCommunities() {
  const base = await loadWithCommunity();
  const { access, alice, bob, mallory } = base;
  await access.write.addParticipantToCommunity([0n, bob.account.address], {
    account: alice.account,
  });
  const hostile = [
    await deploy('GasBurningToken', noAbi),
    await deploy('GasBurningToken', noAbi),
    await deploy('GasBurningToken', noAbi),
    await deploy('ReturnBombToken', noAbi, [BIG_BOMB]),
    await deploy('ReturnBombToken', noAbi, [SMALL_BOMB]),
    await deploy('ShortAnswerToken', noAbi),
    await deploy('RevertingContract', noAbi),
  ];
  const hostileIds: bigint[] = [];
  for (const [i, token] of hostile.entries()) {
    const id = BigInt(i + 1);
    await access.write.createCommunity([`Hostile ${i}`, '', false], { account: mallory.account });
    await access.write.setCommunityTokenGate([id, ERC20, token.address, 0n, 1n], {
      account: mallory.account,
    });
    hostileIds.push(id);
  }
  const token = await deploy('MockERC20', mockErc20Abi);
  await token.write.mint([bob.account.address, 1n]);
  const gatedId = BigInt(hostile.length + 1);
  await access.write.createCommunity(['Token holders', '', false], { account: alice.account });
  await access.write.setCommunityTokenGate([gatedId, ERC20, token.address, 0n, 1n], {
    account: alice.account,
  });
  return { ...base, hostile, hostileIds, gatedId };
}

function hasAccessCall(communityId: bigint, account: Address) {
  return encodeFunctionData({
    abi: abis.communityAccessAbi,
    functionName: 'hasAccess',
    args: [communityId, account],
  });
}

/** `hasAccess(communityId, account)` run as an eth_call given only `gas`. */
async function hasAccessWithin(
  contract: Address,
  gas: number,
  communityId: bigint,
  account: Address,
) {
  const { data } = await publicClient.call({
    to: contract,
    data: hasAccessCall(communityId, account),
    gas: BigInt(gas),
  });
  return decodeFunctionResult({
    abi: abis.communityAccessAbi,
    functionName: 'hasAccess',
    data: data ?? '0x',
  });
}

describe('CommunityAccess: hostile gate tokens', () => {
  it('answers every community in one batch, hostile gates saying "no access"', async () => {
    const { access, bob, mallory, hostileIds, gatedId } = await withHostileCommunities();
    const ids = [0n, ...hostileIds, gatedId];
    const answers = (who: Address) =>
      hasAccessMany(publicClient, {
        contract: access.address,
        queries: ids.map((communityId) => ({ communityId, address: who })),
      });
    // bob: member of 0, holder of the last gate's token, nothing from the hostile gates.
    assert.deepEqual(await answers(bob.account.address), [
      true,
      ...hostileIds.map(() => false),
      true,
    ]);
    // mallory is on the allowlists of the communities she made, whatever their gate does.
    assert.deepEqual(await answers(mallory.account.address), [
      false,
      ...hostileIds.map(() => true),
      false,
    ]);
  });

  it('answers a hostile gate within an honest check plus the gate budget', async () => {
    const { access, bob, hostileIds, gatedId } = await withHostileCommunities();
    const budget = Number(await access.read.TOKEN_GATE_GAS());
    // A non-holder of an honest token: every rule tried, its balanceOf cheap.
    const stranger = '0x000000000000000000000000000000000000dEaD';
    const honest = Number(
      await publicClient.estimateGas({
        to: access.address,
        data: hasAccessCall(gatedId, stranger),
      }),
    );
    for (const id of hostileIds) {
      // The small bomb answers 96 KB within the budget; copying that back would cost the
      // reader another ~37,000 gas, which this limit leaves no room for.
      assert.equal(await hasAccessWithin(access.address, honest + budget, id, stranger), false);
      assert.equal(
        await hasAccessWithin(access.address, honest + budget, id, bob.account.address),
        false,
      );
    }
  });

  it('admits holders of a token behind an upgradeable proxy (the budget has room)', async () => {
    const { access, alice, bob } = await loadWithCommunity();
    const implementation = await deploy('MockERC20', mockErc20Abi);
    const proxy = await deploy('DelegatingProxy', noAbi, [implementation.address]);
    const token = at(mockErc20Abi, proxy.address);
    await token.write.mint([bob.account.address, 3n]);
    await access.write.setCommunityTokenGate([0n, ERC20, proxy.address, 0n, 3n], {
      account: alice.account,
    });
    assert.equal(await access.read.hasAccess([0n, bob.account.address]), true);
  });
});
