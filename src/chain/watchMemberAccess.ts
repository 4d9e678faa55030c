import type { Address, Client } from 'viem';
import type { CommunityAccessTarget } from './types.ts';
import type { AccessChange } from './watchAccessChanges.ts';
import { watchAccessChanges } from './watchAccessChanges.ts';

export interface WatchMemberAccessParameters extends CommunityAccessTarget {
  communityId: bigint;
  address: Address;
  /** Called once per batch of events that may change whether `address` enters `communityId`. */
  onChanged: () => void;
  onError?: (error: Error) => void;
  /** How often to poll, in ms. Default: the client's polling interval. */
  pollingInterval?: number;
}

/**
 * Follows the allowlist events that may let one address into one community, or keep it out:
 * added to or removed from it or the global allowlist, the community deactivated, its token
 * gate changed. Returns `unwatch`.
 *
 * @example
 * scope.add(watchMemberAccess(client, {
 *   contract, communityId: 0n, address, pollingInterval: 1_000, onChanged: () => reload(),
 * }));
 */
export function watchMemberAccess(
  client: Client,
  { communityId, address, onChanged, ...watch }: WatchMemberAccessParameters,
): () => void {
  const me = address.toLowerCase();
  const concerns = (change: AccessChange) =>
    ('communityId' in change ? change.communityId === communityId : true) &&
    ('address' in change ? change.address.toLowerCase() === me : true);
  return watchAccessChanges(client, {
    ...watch,
    onChanges: (changes) => {
      if (changes.some(concerns)) onChanged();
    },
  });
}
