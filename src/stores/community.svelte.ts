import type { Address, Client } from 'viem';
import { getCommunity } from '../chain/getCommunity.ts';
import { type GetCommunityRolesReturnType, getCommunityRoles } from '../chain/getCommunityRoles.ts';
import { hasAccessMany } from '../chain/hasAccessMany.ts';
import type { Community } from '../chain/types.ts';

export type CommunityPageState =
  | { status: 'loading' }
  | {
      status: 'ready';
      community: Community;
      member: boolean;
      roles: GetCommunityRolesReturnType;
    }
  | { status: 'error'; error: unknown };

/** One community as its page shows it: details, whether you may enter, what you may manage. */
export class CommunityStore {
  state = $state.raw<CommunityPageState>({ status: 'loading' });
  readonly #client: Client;
  readonly #contract: Address;
  #request = 0;

  constructor(client: Client, contract: Address) {
    this.#client = client;
    this.#contract = contract;
  }

  async load(communityId: bigint, account: Address): Promise<void> {
    const request = ++this.#request;
    this.state = { status: 'loading' };
    const target = { contract: this.#contract };
    try {
      const [community, [member], roles] = await Promise.all([
        getCommunity(this.#client, { ...target, communityId }),
        hasAccessMany(this.#client, { ...target, queries: [{ communityId, address: account }] }),
        getCommunityRoles(this.#client, { ...target, communityId, account }),
      ]);
      if (request !== this.#request) return;
      this.state = { status: 'ready', community, member: member === true, roles };
    } catch (error) {
      if (request === this.#request) this.state = { status: 'error', error };
    }
  }
}
