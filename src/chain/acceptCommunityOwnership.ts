import type { Hash } from 'viem';
import { AppError } from '../core/errors.ts';
import { shortAddress } from '../names/generatedAvatar.ts';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface AcceptCommunityOwnershipParameters extends CommunityAccessTarget {
  communityId: bigint;
}

/**
 * Accepts the offer of a community (only the account it was offered to): the second of two
 * steps. The caller becomes the owner and is put on the community's allowlist.
 * Returns the transaction hash; contract refusals arrive as AppErrors in words.
 *
 * @example
 * const hash = await acceptCommunityOwnership(carolWalletClient, { contract, communityId: 0n });
 * await waitForTransaction(publicClient, { hash });
 */
export async function acceptCommunityOwnership(
  client: SenderClient,
  { contract, communityId }: AcceptCommunityOwnershipParameters,
): Promise<Hash> {
  try {
    return await sendCommunityAccessTransaction(client, contract, 'acceptCommunityOwnership', [
      communityId,
    ]);
  } catch (error) {
    // The contract's refusal is the generic "not the owner or an admin"; here it means the
    // offer is not (or no longer) for this account.
    if (error instanceof AppError && error.details === 'CommunityUnauthorizedAccount') {
      throw new AppError(
        'NOT_AUTHORIZED',
        `${shortAddress(client.account.address)} has not been offered ownership of this community (or the offer was withdrawn).`,
        { category: 'chain', cause: error, details: error.details },
      );
    }
    throw error;
  }
}
