import type { Address, Client } from 'viem';
import { hasAccessMany } from '../chain/hasAccessMany.ts';
import { type AccessChange, watchAccessChanges } from '../chain/watchAccessChanges.ts';

export type { AccessChange } from '../chain/watchAccessChanges.ts';

/** One "may A enter C" question. */
export interface AccessQuery {
  communityId: bigint;
  address: Address;
}

/**
 * The chain as the access policy sees it: batched `hasAccess` reads and a feed of changes.
 * One real implementation ({@link createChainAccessReader}); unit tests write a fake.
 */
export interface AccessReader {
  /** One answer per query, in order; rejects (RPC_UNAVAILABLE) when the chain does not answer. */
  hasAccessMany(queries: readonly AccessQuery[]): Promise<boolean[]>;
  /** Follows access changes until the returned function is called. */
  watch(onChanges: (changes: AccessChange[]) => void, onError: (error: Error) => void): () => void;
}

export interface ChainAccessReaderOptions {
  contract: Address;
  /** How often to poll for events, in ms. Default 1,000 (Arbitrum makes a block every ~250 ms). */
  pollingIntervalMs?: number;
}

/**
 * The real {@link AccessReader}: `hasAccess` through one multicall per batch, events through
 * `watchContractEvent` polling.
 *
 * @example
 * const reader = createChainAccessReader(publicClient, { contract, pollingIntervalMs: 500 });
 */
export function createChainAccessReader(
  client: Client,
  { contract, pollingIntervalMs = 1_000 }: ChainAccessReaderOptions,
): AccessReader {
  return {
    hasAccessMany: (queries) => hasAccessMany(client, { contract, queries }),
    watch: (onChanges, onError) =>
      watchAccessChanges(client, {
        contract,
        onChanges,
        onError,
        pollingInterval: pollingIntervalMs,
      }),
  };
}
