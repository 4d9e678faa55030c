import { type Address, type PublicClient, zeroAddress } from 'viem';
import { type DeployedContract, type DeployerClient, deployArtifact } from './deployArtifact.ts';
import { readArtifact } from './readArtifact.ts';

/** Parameters of {@link deployCommunityAccess}. */
export interface DeployCommunityAccessParameters {
  /** Livepeer Service Registry; omit (or zero) to turn the Livepeer rule off. */
  livepeerRegistry?: Address;
  artifactsDir?: string;
}

/**
 * Deploys CommunityAccess from `artifacts/` and verifies its runtime code.
 *
 * @example
 * const { address, blockNumber } = await deployCommunityAccess(walletClient, publicClient, {
 *   livepeerRegistry: '0xC92d3A360b8f9e083bA64DE15d95Cf8180897431',
 * });
 */
export async function deployCommunityAccess(
  walletClient: DeployerClient,
  publicClient: PublicClient,
  { livepeerRegistry = zeroAddress, artifactsDir }: DeployCommunityAccessParameters = {},
): Promise<DeployedContract> {
  const artifact = await readArtifact(
    'contracts/CommunityAccess.sol',
    'CommunityAccess',
    artifactsDir,
  );
  return deployArtifact(walletClient, publicClient, { artifact, args: [livepeerRegistry] });
}
