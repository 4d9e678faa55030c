import { type Address, getAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCommunityAdmin } from '../../src/chain/addCommunityAdmin.ts';
import { addParticipants } from '../../src/chain/addParticipants.ts';
import { areCommunityParticipants } from '../../src/chain/areCommunityParticipants.ts';
import { countParticipantsAdded } from '../../src/chain/countParticipantsAdded.ts';
import { createCommunity, createdCommunityId } from '../../src/chain/createCommunity.ts';
import { deactivateCommunity } from '../../src/chain/deactivateCommunity.ts';
import { getCommunity } from '../../src/chain/getCommunity.ts';
import { getCommunityParticipantsPage } from '../../src/chain/getCommunityParticipantsPage.ts';
import { getCommunityRoles } from '../../src/chain/getCommunityRoles.ts';
import { getUserCommunities } from '../../src/chain/getUserCommunities.ts';
import { hasAccessMany } from '../../src/chain/hasAccessMany.ts';
import { listCommunities } from '../../src/chain/listCommunities.ts';
import { removeParticipant } from '../../src/chain/removeParticipant.ts';
import { updateCommunity } from '../../src/chain/updateCommunity.ts';
import { waitForTransaction } from '../../src/chain/waitForTransaction.ts';
import { watchCommunityChanges } from '../../src/chain/watchCommunityChanges.ts';
import { AppError } from '../../src/core/errors.ts';
import { startTestChain, type TestChain } from './chainFixture.ts';

let chain: TestChain;
let contract: Address;

beforeAll(async () => {
  chain = await startTestChain();
  contract = await chain.deployAccess();
});
afterAll(() => chain?.close());

const generated = (n: number): Address[] =>
  Array.from({ length: n }, (_, i) => getAddress(`0x${(i + 1).toString(16).padStart(40, '0')}`));

describe('CommunityAccess actions on a real chain', () => {
  it('creates, fills in chunks, reads, edits and deactivates a community', async () => {
    const owner = chain.wallet(0);
    const admin = chain.wallet(1);
    const { publicClient } = chain;
    const created = await waitForTransaction(publicClient, {
      hash: await createCommunity(owner, {
        contract,
        name: 'Builders',
        description: 'Weekly calls',
        requireLivepeerRegistration: false,
      }),
    });
    const id = createdCommunityId(created);
    expect(id).toBe(0n);

    const progress: string[] = [];
    const members = generated(250);
    const hashes = await addParticipants(owner, publicClient, {
      contract,
      communityId: id,
      participants: members,
      chunkSize: 100,
      onProgress: (p) => progress.push(`${p.chunk}/${p.chunks} ${p.state} ${p.addedSoFar}`),
    });
    expect(hashes).toHaveLength(3);
    expect(progress).toEqual([
      '0/3 pending 0',
      '0/3 confirmed 100',
      '1/3 pending 100',
      '1/3 confirmed 200',
      '2/3 pending 200',
      '2/3 confirmed 250',
    ]);

    const community = await getCommunity(publicClient, { contract, communityId: id });
    expect(community).toMatchObject({
      id,
      name: 'Builders',
      owner: getAddress(owner.account.address),
      active: true,
      participantCount: 251,
      requiresLivepeer: false,
    });
    const page = await getCommunityParticipantsPage(publicClient, {
      contract,
      communityId: id,
      offset: 1,
      limit: 10,
    });
    expect(page).toEqual(members.slice(0, 10));
    expect(
      await getUserCommunities(publicClient, { contract, account: members[0] as Address }),
    ).toEqual([id]);
    expect(
      await hasAccessMany(chain.appClient, {
        contract,
        queries: [
          { communityId: id, address: members[0] as Address },
          { communityId: id, address: admin.account.address },
          { communityId: 7n, address: members[0] as Address },
        ],
      }),
    ).toEqual([true, false, false]);

    await waitForTransaction(publicClient, {
      hash: await addCommunityAdmin(owner, {
        contract,
        communityId: id,
        admin: admin.account.address,
      }),
    });
    const roles = await getCommunityRoles(publicClient, {
      contract,
      communityId: id,
      account: admin.account.address,
    });
    expect(roles).toMatchObject({ isAdmin: true, isOwner: false, canManageMembers: true });
    expect(roles.canManageCommunity).toBe(false);

    await waitForTransaction(publicClient, {
      hash: await updateCommunity(owner, {
        contract,
        communityId: id,
        name: 'B2',
        description: '',
      }),
    });
    await waitForTransaction(publicClient, {
      hash: await removeParticipant(admin, {
        contract,
        communityId: id,
        participant: members[0] as Address,
      }),
    });
    await waitForTransaction(publicClient, {
      hash: await deactivateCommunity(owner, { contract, communityId: id }),
    });
    const { communities, total } = await listCommunities(chain.appClient, { contract });
    expect(total).toBe(1);
    expect(communities[0]).toMatchObject({ name: 'B2', active: false, participantCount: 250 });
  });

  it('turns contract refusals into AppErrors in words before the wallet is asked', async () => {
    const owner = chain.wallet(0);
    const stranger = chain.wallet(3);
    const id = createdCommunityId(
      await waitForTransaction(chain.publicClient, {
        hash: await createCommunity(owner, {
          contract,
          name: 'Second',
          description: '',
          requireLivepeerRegistration: false,
        }),
      }),
    );
    const refusal = await removeParticipant(stranger, {
      contract,
      communityId: id,
      participant: owner.account.address,
    }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({
      code: 'NOT_AUTHORIZED',
      details: 'CommunityUnauthorizedAccount',
    });
    expect((refusal as AppError).message).toMatch(/is not the owner or an admin/);

    await expect(
      removeParticipant(owner, { contract, communityId: id, participant: owner.account.address }),
    ).rejects.toMatchObject({ message: 'The community owner stays a member while they own it.' });
    await expect(
      createCommunity(owner, {
        contract,
        name: '',
        description: '',
        requireLivepeerRegistration: false,
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/1 to 64 bytes/) });
    await expect(
      getCommunity(chain.publicClient, { contract, communityId: 99n }),
    ).rejects.toMatchObject({ code: 'COMMUNITY_NOT_FOUND' });
  });

  it('tells the community list which communities changed', async () => {
    const seen: bigint[] = [];
    const unwatch = watchCommunityChanges(chain.appClient, {
      contract,
      pollingInterval: 50,
      onChanged: (ids) => seen.push(...ids),
    });
    try {
      await new Promise((r) => setTimeout(r, 150)); // let the watcher take its starting block
      const id = createdCommunityId(
        await waitForTransaction(chain.publicClient, {
          hash: await createCommunity(chain.wallet(0), {
            contract,
            name: 'Third',
            description: '',
            requireLivepeerRegistration: false,
          }),
        }),
      );
      const start = Date.now();
      while (!seen.includes(id) && Date.now() - start < 3_000) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(seen).toContain(id);
    } finally {
      unwatch();
    }
  });

  it('tells who is a member already, and how many a bulk add really added', async () => {
    const owner = chain.wallet(2);
    const { publicClient } = chain;
    const created = await waitForTransaction(publicClient, {
      hash: await createCommunity(owner, {
        contract,
        name: 'Bulk',
        description: '',
        requireLivepeerRegistration: false,
      }),
    });
    const communityId = createdCommunityId(created);
    const [first, second, third] = generated(3) as [Address, Address, Address];
    await addParticipants(owner, publicClient, {
      contract,
      communityId,
      participants: [first, second],
    });
    expect(
      await areCommunityParticipants(chain.appClient, {
        contract,
        communityId,
        addresses: [first, third, second],
      }),
    ).toEqual([true, false, true]);

    // The contract skips members already present without a word: only its events count.
    const [hash] = await addParticipants(owner, publicClient, {
      contract,
      communityId,
      participants: [first, third, second],
    });
    const receipt = await waitForTransaction(publicClient, { hash: hash as `0x${string}` });
    expect(countParticipantsAdded(receipt, { contract, communityId })).toBe(1);
    expect(countParticipantsAdded(receipt, { contract, communityId: communityId + 1n })).toBe(0);
  });
});
