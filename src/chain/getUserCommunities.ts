import type { Address, Client } from 'viem';
import { readContract } from 'viem/actions';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { toChainError } from './toChainError.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface GetUserCommunitiesParameters extends CommunityAccessTarget {
  account: Address;
  /** Scan only ids `startId` .. `startId + count - 1` (the paged view); default: all. */
  page?: { startId: bigint; count: bigint };
}

/** Ids of communities whose own allowlist holds the account (deactivated ones included). */
export type GetUserCommunitiesReturnType = readonly bigint[];

/**
 * Ids of the communities whose allowlist holds `account`. Access by the global allowlist,
 * a token or Livepeer is not listed here; ask `hasAccess` for that.
 *
 * @example
 * const ids = await getUserCommunities(client, { contract, account });
 */
export async function getUserCommunities(
  client: Client,
  { contract, account, page }: GetUserCommunitiesParameters,
): Promise<GetUserCommunitiesReturnType> {
  try {
    if (page) {
      return await readContract(client, {
        address: contract,
        abi: communityAccessAbi,
        functionName: 'getUserCommunitiesPage',
        args: [account, page.startId, page.count],
      });
    }
    return await readContract(client, {
      address: contract,
      abi: communityAccessAbi,
      functionName: 'getUserCommunities',
      args: [account],
    });
  } catch (error) {
    throw toChainError(error);
  }
}
