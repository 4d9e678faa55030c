import type { Address, Hash } from 'viem';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface AddParticipantParameters extends CommunityAccessTarget {
  communityId: bigint;
  participant: Address;
}

/**
 * Adds one member (community owner or admin).
 * Returns the transaction hash; contract refusals arrive as AppErrors in words.
 *
 * @example
 * const hash = await addParticipant(walletClient, { contract, communityId: 0n, participant: bob });
 * await waitForTransaction(publicClient, { hash });
 */
export function addParticipant(
  client: SenderClient,
  { contract, communityId, participant }: AddParticipantParameters,
): Promise<Hash> {
  return sendCommunityAccessTransaction(client, contract, 'addParticipantToCommunity', [
    communityId,
    participant,
  ]);
}
