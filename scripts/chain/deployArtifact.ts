import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hash,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import type { ContractArtifact } from './readArtifact.ts';
import { verifyDeployedBytecode } from './verifyDeployedBytecode.ts';

/** A wallet client with an account, as every deploy needs a sender. */
export type DeployerClient = WalletClient<Transport, Chain | undefined, Account>;

/** Where a contract landed. */
export interface DeployedContract {
  address: Address;
  blockNumber: bigint;
  txHash: Hash;
}

/**
 * Deploys an artifact, waits for its receipt and verifies the runtime code landed.
 *
 * @example
 * const { address } = await deployArtifact(walletClient, publicClient, { artifact, args: [] });
 */
export async function deployArtifact(
  walletClient: DeployerClient,
  publicClient: PublicClient,
  { artifact, args }: { artifact: ContractArtifact; args: readonly unknown[] },
): Promise<DeployedContract> {
  const txHash = await walletClient.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args,
    account: walletClient.account,
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash: txHash });
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new Error(`Deploying ${artifact.contractName} failed in ${txHash}`);
  }
  const address = getAddress(receipt.contractAddress);
  await verifyDeployedBytecode(publicClient, { address, artifact });
  return { address, blockNumber: receipt.blockNumber, txHash };
}
