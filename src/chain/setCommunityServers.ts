import type { Hash } from 'viem';
import type { GetCommunityServersReturnType } from './getCommunityServers.ts';
import {
  type SenderClient,
  sendCommunityAccessTransaction,
} from './sendCommunityAccessTransaction.ts';
import type { CommunityAccessTarget } from './types.ts';

export interface SetCommunityServersParameters extends CommunityAccessTarget {
  communityId: bigint;
  /** Replaces every list; all empty clears them. */
  servers: GetCommunityServersReturnType;
}

/**
 * Replaces the servers a community names for its rooms (community owner only). Returns the
 * transaction hash; refusals (`TooManyServers`, `InvalidServerUrl`) arrive as AppErrors in words.
 *
 * @example
 * const hash = await setCommunityServers(walletClient, {
 *   contract, communityId: 0n,
 *   servers: { relays: ['wss://relay.example.org/gun'], gate: '', iceServers: [], mediaServers: [] },
 * });
 */
export function setCommunityServers(
  client: SenderClient,
  { contract, communityId, servers }: SetCommunityServersParameters,
): Promise<Hash> {
  return sendCommunityAccessTransaction(client, contract, 'setCommunityServers', [
    communityId,
    {
      relays: [...servers.relays],
      gate: servers.gate,
      iceServers: [...servers.iceServers],
      mediaServers: [...servers.mediaServers],
    },
  ]);
}
