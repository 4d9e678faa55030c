import type { Client, Hash, TransactionReceipt } from 'viem';
import { waitForTransactionReceipt } from 'viem/actions';
import { AppError } from '../core/errors.ts';
import { toChainError } from './toChainError.ts';

export interface WaitForTransactionParameters {
  hash: Hash;
  /** Give up after this many ms. Default 120 s. */
  timeout?: number;
  /** Poll interval in ms. Default: the client's. */
  pollingInterval?: number;
}

/**
 * Waits until a transaction is mined; throws CONTRACT_REVERTED when it reverted on chain
 * (a rare race after a successful simulation), RPC_UNAVAILABLE when no receipt came.
 *
 * @example
 * const receipt = await waitForTransaction(publicClient, { hash });
 */
export async function waitForTransaction(
  client: Client,
  { hash, timeout = 120_000, pollingInterval }: WaitForTransactionParameters,
): Promise<TransactionReceipt> {
  let receipt: TransactionReceipt;
  try {
    receipt = await waitForTransactionReceipt(client, {
      hash,
      timeout,
      ...(pollingInterval === undefined ? {} : { pollingInterval }),
    });
  } catch (error) {
    throw toChainError(error);
  }
  if (receipt.status !== 'success') {
    throw new AppError('CONTRACT_REVERTED', `Transaction ${hash} reverted`, {
      category: 'chain',
      details: hash,
    });
  }
  return receipt;
}
