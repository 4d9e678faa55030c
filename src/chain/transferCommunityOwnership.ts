import { type Address, type Hash, isAddressEqual, zeroAddress } from 'viem';
import { AppError } from '../core/errors.ts';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface TransferCommunityOwnershipParameters extends CommunityAccessTarget {
  communityId: bigint;
  /** The account offered ownership; it becomes the owner when it accepts. */
  newOwner: Address;
}

/**
 * Offers a community to `newOwner` (community owner only): the first of two steps. The
 * caller stays the owner until `newOwner` calls {@link acceptCommunityOwnership}; a new
 * offer replaces a pending one. The zero address is refused here (the contract would read
 * it as "cancel"; use `cancelCommunityOwnershipTransfer` for that).
 * Returns the transaction hash; contract refusals arrive as AppErrors in words.
 *
 * @example
 * const hash = await transferCommunityOwnership(walletClient, { contract, communityId: 0n, newOwner: carol });
 * await waitForTransaction(publicClient, { hash });
 */
export async function transferCommunityOwnership(
  client: SenderClient,
  { contract, communityId, newOwner }: TransferCommunityOwnershipParameters,
): Promise<Hash> {
  if (isAddressEqual(newOwner, zeroAddress)) {
    throw new AppError('ADDRESS_INVALID', 'The zero address cannot own a community.', {
      category: 'user',
    });
  }
  return sendCommunityAccessTransaction(client, contract, 'transferCommunityOwnership', [
    communityId,
    newOwner,
  ]);
}
