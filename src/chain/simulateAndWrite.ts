import type { Abi, Account, Chain, Client, Hash, Transport } from 'viem';
import { simulateContract, writeContract } from 'viem/actions';
import { toChainError } from './toChainError.ts';

/** A client that can send transactions: a wallet client with its account. */
export type SenderClient = Client<Transport, Chain | undefined, Account>;

/**
 * Simulates, then sends, one transaction from the client's account. The simulation turns a
 * would-be revert into an AppError in words BEFORE the wallet is asked, so nothing is signed
 * that the contract would refuse. Returns the transaction hash. The typed wrappers
 * (`sendCommunityAccessTransaction`, `sendMeetingTransaction`) check names and arguments.
 *
 * @example
 * const hash = await simulateAndWrite(walletClient, { address, abi, functionName, args });
 */
export async function simulateAndWrite(
  client: SenderClient,
  call: { address: `0x${string}`; abi: Abi; functionName: string; args: unknown },
): Promise<Hash> {
  try {
    const { request } = await simulateContract(client, {
      ...call,
      account: client.account,
      chain: client.chain,
    } as Parameters<typeof simulateContract>[1]);
    return await writeContract(client, request as Parameters<typeof writeContract>[1]);
  } catch (error) {
    throw toChainError(error);
  }
}
