import type { Address, Client } from 'viem';
import { getEnsAvatar, getEnsName, normalize } from 'viem/ens';

export interface GetEnsProfileParameters {
  address: Address;
  /** A Universal Resolver of our own (the local chain's test resolver); default: viem's. */
  universalResolverAddress?: Address;
}

export interface GetEnsProfileReturnType {
  /** Primary name, forward-verified by the Universal Resolver; null when none. */
  name: string | null;
  /** The avatar record resolved to a URL (data:, https:, NFT image); null when none. */
  avatar: string | null;
}

/**
 * An address's primary ENS name and avatar, read on the ENS chain (Ethereum mainnet, or the
 * local chain with test resolvers). Rejects when the RPC fails.
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
  const avatar = await getEnsAvatar(client, { name: normalize(name), ...resolver }).catch(
    // A broken avatar record (bad NFT, unreachable host) leaves the generated avatar.
    () => null,
  );
  return { name, avatar };
}
