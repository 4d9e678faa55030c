import {
  arbitrum,
  arbitrumNova,
  arbitrumSepolia,
  avalanche,
  base,
  baseSepolia,
  bsc,
  celo,
  gnosis,
  hardhat,
  linea,
  mainnet,
  optimism,
  optimismSepolia,
  polygon,
  scroll,
  sepolia,
  zksync,
} from 'viem/chains';

// The networks wallets are most often left on, named as viem names them; importing all of
// viem/chains would put hundreds of chain definitions into the bundle.
const known = [
  mainnet,
  sepolia,
  arbitrum,
  arbitrumNova,
  arbitrumSepolia,
  optimism,
  optimismSepolia,
  base,
  baseSepolia,
  polygon,
  gnosis,
  bsc,
  avalanche,
  celo,
  linea,
  scroll,
  zksync,
  hardhat,
];

/**
 * The name a person knows a network by: "Ethereum", "Arbitrum One"; for a network not in the
 * list, "network 123" (its chain ID, which wallets show too).
 *
 * @example
 * chainName(1); // 'Ethereum'
 * chainName(424242); // 'network 424242'
 */
export function chainName(chainId: number): string {
  return known.find((chain) => chain.id === chainId)?.name ?? `network ${chainId}`;
}
