import type { Address, Client } from 'viem';
import { getEnsAddress, normalize } from 'viem/ens';
import { type GetEnsProfileReturnType, getEnsProfile } from './getEnsProfile.ts';

/**
 * ENS as the name service sees it. One real implementation ({@link createEnsReader});
 * unit tests write a fake. Every call is one lookup the service counts.
 */
export interface EnsReader {
  getProfile(address: Address): Promise<GetEnsProfileReturnType>;
  /** The address a name points to, or null. `name` is already normalized. */
  getAddress(name: string): Promise<Address | null>;
}

export interface EnsReaderOptions {
  /** Set for a local chain with test resolvers (`config.ens.universalResolver`). */
  universalResolver?: Address;
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
  return {
    getProfile: (address) => getEnsProfile(client, { address, ...resolver }),
    getAddress: (name) => getEnsAddress(client, { name: normalize(name), ...resolver }),
  };
}
