import type { Client } from 'viem';
import { multicall, readContract } from 'viem/actions';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { toCommunity } from './getCommunity.ts';
import { multicallTarget } from './multicallTarget.ts';
import { toChainError } from './toChainError.ts';
import type { Community, CommunityAccessTarget } from './types.ts';

export interface ListCommunitiesParameters extends CommunityAccessTarget {
  /** First id to read. Default 0. */
  offset?: number;
  /** Most communities to read. Default 100. */
  limit?: number;
}

export interface ListCommunitiesReturnType {
  /** Communities `offset` .. `offset + limit - 1` that exist, deactivated ones included. */
  communities: Community[];
  /** How many communities exist in all. */
  total: number;
}

/** Calldata of 227 communities' two calls (36 bytes each): a page of 100 in one request. */
const PAGE_CALLDATA_BYTES = 16_384;

/**
 * Lists communities with their member counts and active state: `communityCount`, then one
 * multicall for the page (one request where the chain has Multicall3, chunks of 14
 * communities on a local chain).
 *
 * @example
 * const { communities, total } = await listCommunities(client, { contract, limit: 50 });
 */
export async function listCommunities(
  client: Client,
  { contract, offset = 0, limit = 100 }: ListCommunitiesParameters,
): Promise<ListCommunitiesReturnType> {
  try {
    const total = Number(
      await readContract(client, {
        address: contract,
        abi: communityAccessAbi,
        functionName: 'communityCount',
      }),
    );
    const ids: bigint[] = [];
    for (let id = offset; id < Math.min(total, offset + limit); id++) ids.push(BigInt(id));
    if (ids.length === 0) return { communities: [], total };
    const target = multicallTarget(client);
    const answers = await multicall(client, {
      allowFailure: false,
      // viem splits a multicall past 1,024 bytes of calldata (28 calls here) into more
      // eth_calls. Against a deployed Multicall3 one request takes the whole page; a
      // deployless one (local chain) returns its answers as contract code, capped at
      // 24,576 bytes, which 28 answers with long descriptions already come close to.
      batchSize: 'multicallAddress' in target ? PAGE_CALLDATA_BYTES : undefined,
      ...target,
      contracts: ids.flatMap((id) => [
        {
          address: contract,
          abi: communityAccessAbi,
          functionName: 'getCommunityInfo' as const,
          args: [id] as const,
        },
        {
          address: contract,
          abi: communityAccessAbi,
          functionName: 'communityRequiresLivepeer' as const,
          args: [id] as const,
        },
      ]),
    });
    const communities = ids.map((id, i) => {
      const info = answers[2 * i] as Parameters<typeof toCommunity>[1];
      const requiresLivepeer = answers[2 * i + 1] as boolean;
      return toCommunity(id, info, requiresLivepeer);
    });
    return { communities, total };
  } catch (error) {
    throw toChainError(error);
  }
}
