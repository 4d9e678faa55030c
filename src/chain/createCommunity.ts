import { type Hash, parseEventLogs, type TransactionReceipt } from 'viem';
import { AppError } from '../core/errors.ts';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface CreateCommunityParameters extends CommunityAccessTarget {
  name: string;
  description: string;
  /**
   * Whether accounts registered in the Livepeer Service Registry may enter. Set once, here:
   * the contract has no later setter.
   */
  requireLivepeerRegistration: boolean;
}

/**
 * Creates a community owned by the sender, who is put on its allowlist. Returns the
 * transaction hash; read the new id from the receipt with {@link createdCommunityId}.
 *
 * @example
 * const hash = await createCommunity(walletClient, {
 *   contract, name: 'Builders', description: 'Weekly calls', requireLivepeerRegistration: false,
 * });
 * const id = createdCommunityId(await waitForTransaction(publicClient, { hash }));
 */
export function createCommunity(
  client: SenderClient,
  { contract, name, description, requireLivepeerRegistration }: CreateCommunityParameters,
): Promise<Hash> {
  return sendCommunityAccessTransaction(client, contract, 'createCommunity', [
    name,
    description,
    requireLivepeerRegistration,
  ]);
}

/**
 * The id of the community a `createCommunity` receipt created.
 *
 * @example
 * const id = createdCommunityId(receipt); // 0n for the first
 */
export function createdCommunityId(receipt: TransactionReceipt): bigint {
  const [event] = parseEventLogs({
    abi: communityAccessAbi,
    eventName: 'CommunityCreated',
    logs: receipt.logs,
  });
  if (!event) throw AppError.internal('The receipt holds no CommunityCreated event');
  return event.args.communityId;
}
