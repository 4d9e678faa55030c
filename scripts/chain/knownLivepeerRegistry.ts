import type { Address } from 'viem';

/** Livepeer Service Registry addresses by chain id, where Livepeer runs. */
export const livepeerRegistries: Readonly<Record<number, Address>> = {
  42161: '0xC92d3A360b8f9e083bA64DE15d95Cf8180897431', // Arbitrum One
};

/**
 * The Livepeer Service Registry on `chainId`, or undefined where Livepeer has none.
 *
 * @example
 * knownLivepeerRegistry(42161); // '0xC92d3A360b8f9e083bA64DE15d95Cf8180897431'
 */
export function knownLivepeerRegistry(chainId: number): Address | undefined {
  return livepeerRegistries[chainId];
}
