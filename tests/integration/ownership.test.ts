import { type Address, getAddress, zeroAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptCommunityOwnership } from '../../src/chain/acceptCommunityOwnership.ts';
import { cancelCommunityOwnershipTransfer } from '../../src/chain/cancelCommunityOwnershipTransfer.ts';
import { createCommunity, createdCommunityId } from '../../src/chain/createCommunity.ts';
import { getCommunityOwnershipOffers } from '../../src/chain/getCommunityOwnershipOffers.ts';
import { getCommunityRoles } from '../../src/chain/getCommunityRoles.ts';
import { hasAccessMany } from '../../src/chain/hasAccessMany.ts';
import type { SenderClient } from '../../src/chain/sendCommunityAccessTransaction.ts';
import { transferCommunityOwnership } from '../../src/chain/transferCommunityOwnership.ts';
import { updateCommunity } from '../../src/chain/updateCommunity.ts';
import { waitForTransaction } from '../../src/chain/waitForTransaction.ts';
import { watchCommunityChanges } from '../../src/chain/watchCommunityChanges.ts';
import { startTestChain, type TestChain } from './chainFixture.ts';

let chain: TestChain;
let contract: Address;

beforeAll(async () => {
  chain = await startTestChain();
  contract = await chain.deployAccess();
});
afterAll(() => chain?.close());

const mined = async (hash: Promise<`0x${string}`>) =>
  waitForTransaction(chain.publicClient, { hash: await hash });

async function newCommunity(owner: SenderClient, name: string): Promise<bigint> {
  return createdCommunityId(
    await mined(
      createCommunity(owner, {
        contract,
        name,
        description: '',
        requireLivepeerRegistration: false,
      }),
    ),
  );
}

const rolesOf = (communityId: bigint, account: Address) =>
  getCommunityRoles(chain.appClient, { contract, communityId, account });

const offersTo = (account: Address, communityIds: bigint[]) =>
  getCommunityOwnershipOffers(chain.appClient, { contract, communityIds, account });

describe('community ownership transfer on a real chain', () => {
  it('offers, withdraws, offers again, and the new owner accepts', async () => {
    const alice = chain.wallet(0);
    const bob = chain.wallet(1);
    const bobAddress = getAddress(bob.account.address);
    const communityId = await newCommunity(alice, 'Handover');
    const other = await newCommunity(alice, 'Not offered');

    await mined(transferCommunityOwnership(alice, { contract, communityId, newOwner: bobAddress }));
    expect(await offersTo(bobAddress, [communityId, other])).toEqual([communityId]);
    expect(await offersTo(alice.account.address, [communityId, other])).toEqual([]);
    expect(await rolesOf(communityId, bobAddress)).toMatchObject({
      isOwner: false,
      pendingOwner: bobAddress,
      canAcceptOwnership: true,
      canManageCommunity: false,
    });
    // Until Bob accepts, Alice still owns it and sees the pending offer.
    expect(await rolesOf(communityId, alice.account.address)).toMatchObject({
      isOwner: true,
      canManageCommunity: true,
      pendingOwner: bobAddress,
      canAcceptOwnership: false,
    });

    await mined(cancelCommunityOwnershipTransfer(alice, { contract, communityId }));
    expect(await rolesOf(communityId, bobAddress)).toMatchObject({
      pendingOwner: null,
      canAcceptOwnership: false,
    });
    await expect(acceptCommunityOwnership(bob, { contract, communityId })).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED',
      message: expect.stringMatching(/has not been offered ownership of this community/),
    });

    await mined(transferCommunityOwnership(alice, { contract, communityId, newOwner: bobAddress }));
    await mined(acceptCommunityOwnership(bob, { contract, communityId }));
    expect(await offersTo(bobAddress, [communityId, other])).toEqual([]);
    expect(await rolesOf(communityId, bobAddress)).toMatchObject({
      isOwner: true,
      canManageCommunity: true,
      pendingOwner: null,
      canAcceptOwnership: false,
    });
    expect(await rolesOf(communityId, alice.account.address)).toMatchObject({
      isOwner: false,
      canManageCommunity: false,
    });
    // The new owner is on the allowlist; the old one stays there until someone removes them.
    expect(
      await hasAccessMany(chain.appClient, {
        contract,
        queries: [
          { communityId, address: bobAddress },
          { communityId, address: alice.account.address },
        ],
      }),
    ).toEqual([true, true]);
    await expect(
      updateCommunity(alice, { contract, communityId, name: 'Taken back', description: '' }),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
  });

  it("refuses, in the app's words, whoever the offer is not for", async () => {
    const alice = chain.wallet(0);
    const carol = chain.wallet(2);
    const communityId = await newCommunity(alice, 'Kept');
    await mined(
      transferCommunityOwnership(alice, {
        contract,
        communityId,
        newOwner: chain.wallet(1).account.address,
      }),
    );

    const refusal = await acceptCommunityOwnership(carol, { contract, communityId }).catch(
      (e: unknown) => e,
    );
    expect(refusal).toMatchObject({
      code: 'NOT_AUTHORIZED',
      details: 'CommunityUnauthorizedAccount',
      message:
        '0x3C44…93BC has not been offered ownership of this community (or the offer was withdrawn).',
    });
    // Only the owner may offer or withdraw.
    await expect(
      transferCommunityOwnership(carol, {
        contract,
        communityId,
        newOwner: carol.account.address,
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/is not the owner or an admin/) });
    await expect(
      cancelCommunityOwnershipTransfer(carol, { contract, communityId }),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    // The zero address would mean "cancel" to the contract: refused before the wallet is asked.
    await expect(
      transferCommunityOwnership(alice, { contract, communityId, newOwner: zeroAddress }),
    ).rejects.toMatchObject({
      code: 'ADDRESS_INVALID',
      message: 'The zero address cannot own a community.',
    });
    expect(await rolesOf(communityId, alice.account.address)).toMatchObject({
      isOwner: true,
      pendingOwner: getAddress(chain.wallet(1).account.address),
    });
  });

  it('tells open consoles about an offer and its acceptance', async () => {
    const alice = chain.wallet(0);
    const bob = chain.wallet(1);
    const communityId = await newCommunity(alice, 'Watched');
    const seen: bigint[] = [];
    const unwatch = watchCommunityChanges(chain.appClient, {
      contract,
      pollingInterval: 50,
      onChanged: (ids) => seen.push(...ids),
    });
    /** Resolves once `id` has been reported `n` times (or after 3 s), with the count. */
    const reported = async (id: bigint, n: number) => {
      const count = () => seen.filter((seenId) => seenId === id).length;
      const start = Date.now();
      while (count() < n && Date.now() - start < 3_000) {
        await new Promise((r) => setTimeout(r, 20));
      }
      return count();
    };
    try {
      // Once a community created after the watcher started is reported, every earlier
      // block (the creation of "Watched" included) has been read: what follows is news.
      const sentinel = await newCommunity(alice, 'Sentinel');
      expect(await reported(sentinel, 1)).toBe(1);
      const before = await reported(communityId, 0);

      await mined(
        transferCommunityOwnership(alice, {
          contract,
          communityId,
          newOwner: bob.account.address,
        }),
      );
      expect(await reported(communityId, before + 1)).toBe(before + 1);
      await mined(acceptCommunityOwnership(bob, { contract, communityId }));
      expect(await reported(communityId, before + 2)).toBe(before + 2);
    } finally {
      unwatch();
    }
  });
});
