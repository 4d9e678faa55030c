import { network } from 'hardhat';
import { type Address, getAddress, isAddress, zeroAddress } from 'viem';
import { deployCommunityAccess } from './chain/deployCommunityAccess.ts';
import { deployMeetingScheduler } from './chain/deployMeetingScheduler.ts';
import { deployTestLivepeerRegistry } from './chain/deployTestLivepeerRegistry.ts';
import { knownLivepeerRegistry } from './chain/knownLivepeerRegistry.ts';
import { writeDeploymentRecord } from './chain/writeDeploymentRecord.ts';

// `npm run deploy:contracts -- --network <name>` / `npm run deploy:arbitrum`.
// Deploys CommunityAccess and MeetingScheduler (beside it) with the first configured
// account, checks the runtime code landed, and writes deployments/<chainId>.json. RPC URLs and the deployer key come from
// Hardhat config variables (env or keystore), never from the repository.
// LIVEPEER_REGISTRY overrides the registry; on the local chain a test registry is
// deployed; elsewhere without a known registry the Livepeer rule is off (address 0).
const LOCAL_CHAIN_ID = 31337;

const connection = await network.create();
const { viem, networkName, networkConfig } = connection;
// Hardhat reads the environment before the keystore; a key typed into an environment
// variable is likely in shell history (README: Production).
if (networkConfig.type === 'http' && process.env.DEPLOYER_PRIVATE_KEY !== undefined) {
  console.warn(
    'DEPLOYER_PRIVATE_KEY is read from the environment. `npx hardhat keystore set DEPLOYER_PRIVATE_KEY` keeps it encrypted and out of shell history.',
  );
}
const publicClient = await viem.getPublicClient();
const deployer = (await viem.getWalletClients())[0];
if (!deployer) throw new Error(`No deployer account configured for network ${networkName}`);
const sender = deployer;
const chainId = await publicClient.getChainId();

async function chooseLivepeerRegistry(): Promise<Address> {
  const fromEnv = process.env.LIVEPEER_REGISTRY;
  if (fromEnv) {
    if (!isAddress(fromEnv)) throw new Error(`LIVEPEER_REGISTRY is not an address: ${fromEnv}`);
    return getAddress(fromEnv);
  }
  const known = knownLivepeerRegistry(chainId);
  if (known) return known;
  if (chainId === LOCAL_CHAIN_ID) {
    return (await deployTestLivepeerRegistry(sender, publicClient)).address;
  }
  console.warn(`No Livepeer registry known on chain ${chainId}: the Livepeer rule is off.`);
  return zeroAddress;
}

const livepeerRegistry = await chooseLivepeerRegistry();
if (livepeerRegistry !== zeroAddress) {
  const code = await publicClient.getCode({ address: livepeerRegistry });
  if (!code || code === '0x') throw new Error(`No contract at registry ${livepeerRegistry}`);
}

console.info(`Deploying CommunityAccess to ${networkName} (chain ${chainId})`);
console.info(`  deployer ${deployer.account.address}, Livepeer registry ${livepeerRegistry}`);
const deployed = await deployCommunityAccess(deployer, publicClient, {
  livepeerRegistry,
});
console.info(`  at ${deployed.address} in block ${deployed.blockNumber} (${deployed.txHash})`);
const meetings = await deployMeetingScheduler(deployer, publicClient, {
  communityAccess: deployed.address,
});
console.info(`  MeetingScheduler at ${meetings.address} (${meetings.txHash})`);

// An in-process chain ends with this script, so a record of it would point at nothing.
if (networkConfig.type === 'http') {
  const path = await writeDeploymentRecord({
    address: deployed.address,
    deploymentBlock: Number(deployed.blockNumber),
    chainId,
    livepeerRegistry,
    meetingScheduler: meetings.address,
    deployedAt: new Date().toISOString(),
    txHash: deployed.txHash,
  });
  console.info(`  wrote ${path}`);
} else {
  console.info('  in-process network: no deployment record written');
}
await connection.close();
