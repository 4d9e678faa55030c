import type {
  Account,
  Chain,
  Client,
  ContractFunctionArgs,
  ContractFunctionName,
  Hash,
  Transport,
} from 'viem';
import { simulateContract, writeContract } from 'viem/actions';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { toChainError } from './toChainError.ts';

/** A client that can send transactions: a wallet client with its account. */
export type SenderClient = Client<Transport, Chain | undefined, Account>;

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
  try {
    const { request } = await simulateContract(client, {
      address: contract,
      abi: communityAccessAbi,
      functionName,
      args,
      account: client.account,
      chain: client.chain,
    } as Parameters<typeof simulateContract>[1]);
    return await writeContract(client, request as Parameters<typeof writeContract>[1]);
  } catch (error) {
    throw toChainError(error);
  }
}
