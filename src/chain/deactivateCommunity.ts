import type { Hash } from 'viem';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface DeactivateCommunityParameters extends CommunityAccessTarget {
  communityId: bigint;
}

/**
 * Deactivates a community for good (community owner or contract owner): it grants no access after this.
 * Returns the transaction hash; contract refusals arrive as AppErrors in words.
 *
 * @example
 * const hash = await deactivateCommunity(walletClient, { contract, communityId: 0n });
 * await waitForTransaction(publicClient, { hash });
 */
export function deactivateCommunity(
  client: SenderClient,
  { contract, communityId }: DeactivateCommunityParameters,
): Promise<Hash> {
  return sendCommunityAccessTransaction(client, contract, 'deactivateCommunity', [communityId]);
}
