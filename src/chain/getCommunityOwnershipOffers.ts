import { type Address, type Client, isAddressEqual } from 'viem';
import { multicall } from 'viem/actions';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { multicallTarget } from './multicallTarget.ts';
import { toChainError } from './toChainError.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface GetCommunityOwnershipOffersParameters extends CommunityAccessTarget {
  /** Existing communities to look at (e.g. the list the app already read). */
  communityIds: readonly bigint[];
  account: Address;
}

/** Ids of the communities whose owner offered them to the account, in the order given. */
export type GetCommunityOwnershipOffersReturnType = bigint[];

/**
 * Which of the given communities `account` may accept ownership of: each one's
 * `pendingCommunityOwner`, in ONE multicall.
 *
 * @example
 * const offered = await getCommunityOwnershipOffers(client, { contract, communityIds: [0n, 1n], account });
 * offered; // [1n]: community 1 waits for this account to accept it
 */
export async function getCommunityOwnershipOffers(
  client: Client,
  { contract, communityIds, account }: GetCommunityOwnershipOffersParameters,
): Promise<GetCommunityOwnershipOffersReturnType> {
  if (communityIds.length === 0) return [];
  try {
    const pending = await multicall(client, {
      allowFailure: false,
      ...multicallTarget(client),
      contracts: communityIds.map((communityId) => ({
        address: contract,
        abi: communityAccessAbi,
        functionName: 'pendingCommunityOwner' as const,
        args: [communityId] as const,
      })),
    });
    return communityIds.filter((_, i) => {
      const offeredTo = pending[i];
      return offeredTo !== undefined && isAddressEqual(offeredTo, account);
    });
  } catch (error) {
    throw toChainError(error);
  }
}
