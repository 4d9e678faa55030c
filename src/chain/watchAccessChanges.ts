import type { Address, Client } from 'viem';
import { watchContractEvent } from 'viem/actions';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import type { CommunityAccessTarget } from './types.ts';

/** An on-chain change that may alter who has access. */
export type AccessChange =
  | { kind: 'member-added' | 'member-removed'; communityId: bigint; address: Address }
  | { kind: 'community-deactivated' | 'token-gate-changed'; communityId: bigint }
  | { kind: 'global-added' | 'global-removed'; address: Address };

export interface WatchAccessChangesParameters extends CommunityAccessTarget {
  onChanges: (changes: AccessChange[]) => void;
  onError?: (error: Error) => void;
  /** How often to poll for new logs, in ms. Default: the client's polling interval. */
  pollingInterval?: number;
}

/** Stops watching. */
export type WatchAccessChangesReturnType = () => void;

/**
 * Follows the CommunityAccess events that change access: members added or removed,
 * communities deactivated, token gates set, the global allowlist. Returns `unwatch`.
 *
 * @example
 * const unwatch = watchAccessChanges(client, {
 *   contract, pollingInterval: 500,
 *   onChanges: (changes) => changes.forEach(invalidate),
 * });
 * scope.add(unwatch);
 */
export function watchAccessChanges(
  client: Client,
  { contract, onChanges, onError, pollingInterval }: WatchAccessChangesParameters,
): WatchAccessChangesReturnType {
  return watchContractEvent(client, {
    address: contract,
    abi: communityAccessAbi,
    strict: true,
    ...(pollingInterval === undefined ? {} : { pollingInterval }),
    ...(onError === undefined ? {} : { onError }),
    onLogs: (logs) => {
      const changes: AccessChange[] = [];
      for (const log of logs) {
        switch (log.eventName) {
          case 'ParticipantAdded':
          case 'ParticipantRemoved':
            changes.push({
              kind: log.eventName === 'ParticipantAdded' ? 'member-added' : 'member-removed',
              communityId: log.args.communityId,
              address: log.args.participant,
            });
            break;
          case 'CommunityDeactivated':
            changes.push({ kind: 'community-deactivated', communityId: log.args.communityId });
            break;
          case 'CommunityTokenGateSet':
            changes.push({ kind: 'token-gate-changed', communityId: log.args.communityId });
            break;
          case 'GlobalParticipantAdded':
          case 'GlobalParticipantRemoved':
            changes.push({
              kind: log.eventName === 'GlobalParticipantAdded' ? 'global-added' : 'global-removed',
              address: log.args.participant,
            });
            break;
          default:
            break;
        }
      }
      if (changes.length > 0) onChanges(changes);
    },
  });
}
