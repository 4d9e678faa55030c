import { type Address, type Client, isAddressEqual } from 'viem';
import type { AdminAction } from '../admin/adminAction.ts';
import type {
  BulkProgress,
  TrackedTransaction,
  TransactionOutcome,
  TransactionTracker,
} from '../admin/TransactionTracker.ts';
import { getCommunity } from '../chain/getCommunity.ts';
import { getCommunityParticipantsPage } from '../chain/getCommunityParticipantsPage.ts';
import { type GetCommunityRolesReturnType, getCommunityRoles } from '../chain/getCommunityRoles.ts';
import { getGlobalAllowlist } from '../chain/getGlobalAllowlist.ts';
import type { Community } from '../chain/types.ts';
import type { Scope } from '../core/Scope.ts';
import type { DisplayName, NameService } from '../names/NameService.ts';

/** The part of the name service the console uses: labels, avatars, ENS names typed in. */
export type AdminNames = Pick<NameService, 'peek' | 'lookupMany' | 'resolveAddressInput'>;

/** Members shown per page of the member list. */
export const MEMBERS_PER_PAGE = 20;

/**
 * Runes view of the console's transactions: each one's state as it moves from the wallet
 * to the chain, and the bulk-add progress. Views call `run`; the tracker does the work.
 */
export class AdminTransactionsStore {
  transactions = $state.raw<readonly TrackedTransaction[]>([]);
  bulk = $state.raw<BulkProgress | null>(null);
  readonly #tracker: TransactionTracker;
  readonly #signal: AbortSignal;

  /** True while a transaction waits for the wallet or the chain. */
  readonly busy = $derived(
    this.transactions.some((t) => t.state.status === 'signing' || t.state.status === 'pending'),
  );

  constructor(tracker: TransactionTracker, scope: Scope) {
    this.#tracker = tracker;
    this.#signal = scope.signal;
    this.transactions = tracker.transactions;
    this.bulk = tracker.bulk;
    tracker.events.on('transactions', (list) => (this.transactions = list), scope);
    tracker.events.on('bulk', (progress) => (this.bulk = progress), scope);
  }

  run(action: AdminAction): Promise<TransactionOutcome> {
    return this.#tracker.run(action);
  }

  addInBatches(communityId: bigint, participants: readonly Address[]): Promise<BulkProgress> {
    // Leaving the console stops a batch before its next wallet prompt.
    return this.#tracker.addInBatches(communityId, participants, { signal: this.#signal });
  }

  clearBulk(): void {
    this.#tracker.clearBulk();
  }

  clearSettled(): void {
    this.#tracker.clearSettled();
  }
}

export type CommunityAdminState =
  | { status: 'loading' }
  | {
      status: 'ready';
      community: Community;
      roles: GetCommunityRolesReturnType;
      admins: readonly DisplayName[];
      owner: DisplayName;
      /** Who the owner offered the community to, until they accept; else null. */
      pendingOwner: DisplayName | null;
    }
  | { status: 'error'; error: unknown };

export type MemberPageState =
  | { status: 'loading' }
  | { status: 'ready'; members: readonly DisplayName[] }
  | { status: 'error'; error: unknown };

/** Where {@link CommunityAdminStore} reads. */
export interface CommunityAdminStoreOptions {
  client: Client;
  contract: Address;
  names: AdminNames;
  communityId: bigint;
}

/**
 * One community as its console shows it: details, the account's roles, its owner, admins and
 * pending owner, and one page of its allowlist with names. `reload` after each confirmed transaction.
 */
export class CommunityAdminStore {
  state = $state.raw<CommunityAdminState>({ status: 'loading' });
  members = $state.raw<MemberPageState>({ status: 'loading' });
  /** First list index of the member page shown. */
  offset = $state(0);
  readonly #options: CommunityAdminStoreOptions;
  #request = 0;
  #pageRequest = 0;

  /** Members on the allowlist (from the last read). */
  readonly total = $derived(
    this.state.status === 'ready' ? this.state.community.participantCount : 0,
  );

  constructor(options: CommunityAdminStoreOptions) {
    this.#options = options;
  }

  /** Reads the community, the roles of `account` and the current member page, together. */
  async load(account: Address): Promise<void> {
    const request = ++this.#request;
    const page = ++this.#pageRequest;
    const { client, contract, communityId, names } = this.#options;
    try {
      const [community, roles] = await Promise.all([
        getCommunity(client, { contract, communityId }),
        getCommunityRoles(client, { contract, communityId, account }),
      ]);
      // Members left since: stay on the last page that still has someone on it.
      const count = community.participantCount;
      const offset =
        this.offset < count
          ? this.offset
          : Math.max(0, Math.floor((count - 1) / MEMBERS_PER_PAGE) * MEMBERS_PER_PAGE);
      const { pendingOwner } = roles;
      const [admins, [owner, offeredTo], members] = await Promise.all([
        names.lookupMany(roles.admins),
        names.lookupMany(pendingOwner ? [community.owner, pendingOwner] : [community.owner]),
        this.#readPage(offset),
      ]);
      if (request !== this.#request) return;
      this.state = {
        status: 'ready',
        community,
        roles,
        admins,
        owner: owner ?? names.peek(community.owner),
        pendingOwner: pendingOwner && (offeredTo ?? names.peek(pendingOwner)),
      };
      if (page !== this.#pageRequest) return;
      this.offset = offset;
      this.members = { status: 'ready', members };
    } catch (error) {
      if (request === this.#request) this.state = { status: 'error', error };
    }
  }

  /** Shows the member page starting at list index `offset`. */
  async showPage(offset: number): Promise<void> {
    const page = ++this.#pageRequest;
    const start = Math.max(0, offset);
    try {
      const members = await this.#readPage(start);
      if (page !== this.#pageRequest) return;
      this.offset = start;
      this.members = { status: 'ready', members };
    } catch (error) {
      if (page === this.#pageRequest) this.members = { status: 'error', error };
    }
  }

  async #readPage(offset: number): Promise<DisplayName[]> {
    const { client, contract, communityId, names } = this.#options;
    const addresses = await getCommunityParticipantsPage(client, {
      contract,
      communityId,
      offset,
      limit: MEMBERS_PER_PAGE,
    });
    return names.lookupMany(addresses);
  }
}

export type GlobalAllowlistState =
  | { status: 'loading' }
  | {
      status: 'ready';
      isContractOwner: boolean;
      total: number;
      members: readonly DisplayName[];
    }
  | { status: 'error'; error: unknown };

/** Where {@link GlobalAllowlistStore} reads. */
export interface GlobalAllowlistStoreOptions {
  client: Client;
  contract: Address;
  names: AdminNames;
}

/** The global allowlist (one page, with names) and whether the account may change it. */
export class GlobalAllowlistStore {
  state = $state.raw<GlobalAllowlistState>({ status: 'loading' });
  offset = $state(0);
  readonly #options: GlobalAllowlistStoreOptions;
  #request = 0;

  constructor(options: GlobalAllowlistStoreOptions) {
    this.#options = options;
  }

  async load(account: Address, offset = this.offset): Promise<void> {
    const request = ++this.#request;
    const { client, contract, names } = this.#options;
    this.offset = Math.max(0, offset);
    try {
      const list = await getGlobalAllowlist(client, {
        contract,
        offset: this.offset,
        limit: MEMBERS_PER_PAGE,
      });
      const members = await names.lookupMany(list.participants);
      if (request !== this.#request) return;
      this.state = {
        status: 'ready',
        isContractOwner: isAddressEqual(list.owner, account),
        total: list.total,
        members,
      };
    } catch (error) {
      if (request === this.#request) this.state = { status: 'error', error };
    }
  }
}
