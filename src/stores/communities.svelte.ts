import type { Address, Client } from 'viem';
import { hasAccessMany } from '../chain/hasAccessMany.ts';
import { listCommunities } from '../chain/listCommunities.ts';
import type { Community } from '../chain/types.ts';

export type CommunitiesState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; communities: readonly Community[]; member: ReadonlySet<bigint> }
  | { status: 'error'; error: unknown };

/**
 * The communities on the contract with their member counts, and which of them the
 * connected address may enter (`hasAccess`, so global allowlist and token gates count too).
 */
export class CommunitiesStore {
  state = $state.raw<CommunitiesState>({ status: 'idle' });
  readonly #client: Client;
  readonly #contract: Address;
  #request = 0;

  constructor(client: Client, contract: Address) {
    this.#client = client;
    this.#contract = contract;
  }

  /** Loads the list for `account`; a newer call wins over an older one still in flight. */
  async load(account: Address): Promise<void> {
    const request = ++this.#request;
    this.state = { status: 'loading' };
    try {
      const { communities } = await listCommunities(this.#client, { contract: this.#contract });
      const answers = await hasAccessMany(this.#client, {
        contract: this.#contract,
        queries: communities.map(({ id }) => ({ communityId: id, address: account })),
      });
      const member = new Set(communities.filter((_, i) => answers[i]).map(({ id }) => id));
      if (request === this.#request) this.state = { status: 'ready', communities, member };
    } catch (error) {
      if (request === this.#request) this.state = { status: 'error', error };
    }
  }
}
