import type { Client } from 'viem';
import { multicall } from 'viem/actions';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { multicallTarget } from './multicallTarget.ts';
import { toChainError } from './toChainError.ts';
import type { Community, CommunityAccessTarget } from './types.ts';

export interface GetCommunityParameters extends CommunityAccessTarget {
  communityId: bigint;
}

export type GetCommunityReturnType = Community;

/**
 * Reads one community (details, allowlist size, Livepeer rule) in one multicall.
 * Throws COMMUNITY_NOT_FOUND for an unknown id.
 *
 * @example
 * const community = await getCommunity(client, { contract, communityId: 0n });
 * community.active; // false once deactivated
 */
export async function getCommunity(
  client: Client,
  { contract, communityId }: GetCommunityParameters,
): Promise<GetCommunityReturnType> {
  try {
    const [info, requiresLivepeer] = await multicall(client, {
      allowFailure: false,
      ...multicallTarget(client),
      contracts: [
        {
          address: contract,
          abi: communityAccessAbi,
          functionName: 'getCommunityInfo',
          args: [communityId],
        },
        {
          address: contract,
          abi: communityAccessAbi,
          functionName: 'communityRequiresLivepeer',
          args: [communityId],
        },
      ],
    });
    return toCommunity(communityId, info, requiresLivepeer);
  } catch (error) {
    throw toChainError(error);
  }
}

/** The tuple `getCommunityInfo` returns. */
export type CommunityInfoTuple = readonly [string, string, `0x${string}`, bigint, boolean, bigint];

/** Shapes a `getCommunityInfo` answer into a {@link Community}. */
export function toCommunity(
  id: bigint,
  [name, description, owner, createdAt, active, participantCount]: CommunityInfoTuple,
  requiresLivepeer: boolean,
): Community {
  return {
    id,
    name,
    description,
    owner,
    createdAt: Number(createdAt) * 1000,
    active,
    participantCount: Number(participantCount),
    requiresLivepeer,
  };
}
