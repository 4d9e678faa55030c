import type { Address, Client } from 'viem';
import { hasAccessMany } from '../chain/hasAccessMany.ts';
import { listCommunities } from '../chain/listCommunities.ts';
import type { Community } from '../chain/types.ts';

/** Communities read per page: one multicall for their details, one for access. */
const COMMUNITY_PAGE_SIZE = 100;

export type CommunitiesState =
  | { status: 'idle' }
  | { status: 'loading' }
  | {
      status: 'ready';
      /** Ids 0 .. communities.length - 1, in id order. */
      communities: readonly Community[];
      member: ReadonlySet<bigint>;
      /** How many communities exist; more than `communities.length` until all pages are read. */
      total: number;
    }
  | { status: 'error'; error: unknown };

/** The next page's read, apart from the list already shown. */
export type MoreCommunitiesState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: unknown };

/**
 * The communities on the contract with their member counts, and which of them the
 * connected address may enter (`hasAccess`, so global allowlist and token gates count too).
 * Read a page at a time: anyone can create communities, so no read grows with their number
 * unless the user asks for more.
 *
 * @example
 * await store.load(account);
 * if (store.state.status === 'ready' && store.state.communities.length < store.state.total) {
 *   await store.loadMore();
 * }
 */
export class CommunitiesStore {
  state = $state.raw<CommunitiesState>({ status: 'idle' });
  more = $state.raw<MoreCommunitiesState>({ status: 'idle' });
  readonly #client: Client;
  readonly #contract: Address;
  #account: Address | null = null;
  #request = 0;

  constructor(client: Client, contract: Address) {
    this.#client = client;
    this.#contract = contract;
  }

  /** Loads the first page for `account`; a newer call wins over an older one still in flight. */
  async load(account: Address): Promise<void> {
    const request = ++this.#request;
    this.#account = account;
    this.state = { status: 'loading' };
    this.more = { status: 'idle' };
    try {
      const page = await this.#readPage(account, 0);
      if (request === this.#request) this.state = { status: 'ready', ...page };
    } catch (error) {
      if (request === this.#request) this.state = { status: 'error', error };
    }
  }

  /** Appends the next page; does nothing while one is read or when all are shown. */
  async loadMore(): Promise<void> {
    const { state } = this;
    const account = this.#account;
    if (state.status !== 'ready' || account === null || this.more.status === 'loading') return;
    if (state.communities.length >= state.total) return;
    const request = this.#request;
    this.more = { status: 'loading' };
    try {
      const page = await this.#readPage(account, state.communities.length);
      if (request !== this.#request) return;
      this.state = {
        status: 'ready',
        communities: [...state.communities, ...page.communities],
        member: new Set([...state.member, ...page.member]),
        total: page.total,
      };
      this.more = { status: 'idle' };
    } catch (error) {
      if (request === this.#request) this.more = { status: 'error', error };
    }
  }

  async #readPage(account: Address, offset: number) {
    const { communities, total } = await listCommunities(this.#client, {
      contract: this.#contract,
      offset,
      limit: COMMUNITY_PAGE_SIZE,
    });
    const answers = await hasAccessMany(this.#client, {
      contract: this.#contract,
      queries: communities.map(({ id }) => ({ communityId: id, address: account })),
    });
    const member = new Set(communities.filter((_, i) => answers[i]).map(({ id }) => id));
    return { communities, member, total };
  }
}
