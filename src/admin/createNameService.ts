import { createPublicClient, defineChain, http } from 'viem';
import { mainnet } from 'viem/chains';
import { systemClock } from '../core/clock.ts';
import type { AppConfig } from '../core/config.ts';
import { createEnsReader } from '../names/EnsReader.ts';
import { NameService } from '../names/NameService.ts';

/**
 * A {@link NameService} on the configured ENS chain, for the admin console while the
 * composition root does not yet hand one out (then use that one: it shares the cache).
 *
 * @example
 * const names = createNameService(config, localStorage);
 * await names.resolveAddressInput('alice.eth');
 */
export function createNameService(config: AppConfig, storage?: Storage): NameService {
  const { chainId, rpcUrl, universalResolver } = config.ens;
  const isMainnet = chainId === mainnet.id;
  const chain = isMainnet
    ? mainnet
    : defineChain({
        id: chainId,
        name: 'ENS chain',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [rpcUrl] } },
      });
  // Mainnet has Multicall3, so concurrent lookups share one eth_call; a local chain may not.
  const client = createPublicClient({
    chain,
    transport: http(rpcUrl),
    ...(isMainnet ? { batch: { multicall: true } } : {}),
  });
  const reader = createEnsReader(
    client,
    universalResolver === undefined ? {} : { universalResolver },
  );
  return new NameService({
    reader,
    clock: systemClock,
    chainId,
    ...(storage === undefined ? {} : { storage }),
  });
}
