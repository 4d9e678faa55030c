import type { Address, Hash } from 'viem';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface RemoveParticipantParameters extends CommunityAccessTarget {
  communityId: bigint;
  participant: Address;
}

/**
 * Removes one member (community owner or admin); every open room drops them within seconds.
 * Returns the transaction hash; contract refusals arrive as AppErrors in words.
 *
 * @example
 * const hash = await removeParticipant(walletClient, { contract, communityId: 0n, participant: bob });
 * await waitForTransaction(publicClient, { hash });
 */
export function removeParticipant(
  client: SenderClient,
  { contract, communityId, participant }: RemoveParticipantParameters,
): Promise<Hash> {
  return sendCommunityAccessTransaction(client, contract, 'removeParticipantFromCommunity', [
    communityId,
    participant,
  ]);
}
