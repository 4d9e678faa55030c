import type { Address, Client } from 'viem';
import { multicall } from 'viem/actions';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { multicallTarget } from './multicallTarget.ts';
import { toChainError } from './toChainError.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface GetGlobalAllowlistParameters extends CommunityAccessTarget {
  /** First list index. Default 0. */
  offset?: number;
  /** Most addresses to read. Default 100. */
  limit?: number;
}

export interface GetGlobalAllowlistReturnType {
  /** The contract owner, the only account that may change the global allowlist. */
  owner: Address;
  /** Addresses on the global allowlist in all. */
  total: number;
  /** Up to `limit` of them from list index `offset` (the order changes on removal). */
  participants: readonly Address[];
}

/**
 * Reads the contract owner and one page of the global allowlist in one multicall.
 *
 * @example
 * const { owner, total, participants } = await getGlobalAllowlist(client, { contract, limit: 20 });
 */
export async function getGlobalAllowlist(
  client: Client,
  { contract, offset = 0, limit = 100 }: GetGlobalAllowlistParameters,
): Promise<GetGlobalAllowlistReturnType> {
  const base = { address: contract, abi: communityAccessAbi } as const;
  try {
    const [owner, total, participants] = await multicall(client, {
      allowFailure: false,
      ...multicallTarget(client),
      contracts: [
        { ...base, functionName: 'owner' },
        { ...base, functionName: 'globalParticipantCount' },
        {
          ...base,
          functionName: 'getGlobalParticipantsPage',
          args: [BigInt(offset), BigInt(limit)],
        },
      ],
    });
    return { owner, total: Number(total), participants };
  } catch (error) {
    throw toChainError(error);
  }
}
