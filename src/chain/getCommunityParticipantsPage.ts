import type { Address, Client } from 'viem';
import { readContract } from 'viem/actions';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { toChainError } from './toChainError.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface GetCommunityParticipantsPageParameters extends CommunityAccessTarget {
  communityId: bigint;
  offset: number;
  limit: number;
}

/** Up to `limit` members from list index `offset` (the order changes when members leave). */
export type GetCommunityParticipantsPageReturnType = readonly Address[];

/**
 * One page of a community's allowlist, for lists too long for one call.
 *
 * @example
 * const members = await getCommunityParticipantsPage(client, {
 *   contract, communityId: 0n, offset: 0, limit: 100,
 * });
 */
export async function getCommunityParticipantsPage(
  client: Client,
  { contract, communityId, offset, limit }: GetCommunityParticipantsPageParameters,
): Promise<GetCommunityParticipantsPageReturnType> {
  try {
    return await readContract(client, {
      address: contract,
      abi: communityAccessAbi,
      functionName: 'getCommunityParticipantsPage',
      args: [communityId, BigInt(offset), BigInt(limit)],
    });
  } catch (error) {
    throw toChainError(error);
  }
}
