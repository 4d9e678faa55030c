import type { Address, Hash } from 'viem';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface AddCommunityAdminParameters extends CommunityAccessTarget {
  communityId: bigint;
  admin: Address;
}

/**
 * Appoints an admin, who may manage the allowlist (community owner only).
 * Returns the transaction hash; contract refusals arrive as AppErrors in words.
 *
 * @example
 * const hash = await addCommunityAdmin(walletClient, { contract, communityId: 0n, admin: carol });
 * await waitForTransaction(publicClient, { hash });
 */
export function addCommunityAdmin(
  client: SenderClient,
  { contract, communityId, admin }: AddCommunityAdminParameters,
): Promise<Hash> {
  return sendCommunityAccessTransaction(client, contract, 'addCommunityAdmin', [
    communityId,
    admin,
  ]);
}
