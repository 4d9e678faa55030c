import type { Client } from 'viem';
import { readContract } from 'viem/actions';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { toChainError } from './toChainError.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface GetCommunityServersParameters extends CommunityAccessTarget {
  communityId: bigint;
}

/**
 * The servers a community's owner named on chain, as stored: only their schemes and lengths
 * were checked by the contract, so each entry is still to be validated before use.
 */
export interface GetCommunityServersReturnType {
  relays: readonly string[];
  /** Empty when the community names no gate. */
  gate: string;
  iceServers: readonly string[];
  mediaServers: readonly string[];
}

/**
 * Reads the servers a community names for its rooms (every list empty when none).
 * Throws COMMUNITY_NOT_FOUND for an unknown id.
 *
 * @example
 * const servers = await getCommunityServers(client, { contract, communityId: 0n });
 * servers.relays; // ['wss://relay.example.org/gun']
 */
export async function getCommunityServers(
  client: Client,
  { contract, communityId }: GetCommunityServersParameters,
): Promise<GetCommunityServersReturnType> {
  try {
    return await readContract(client, {
      address: contract,
      abi: communityAccessAbi,
      functionName: 'getCommunityServers',
      args: [communityId],
    });
  } catch (error) {
    throw toChainError(error);
  }
}
