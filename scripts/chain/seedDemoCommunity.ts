import { type Address, type PublicClient, parseEventLogs } from 'viem';
import { communityAccessAbi } from '../../src/chain/generated/communityAccessAbi.ts';
import type { DeployerClient } from './deployArtifact.ts';
import { hardhatDevAccounts } from './devAccounts.ts';

/** Parameters of {@link seedDemoCommunity}. */
export interface SeedDemoCommunityParameters {
  communityAccess: Address;
  /** Allowlist; defaults to the first five Hardhat dev accounts. The sender is added anyway. */
  members?: readonly Address[];
  name?: string;
  description?: string;
}

/**
 * Creates the demo community, owned by the wallet's account, and puts `members` on its
 * allowlist in one batch.
 *
 * @example
 * const { communityId } = await seedDemoCommunity(walletClient, publicClient, {
 *   communityAccess: address,
 * });
 */
export async function seedDemoCommunity(
  walletClient: DeployerClient,
  publicClient: PublicClient,
  {
    communityAccess,
    members = hardhatDevAccounts,
    name = 'Demo Community',
    description = 'A local community for trying rooms and chat.',
  }: SeedDemoCommunityParameters,
): Promise<{ communityId: bigint }> {
  const write = { address: communityAccess, abi: communityAccessAbi } as const;
  const created = await publicClient.waitForTransactionReceipt({
    hash: await walletClient.writeContract({
      ...write,
      functionName: 'createCommunity',
      args: [name, description, false],
      account: walletClient.account,
      chain: walletClient.chain,
    }),
  });
  const [event] = parseEventLogs({
    abi: communityAccessAbi,
    eventName: 'CommunityCreated',
    logs: created.logs,
  });
  if (created.status !== 'success' || !event) throw new Error('Creating the demo community failed');
  const { communityId } = event.args;
  const added = await publicClient.waitForTransactionReceipt({
    hash: await walletClient.writeContract({
      ...write,
      functionName: 'addParticipantsToCommunity',
      args: [communityId, members],
      account: walletClient.account,
      chain: walletClient.chain,
    }),
  });
  if (added.status !== 'success') throw new Error('Adding demo members failed');
  return { communityId };
}
