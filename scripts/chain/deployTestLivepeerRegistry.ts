import type { PublicClient } from 'viem';
import { type DeployedContract, type DeployerClient, deployArtifact } from './deployArtifact.ts';
import { readArtifact } from './readArtifact.ts';

/**
 * Deploys the stand-in Livepeer Service Registry used on local chains (anyone sets
 * their own service URI with `setServiceURI(string)`).
 *
 * @example
 * const { address: livepeerRegistry } = await deployTestLivepeerRegistry(walletClient, publicClient);
 */
export async function deployTestLivepeerRegistry(
  walletClient: DeployerClient,
  publicClient: PublicClient,
  { artifactsDir }: { artifactsDir?: string } = {},
): Promise<DeployedContract> {
  const artifact = await readArtifact(
    'contracts/dev/TestLivepeerServiceRegistry.sol',
    'TestLivepeerServiceRegistry',
    artifactsDir,
  );
  return deployArtifact(walletClient, publicClient, { artifact, args: [] });
}
