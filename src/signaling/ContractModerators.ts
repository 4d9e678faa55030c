import type { Address, Client } from 'viem';
import { watchContractEvent } from 'viem/actions';
import { communityAccessAbi } from '../chain/generated/communityAccessAbi.ts';
import { getCommunityRoles } from '../chain/getCommunityRoles.ts';
import type { Clock } from '../core/clock.ts';
import type { Scope } from '../core/Scope.ts';
import type { ModeratorCheck } from './GunModerationChannel.ts';

/** Contract events after which cached moderator answers may be wrong. */
const roleEvents = new Set([
  'CommunityAdminAdded',
  'CommunityAdminRemoved',
  'CommunityOwnershipTransferred',
  'CommunityDeactivated',
]);

/** Where {@link ContractModerators} reads roles, and how long an answer is kept. */
export interface ContractModeratorsOptions {
  client: Client;
  contract: Address;
  communityId: bigint;
  clock: Clock;
  /** Keeps answers this long (ms) even without role events. Default 60 s. */
  ttlMs?: number;
  /** How often to poll for role events (ms). Default 2 s. */
  pollingInterval?: number;
}

/**
 * Moderators of one community as the contract says: the owner or an admin of an active
 * community. Answers are cached per address, forgotten on admin and ownership events, and
 * never cached when the chain does not answer (fail closed: not a moderator).
 *
 * @example
 * const moderators = new ContractModerators({ client, contract, communityId, clock: systemClock });
 * moderators.watch(scope);
 * if (await moderators.isModerator(sender)) obey();
 */
export class ContractModerators implements ModeratorCheck {
  readonly #options: ContractModeratorsOptions;
  readonly #answers = new Map<string, { moderator: Promise<boolean | null>; at: number }>();

  constructor(options: ContractModeratorsOptions) {
    this.#options = options;
  }

  /** Follows role changes on the contract until `scope` ends. */
  watch(scope: Scope): void {
    const { client, contract, communityId, pollingInterval } = this.#options;
    const stop = watchContractEvent(client, {
      address: contract,
      abi: communityAccessAbi,
      strict: true,
      pollingInterval: pollingInterval ?? 2_000,
      // A failed poll keeps the cache; it expires by its TTL anyway.
      onError: () => {},
      onLogs: (logs) => {
        for (const log of logs) {
          if (log.eventName === undefined || !roleEvents.has(log.eventName)) continue;
          const args = log.args as { communityId?: bigint };
          if (args.communityId === communityId) this.#answers.clear();
        }
      },
    });
    scope.add(stop);
  }

  async isModerator(address: Address): Promise<boolean> {
    return (await this.answer(address)) === true;
  }

  /**
   * Like {@link isModerator}, but null when the chain did not answer (never cached), so a
   * caller can tell "not a moderator" from "could not ask".
   */
  answer(address: Address): Promise<boolean | null> {
    const key = address.toLowerCase();
    const now = this.#options.clock.now();
    const known = this.#answers.get(key);
    if (known && now - known.at < (this.#options.ttlMs ?? 60_000)) return known.moderator;
    const moderator = this.#read(address).catch(() => {
      this.#answers.delete(key);
      return null;
    });
    this.#answers.set(key, { moderator, at: now });
    return moderator;
  }

  async #read(account: Address): Promise<boolean> {
    const { client, contract, communityId } = this.#options;
    const roles = await getCommunityRoles(client, { contract, communityId, account });
    // Owner or admin of an active community (the contract's own rule for managing members).
    return roles.canManageMembers;
  }
}
