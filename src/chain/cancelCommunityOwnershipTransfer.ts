import { type Hash, zeroAddress } from 'viem';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface CancelCommunityOwnershipTransferParameters extends CommunityAccessTarget {
  communityId: bigint;
}

/**
 * Withdraws a pending offer of a community (community owner only): the contract's
 * `transferCommunityOwnership` to address(0). The owner stays the owner either way.
 * Returns the transaction hash; contract refusals arrive as AppErrors in words.
 *
 * @example
 * const hash = await cancelCommunityOwnershipTransfer(walletClient, { contract, communityId: 0n });
 * await waitForTransaction(publicClient, { hash });
 */
export function cancelCommunityOwnershipTransfer(
  client: SenderClient,
  { contract, communityId }: CancelCommunityOwnershipTransferParameters,
): Promise<Hash> {
  return sendCommunityAccessTransaction(client, contract, 'transferCommunityOwnership', [
    communityId,
    zeroAddress,
  ]);
}
