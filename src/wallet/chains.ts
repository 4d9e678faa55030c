import { type Chain, defineChain } from 'viem';
import { arbitrum, arbitrumSepolia, hardhat } from 'viem/chains';
import type { AppConfig } from '../core/config.ts';

/**
 * The chain the app's contract lives on, with the RPC URL from config, plus the
 * other chains a wallet may offer (Arbitrum One, Arbitrum Sepolia, the local chain).
 */
export function appChains(config: AppConfig): { target: Chain; all: readonly [Chain, ...Chain[]] } {
  const known = [arbitrum, arbitrumSepolia, hardhat].find((chain) => chain.id === config.chain.id);
  const target = defineChain({
    ...(known ?? {
      id: config.chain.id,
      name: config.chain.name,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    }),
    name: config.chain.name,
    rpcUrls: { default: { http: [config.chain.rpcUrl] } },
  } as Chain);
  const others = [arbitrum, arbitrumSepolia, hardhat].filter((chain) => chain.id !== target.id);
  return { target, all: [target, ...others] };
}
