import { network } from 'hardhat';
import {
  type Address,
  type Client,
  createPublicClient,
  custom,
  type EIP1193RequestFn,
  encodeFunctionData,
  getAddress,
  type Hex,
  type PublicClient,
  parseAbi,
  serializeErc6492Signature,
  zeroAddress,
} from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { deployCommunityAccess } from '../../scripts/chain/deployCommunityAccess.ts';
import { readArtifact } from '../../scripts/chain/readArtifact.ts';

/**
 * A fresh in-process Hardhat chain (EDR, no port) for the identity, access, names and chain
 * integration tests and the access bench. Needs compiled artifacts (`npm run compile`).
 */
export async function startTestChain(options: { pollingInterval?: number } = {}) {
  const connection = await network.create();
  const publicClient = await connection.viem.getPublicClient();
  const wallets = await connection.viem.getWalletClients();
  const wallet = (i: number) => {
    const client = wallets[i];
    if (!client) throw new Error(`no wallet client #${i}`);
    return client;
  };
  const provider = connection.provider;
  let reachable = true;
  const request: EIP1193RequestFn = (args) =>
    reachable
      ? (provider.request(args as Parameters<typeof provider.request>[0]) as never)
      : Promise.reject(new Error('RPC unreachable (test switch)'));
  /**
   * The client the app's services get: the same chain, with a switch that makes every request
   * fail as an unreachable RPC would, and the app's short polling interval.
   */
  const appClient: PublicClient = createPublicClient({
    chain: hardhat,
    transport: custom({ request }, { retryCount: 0 }),
    pollingInterval: options.pollingInterval ?? 100,
  });

  async function deployAccess(): Promise<Address> {
    const { address } = await deployCommunityAccess(wallet(0), publicClient, {
      livepeerRegistry: zeroAddress,
    });
    return address;
  }

  return {
    connection,
    publicClient: publicClient as Client & PublicClient,
    appClient,
    wallet,
    deployAccess,
    setReachable(value: boolean) {
      reachable = value;
    },
    close: () => connection.close(),
  };
}

export type TestChain = Awaited<ReturnType<typeof startTestChain>>;

/**
 * Deploys `contracts/test/ERC1271Wallet.sol` owned by `owner` on the test chain: a
 * smart-contract wallet that accepts (ERC-1271) what the owner's key signed.
 */
export async function deployContractWallet(chain: TestChain, owner: Address): Promise<Address> {
  const artifact = await readArtifact('contracts/test/ERC1271Wallet.sol', 'ERC1271Wallet');
  const hash = await chain.wallet(0).deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args: [owner],
  });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  return getAddress(receipt.contractAddress ?? '0x');
}

const walletFactoryAbi = parseAbi([
  'function deploy(address owner, bytes32 salt) returns (address)',
]);

/** A contract wallet not deployed yet: its CREATE2 address and an ERC-6492 signing function. */
export interface CounterfactualWallet {
  address: Address;
  /** The owner's EIP-191 signature wrapped with the factory call that would deploy the wallet. */
  sign(message: string): Promise<Hex>;
}

/**
 * Deploys `ERC1271WalletFactory` and returns a wallet for `owner` under `salt` that it would
 * deploy (ERC-6492: signatures valid before the wallet exists).
 */
export async function counterfactualWallet(
  chain: TestChain,
  owner: PrivateKeyAccount,
  salt: Hex,
): Promise<CounterfactualWallet> {
  const artifact = await readArtifact('contracts/test/ERC1271Wallet.sol', 'ERC1271WalletFactory');
  const receipt = await chain.publicClient.waitForTransactionReceipt({
    hash: await chain.wallet(0).deployContract({ abi: artifact.abi, bytecode: artifact.bytecode }),
  });
  const factory = getAddress(receipt.contractAddress ?? '0x');
  const deploy = {
    abi: walletFactoryAbi,
    functionName: 'deploy',
    args: [owner.address, salt],
  } as const;
  const { result } = await chain.publicClient.simulateContract({ address: factory, ...deploy });
  return {
    address: getAddress(result),
    sign: async (message) =>
      serializeErc6492Signature({
        address: factory,
        data: encodeFunctionData(deploy),
        signature: await owner.signMessage({ message }),
      }),
  };
}
