import { network } from 'hardhat';
import { type Abi, type Address, getContract, parseAbi } from 'viem';
import { communityAccessAbi } from '../../src/chain/generated/communityAccessAbi.ts';
import { localUniversalResolverAbi } from '../../src/chain/generated/localUniversalResolverAbi.ts';
import { testLivepeerServiceRegistryAbi } from '../../src/chain/generated/testLivepeerServiceRegistryAbi.ts';

// Contracts are typed from the committed ABIs (and, for the mocks, a few human-readable
// lines) rather than Hardhat's generated artifact types, so these files type-check in a
// fresh clone before anything is compiled.
export const mockErc20Abi = parseAbi([
  'function mint(address to, uint256 amount)',
  'function balanceOf(address) view returns (uint256)',
]);
export const mockErc721Abi = parseAbi(['function mint(address to) returns (uint256)']);
export const mockErc1155Abi = parseAbi(['function mint(address to, uint256 id, uint256 amount)']);
export const noAbi = [] as const satisfies Abi;

/**
 * A fresh in-process chain per test file, with a fixture deploying CommunityAccess on a
 * test Livepeer registry. `loadFixture` snapshots after the first run, so each test
 * starts from the same state cheaply.
 */
export async function createAccessTestbed() {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const wallet = (i: number) => {
    const client = wallets[i];
    if (!client) throw new Error(`no wallet client #${i}`);
    return client;
  };
  const [owner, alice, bob, carol, mallory] = [0, 1, 2, 3, 4].map(wallet) as [
    ReturnType<typeof wallet>,
    ReturnType<typeof wallet>,
    ReturnType<typeof wallet>,
    ReturnType<typeof wallet>,
    ReturnType<typeof wallet>,
  ];

  /** Deploys artifact `name` and returns it as a viem contract typed by `abi`. */
  async function deploy<const TAbi extends Abi>(name: string, abi: TAbi, args: unknown[] = []) {
    const deployed = await viem.deployContract(name, args as never);
    return at(abi, deployed.address);
  }

  function at<const TAbi extends Abi>(abi: TAbi, address: Address) {
    return getContract({ address, abi, client: { public: publicClient, wallet: owner } });
  }

  async function deployAccess() {
    const registry = await deploy('TestLivepeerServiceRegistry', testLivepeerServiceRegistryAbi);
    const access = await deploy('CommunityAccess', communityAccessAbi, [registry.address]);
    return { access, registry, publicClient, owner, alice, bob, carol, mallory };
  }

  /** Deploys, then creates community 0 ("Room", owned by alice). */
  async function deployWithCommunity() {
    const base = await deployAccess();
    await base.access.write.createCommunity(['Room', 'A room', false], {
      account: base.alice.account,
    });
    return { ...base, communityId: 0n };
  }

  return {
    connection,
    viem,
    networkHelpers,
    publicClient,
    accounts: { owner, alice, bob, carol, mallory },
    deploy,
    at,
    abis: { communityAccessAbi, localUniversalResolverAbi, testLivepeerServiceRegistryAbi },
    loadDeployed: () => networkHelpers.loadFixture(deployAccess),
    loadWithCommunity: () => networkHelpers.loadFixture(deployWithCommunity),
  };
}
