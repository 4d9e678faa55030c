import type { Address, PublicClient } from 'viem';
import { normalize } from 'viem/ens';
import { localUniversalResolverAbi } from '../../src/chain/generated/localUniversalResolverAbi.ts';
import { type DeployerClient, deployArtifact } from './deployArtifact.ts';
import { readArtifact } from './readArtifact.ts';

/** One name record: primary name of `address`, its forward address, and its avatar. */
export interface LocalEnsRecord {
  address: Address;
  name: string;
  /** Avatar text record, e.g. a `data:image/svg+xml;base64,...` URI. */
  avatar: string;
}

/**
 * Deploys the local ENS Universal Resolver and sets `records` on it. Pass the returned
 * address as `universalResolverAddress` to viem's ENS actions.
 *
 * @example
 * const { universalResolver } = await deployLocalEns(walletClient, publicClient, [
 *   { address: alice, name: 'alice.eth', avatar: devAvatarDataUri(alice, 'alice.eth') },
 * ]);
 * await getEnsName(publicClient, { address: alice, universalResolverAddress: universalResolver });
 */
export async function deployLocalEns(
  walletClient: DeployerClient,
  publicClient: PublicClient,
  records: readonly LocalEnsRecord[],
  { artifactsDir }: { artifactsDir?: string } = {},
): Promise<{ universalResolver: Address }> {
  const artifact = await readArtifact(
    'contracts/dev/LocalUniversalResolver.sol',
    'LocalUniversalResolver',
    artifactsDir,
  );
  const { address } = await deployArtifact(walletClient, publicClient, { artifact, args: [] });
  for (const record of records) {
    const hash = await walletClient.writeContract({
      address,
      abi: localUniversalResolverAbi,
      functionName: 'setRecord',
      args: [record.address, normalize(record.name), record.avatar],
      account: walletClient.account,
      chain: walletClient.chain,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`Setting ${record.name} failed in ${hash}`);
  }
  return { universalResolver: address };
}
