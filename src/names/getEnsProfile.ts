import type { Address, Client } from 'viem';
import { getEnsName, getEnsText, normalize } from 'viem/ens';

export interface GetEnsProfileParameters {
  address: Address;
  /** A Universal Resolver of our own (the local chain's test resolver); default: viem's. */
  universalResolverAddress?: Address;
}

export interface GetEnsProfileReturnType {
  /** Primary name, forward-verified by the Universal Resolver; null when none. */
  name: string | null;
  /**
   * The avatar text record as written (https:, ipfs:, ar:, data:, or an `eip155:` NFT);
   * null when none. Nothing is fetched from it here: see `avatarUrl` and `getNftImage`.
   */
  avatar: string | null;
}

/**
 * An address's primary ENS name and avatar record, read on the ENS chain (Ethereum mainnet,
 * or the local chain with test resolvers). Only the RPC is asked: viem's getEnsAvatar would
 * also send a HEAD request to the host the record names, which tells that host our IP.
 * Rejects when the RPC fails.
 *
 * @example
 * const { name, avatar } = await getEnsProfile(mainnetClient, { address });
 */
export async function getEnsProfile(
  client: Client,
  { address, universalResolverAddress }: GetEnsProfileParameters,
): Promise<GetEnsProfileReturnType> {
  const resolver = universalResolverAddress === undefined ? {} : { universalResolverAddress };
  const name = await getEnsName(client, { address, ...resolver });
  if (name === null) return { name: null, avatar: null };
  const avatar = await getEnsText(client, { name: normalize(name), key: 'avatar', ...resolver });
  return { name, avatar: avatar === null || avatar.trim() === '' ? null : avatar };
}
