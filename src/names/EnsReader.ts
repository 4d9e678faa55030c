import type { Address, Client } from 'viem';
import { getEnsAddress, normalize } from 'viem/ens';
import { fetchAssetJson } from './fetchAssetJson.ts';
import { type GetEnsProfileReturnType, getEnsProfile } from './getEnsProfile.ts';
import { getNftImage } from './getNftImage.ts';
import type { AssetHosts } from './remoteAssetUrl.ts';

/**
 * ENS as the name service sees it. One real implementation ({@link createEnsReader});
 * unit tests write a fake. Every call is one lookup the service counts.
 */
export interface EnsReader {
  /** Primary name and the avatar record as written (nothing fetched from it). */
  getProfile(address: Address): Promise<GetEnsProfileReturnType>;
  /** The address a name points to, or null. `name` is already normalized. */
  getAddress(name: string): Promise<Address | null>;
  /** The image reference of an `eip155:` NFT avatar record, or null. */
  getNftImage(record: string): Promise<string | null>;
}

export interface EnsReaderOptions {
  /** Set for a local chain with test resolvers (`config.ens.universalResolver`). */
  universalResolver?: Address;
  /** Hosts through which NFT metadata may be fetched (`config.avatars`); none by default. */
  assetHosts?: AssetHosts;
}

/**
 * The real {@link EnsReader} over a client on the ENS chain. Build that client with
 * `batch: { multicall: true }` on mainnet, so concurrent lookups share one `eth_call`.
 *
 * @example
 * const ensClient = createPublicClient({ chain: mainnet, transport: http(config.ens.rpcUrl), batch: { multicall: true } });
 * const reader = createEnsReader(ensClient, { universalResolver: config.ens.universalResolver });
 */
export function createEnsReader(client: Client, options: EnsReaderOptions = {}): EnsReader {
  const resolver =
    options.universalResolver === undefined
      ? {}
      : { universalResolverAddress: options.universalResolver };
  const hosts = options.assetHosts ?? {};
  return {
    getProfile: (address) => getEnsProfile(client, { address, ...resolver }),
    getAddress: (name) => getEnsAddress(client, { name: normalize(name), ...resolver }),
    getNftImage: (record) =>
      getNftImage(client, { record, fetchMetadata: (uri) => fetchAssetJson(uri, hosts) }),
  };
}
