import type { ContractFunctionArgs, ContractFunctionName, Hash } from 'viem';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { type SenderClient, simulateAndWrite } from './simulateAndWrite.ts';

export type { SenderClient };

/** A state-changing CommunityAccess function. */
export type CommunityAccessWrite = ContractFunctionName<typeof communityAccessAbi, 'nonpayable'>;

/**
 * Simulates, then sends, one CommunityAccess transaction from the client's account. The
 * simulation turns a would-be revert into an AppError in words BEFORE the wallet is asked,
 * so nothing is signed that the contract would refuse. Returns the transaction hash.
 *
 * @example
 * const hash = await sendCommunityAccessTransaction(walletClient, contract,
 *   'removeParticipantFromCommunity', [0n, bob]);
 */
export async function sendCommunityAccessTransaction<name extends CommunityAccessWrite>(
  client: SenderClient,
  contract: `0x${string}`,
  functionName: name,
  args: ContractFunctionArgs<typeof communityAccessAbi, 'nonpayable', name>,
): Promise<Hash> {
  return simulateAndWrite(client, {
    address: contract,
    abi: communityAccessAbi,
    functionName,
    args,
  });
}
