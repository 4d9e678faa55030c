import { type Address, parseEventLogs, type TransactionReceipt } from 'viem';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';

export interface CountParticipantsAddedParameters {
  contract: Address;
  communityId: bigint;
}

/**
 * How many members a mined transaction really added to a community: its `ParticipantAdded`
 * events (the contract skips, silently, addresses already on the list, so the number sent
 * says nothing).
 *
 * @example
 * const receipt = await waitForTransaction(client, { hash });
 * countParticipantsAdded(receipt, { contract, communityId: 0n }); // 1
 */
export function countParticipantsAdded(
  receipt: Pick<TransactionReceipt, 'logs'>,
  { contract, communityId }: CountParticipantsAddedParameters,
): number {
  const lower = contract.toLowerCase();
  return parseEventLogs({
    abi: communityAccessAbi,
    eventName: 'ParticipantAdded',
    logs: receipt.logs,
  }).filter((log) => log.address.toLowerCase() === lower && log.args.communityId === communityId)
    .length;
}
