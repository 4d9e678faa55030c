import type { Address, Client } from 'viem';

/**
 * Where `multicall` should run for this client: the chain's Multicall3 when the client's chain
 * names one (Arbitrum, mainnet), else "deployless" (the Multicall3 bytecode travels inside
 * the `eth_call`), so a bare local Hardhat chain needs no Multicall3 deployed. Either way
 * many reads cost ONE RPC request.
 *
 * @example
 * await multicall(client, { contracts, allowFailure: false, ...multicallTarget(client) });
 */
export function multicallTarget(
  client: Client,
): { deployless: true } | { multicallAddress: Address } {
  const multicall3 = client.chain?.contracts?.multicall3?.address;
  return multicall3 === undefined ? { deployless: true } : { multicallAddress: multicall3 };
}
