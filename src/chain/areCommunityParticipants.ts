import type { Address, Client } from 'viem';
import { multicall } from 'viem/actions';
import { AppError } from '../core/errors.ts';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { multicallTarget } from './multicallTarget.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface AreCommunityParticipantsParameters extends CommunityAccessTarget {
  communityId: bigint;
  addresses: readonly Address[];
}

/** One answer per address, in order: on the community's own allowlist or not. */
export type AreCommunityParticipantsReturnType = boolean[];

/**
 * Reads `isCommunityParticipant` for many addresses in few requests (calls packed into
 * multicalls of about 64 KiB each, so a 5,000-line list costs a handful of requests).
 * Throws RPC_UNAVAILABLE when the chain does not answer.
 *
 * @example
 * const [alice, bob] = await areCommunityParticipants(client, {
 *   contract, communityId: 0n, addresses: [alice, bob],
 * });
 */
export async function areCommunityParticipants(
  client: Client,
  { contract, communityId, addresses }: AreCommunityParticipantsParameters,
): Promise<AreCommunityParticipantsReturnType> {
  if (addresses.length === 0) return [];
  try {
    return await multicall(client, {
      allowFailure: false,
      batchSize: 64 * 1024,
      ...multicallTarget(client),
      contracts: addresses.map((address) => ({
        address: contract,
        abi: communityAccessAbi,
        functionName: 'isCommunityParticipant' as const,
        args: [communityId, address] as const,
      })),
    });
  } catch (error) {
    throw AppError.rpcUnavailable(error);
  }
}
