import type { Address, Hash } from 'viem';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface RemoveFromGlobalAllowlistParameters extends CommunityAccessTarget {
  participant: Address;
}

/**
 * Takes an address off the global allowlist (contract owner only).
 * Returns the transaction hash; contract refusals arrive as AppErrors in words.
 *
 * @example
 * const hash = await removeFromGlobalAllowlist(walletClient, { contract, participant: bob });
 * await waitForTransaction(publicClient, { hash });
 */
export function removeFromGlobalAllowlist(
  client: SenderClient,
  { contract, participant }: RemoveFromGlobalAllowlistParameters,
): Promise<Hash> {
  return sendCommunityAccessTransaction(client, contract, 'removeFromGlobalAllowlist', [
    participant,
  ]);
}
