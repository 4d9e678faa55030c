import type { Hash } from 'viem';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface UpdateCommunityParameters extends CommunityAccessTarget {
  communityId: bigint;
  name: string;
  description: string;
}

/**
 * Renames a community and replaces its description (community owner only).
 * Returns the transaction hash; contract refusals arrive as AppErrors in words.
 *
 * @example
 * const hash = await updateCommunity(walletClient, { contract, communityId: 0n, name: 'Builders', description: 'Weekly calls' });
 * await waitForTransaction(publicClient, { hash });
 */
export function updateCommunity(
  client: SenderClient,
  { contract, communityId, name, description }: UpdateCommunityParameters,
): Promise<Hash> {
  return sendCommunityAccessTransaction(client, contract, 'updateCommunity', [
    communityId,
    name,
    description,
  ]);
}
