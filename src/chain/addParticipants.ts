import type { Address, Client, Hash } from 'viem';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';
import { waitForTransaction } from './waitForTransaction.ts';

/** Progress of a bulk add, after each transaction is sent and again when it is mined. */
export interface AddParticipantsProgress {
  /** Index of the chunk (transaction), from 0. */
  chunk: number;
  chunks: number;
  state: 'pending' | 'confirmed';
  hash: Hash;
  /** Addresses in confirmed chunks so far. */
  addedSoFar: number;
}

export interface AddParticipantsParameters extends CommunityAccessTarget {
  communityId: bigint;
  /** Already validated and de-duplicated (see `src/admin/addressList.ts`). */
  participants: readonly Address[];
  /** Addresses per transaction. Default 100 (about 4.8 M gas; under every block limit). */
  chunkSize?: number;
  onProgress?: (progress: AddParticipantsProgress) => void;
}

/**
 * Adds many members, one transaction per chunk, each mined before the next is sent (the
 * contract skips addresses already present, so a retry after a failure is harmless).
 * A failing chunk throws its AppError; earlier chunks stay added. Returns the hashes.
 *
 * @example
 * await addParticipants(walletClient, publicClient, {
 *   contract, communityId: 0n, participants, onProgress: (p) => bar.set(p.addedSoFar),
 * });
 */
export async function addParticipants(
  client: SenderClient,
  receiptClient: Client,
  { contract, communityId, participants, chunkSize = 100, onProgress }: AddParticipantsParameters,
): Promise<Hash[]> {
  const chunks = chunk(participants, chunkSize);
  const hashes: Hash[] = [];
  let addedSoFar = 0;
  for (const [index, addresses] of chunks.entries()) {
    const hash = await sendCommunityAccessTransaction(
      client,
      contract,
      'addParticipantsToCommunity',
      [communityId, addresses],
    );
    hashes.push(hash);
    onProgress?.({ chunk: index, chunks: chunks.length, state: 'pending', hash, addedSoFar });
    await waitForTransaction(receiptClient, { hash });
    addedSoFar += addresses.length;
    onProgress?.({ chunk: index, chunks: chunks.length, state: 'confirmed', hash, addedSoFar });
  }
  return hashes;
}

/**
 * Splits a list into runs of at most `size`.
 *
 * @example
 * chunk([1, 2, 3], 2); // [[1, 2], [3]]
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('chunk size must be >= 1');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
