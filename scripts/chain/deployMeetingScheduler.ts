import type { Address, PublicClient } from 'viem';
import { type DeployedContract, type DeployerClient, deployArtifact } from './deployArtifact.ts';
import { readArtifact } from './readArtifact.ts';

/** Parameters of {@link deployMeetingScheduler}. */
export interface DeployMeetingSchedulerParameters {
  /** The CommunityAccess whose owners, admins and members the meetings follow. */
  communityAccess: Address;
  artifactsDir?: string;
}

/**
 * Deploys MeetingScheduler beside a CommunityAccess and verifies its runtime code.
 *
 * @example
 * const { address } = await deployMeetingScheduler(walletClient, publicClient, {
 *   communityAccess: access.address,
 * });
 */
export async function deployMeetingScheduler(
  walletClient: DeployerClient,
  publicClient: PublicClient,
  { communityAccess, artifactsDir }: DeployMeetingSchedulerParameters,
): Promise<DeployedContract> {
  const artifact = await readArtifact(
    'contracts/MeetingScheduler.sol',
    'MeetingScheduler',
    artifactsDir,
  );
  return deployArtifact(walletClient, publicClient, { artifact, args: [communityAccess] });
}
