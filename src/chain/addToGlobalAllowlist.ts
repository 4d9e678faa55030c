import type { Address, Hash } from 'viem';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface AddToGlobalAllowlistParameters extends CommunityAccessTarget {
  participant: Address;
}

/**
 * Gives an address access to every active community (contract owner only).
 * Returns the transaction hash; contract refusals arrive as AppErrors in words.
 *
 * @example
 * const hash = await addToGlobalAllowlist(walletClient, { contract, participant: bob });
 * await waitForTransaction(publicClient, { hash });
 */
export function addToGlobalAllowlist(
  client: SenderClient,
  { contract, participant }: AddToGlobalAllowlistParameters,
): Promise<Hash> {
  return sendCommunityAccessTransaction(client, contract, 'addToGlobalAllowlist', [participant]);
}
