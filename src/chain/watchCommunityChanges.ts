import type { Client } from 'viem';
import { watchContractEvent } from 'viem/actions';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import type { CommunityAccessTarget } from './types.ts';

/**
 * Contract events after which a community's card (name, state, member count) or its console
 * (owner, pending ownership offer) is stale.
 */
const cardEvents = new Set([
  'CommunityCreated',
  'CommunityUpdated',
  'CommunityDeactivated',
  'CommunityOwnershipTransferStarted',
  'CommunityOwnershipTransferred',
  'ParticipantAdded',
  'ParticipantRemoved',
]);

export interface WatchCommunityChangesParameters extends CommunityAccessTarget {
  /** Ids of communities created or changed since the last call, each once. */
  onChanged: (communityIds: bigint[]) => void;
  onError?: (error: Error) => void;
  /** How often to poll, in ms. Default: the client's polling interval. */
  pollingInterval?: number;
}

/** Stops watching. */
export type WatchCommunityChangesReturnType = () => void;

/**
 * Follows the events that change the community list and console: created, renamed,
 * deactivated, offered to a new owner (or the offer withdrawn), transferred, members added or
 * removed. The list re-reads only the ids named.
 *
 * @example
 * scope.add(watchCommunityChanges(client, {
 *   contract, onChanged: (ids) => ids.forEach((id) => reload(id)),
 * }));
 */
export function watchCommunityChanges(
  client: Client,
  { contract, onChanged, onError, pollingInterval }: WatchCommunityChangesParameters,
): WatchCommunityChangesReturnType {
  return watchContractEvent(client, {
    address: contract,
    abi: communityAccessAbi,
    strict: true,
    ...(pollingInterval === undefined ? {} : { pollingInterval }),
    ...(onError === undefined ? {} : { onError }),
    onLogs: (logs) => {
      const ids = new Set<bigint>();
      for (const log of logs) {
        if (log.eventName === undefined || !cardEvents.has(log.eventName)) continue;
        const args = log.args as { communityId?: bigint };
        if (args.communityId !== undefined) ids.add(args.communityId);
      }
      if (ids.size > 0) onChanged([...ids]);
    },
  });
}
