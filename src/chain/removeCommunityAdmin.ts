import type { Address, Hash } from 'viem';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface RemoveCommunityAdminParameters extends CommunityAccessTarget {
  communityId: bigint;
  admin: Address;
}

/**
 * Removes an admin (community owner only).
 * Returns the transaction hash; contract refusals arrive as AppErrors in words.
 *
 * @example
 * const hash = await removeCommunityAdmin(walletClient, { contract, communityId: 0n, admin: carol });
 * await waitForTransaction(publicClient, { hash });
 */
export function removeCommunityAdmin(
  client: SenderClient,
  { contract, communityId, admin }: RemoveCommunityAdminParameters,
): Promise<Hash> {
  return sendCommunityAccessTransaction(client, contract, 'removeCommunityAdmin', [
    communityId,
    admin,
  ]);
}
