import {
  type Address,
  createPublicClient,
  createWalletClient,
  http,
  type PublicClient,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { deployCommunityAccess } from '../chain/deployCommunityAccess.ts';
import { deployLocalEns } from '../chain/deployLocalEns.ts';
import { deployMeetingScheduler } from '../chain/deployMeetingScheduler.ts';
import { deployTestLivepeerRegistry } from '../chain/deployTestLivepeerRegistry.ts';
import { devAccountNames, hardhatDevAccounts } from '../chain/devAccounts.ts';
import { devAvatarDataUri } from '../chain/devAvatar.ts';
import { seedDemoCommunity } from '../chain/seedDemoCommunity.ts';
import { seedDemoMeeting } from '../chain/seedDemoMeeting.ts';

/** What the local chain holds once seeded; the app's config is built from it. */
export interface LocalDeployment {
  communityAccess: Address;
  meetingScheduler: Address;
  deploymentBlock: number;
  universalResolver: Address;
  livepeerRegistry: Address;
  demoCommunityId: bigint;
  /** A weekly call in the demo community, so the calendar shows one. */
  demoMeetingId: bigint;
}

/**
 * Deploys the contracts to a fresh local chain and seeds it: the Livepeer stand-in, the
 * allowlist contract, ENS records (names + avatars) for the dev accounts, and the demo
 * community holding the first five dev accounts, owned by dev account #0, with a weekly
 * meeting in its calendar.
 */
export async function deployLocal(rpcUrl: string): Promise<LocalDeployment> {
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) }) as PublicClient;
  const walletClient = createWalletClient({
    account: mnemonicToAccount('test test test test test test test test test test test junk'),
    chain,
    transport: http(rpcUrl),
  });
  const registry = await deployTestLivepeerRegistry(walletClient, publicClient);
  const access = await deployCommunityAccess(walletClient, publicClient, {
    livepeerRegistry: registry.address,
  });
  const { universalResolver } = await deployLocalEns(
    walletClient,
    publicClient,
    hardhatDevAccounts.map((address, i) => {
      const name = devAccountNames[i] ?? `dev${i}.eth`;
      return { address, name, avatar: devAvatarDataUri(address, name) };
    }),
  );
  const { communityId } = await seedDemoCommunity(walletClient, publicClient, {
    communityAccess: access.address,
  });
  const meetings = await deployMeetingScheduler(walletClient, publicClient, {
    communityAccess: access.address,
  });
  const { meetingId } = await seedDemoMeeting(walletClient, publicClient, {
    meetingScheduler: meetings.address,
    communityId,
  });
  return {
    communityAccess: access.address,
    meetingScheduler: meetings.address,
    deploymentBlock: Number(access.blockNumber),
    universalResolver,
    livepeerRegistry: registry.address,
    demoCommunityId: communityId,
    demoMeetingId: meetingId,
  };
}
