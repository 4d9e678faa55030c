import { type Client, createPublicClient, defineChain, http } from 'viem';
import { mainnet, sepolia } from 'viem/chains';
import type { AppConfig } from '../core/config.ts';

/**
 * The client ENS is read through, separate from the app's chain (ENS lives on Ethereum
 * mainnet; Arbitrum has none). On mainnet and Sepolia concurrent reads are folded into one
 * Multicall3 `eth_call`; any other chain id (the local chain with test resolvers) is
 * defined on the fly and must come with `universalResolver` in the config.
 *
 * @example
 * const ensClient = createEnsClient(config.ens);
 * const names = new NameService({
 *   reader: createEnsReader(ensClient, config.ens.universalResolver === undefined ? {} : { universalResolver: config.ens.universalResolver }),
 *   clock: systemClock, storage: localStorage, chainId: config.ens.chainId,
 * });
 */
export function createEnsClient(ens: AppConfig['ens']): Client {
  const known = [mainnet, sepolia].find((chain) => chain.id === ens.chainId);
  const chain =
    known ??
    defineChain({
      id: ens.chainId,
      name: `ENS chain ${ens.chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [ens.rpcUrl] } },
    });
  return createPublicClient({
    chain,
    transport: http(ens.rpcUrl),
    ...(known === undefined ? {} : { batch: { multicall: true } }),
  });
}
