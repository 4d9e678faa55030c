import {
  type Address,
  createPublicClient,
  createWalletClient,
  http,
  type LocalAccount,
} from 'viem';
import { hardhat } from 'viem/chains';
import { deployArtifact } from '../../../scripts/chain/deployArtifact.ts';
import { readArtifact } from '../../../scripts/chain/readArtifact.ts';
import type { LocalStack } from '../../../scripts/local-stack/stack.ts';
import { communityAccessAbi } from '../../../src/chain/generated/communityAccessAbi.ts';
import { devAccount } from '../../../src/wallet/createBurnerProvider.ts';
import type { Participant } from './participant.ts';
import { connectTestWallet } from './testWallet.ts';

function chainClients(stack: LocalStack, account: LocalAccount) {
  const { rpcUrl } = stack.config.chain;
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  return {
    publicClient: createPublicClient({ chain, transport: http(rpcUrl) }),
    walletClient: createWalletClient({ account, chain, transport: http(rpcUrl) }),
  };
}

/**
 * Deploys `contracts/test/ERC1271Wallet.sol` for `owner` on the stack's chain (from dev
 * account #19) and lets the demo community's owner (dev #0) add it to that community's
 * allowlist: a smart-contract wallet that may enter community 0 and accepts what `owner`'s
 * key signs (ERC-1271).
 *
 * @example
 * const wallet = await deployMemberContractWallet(world.stack, owner.address);
 */
export async function deployMemberContractWallet(
  stack: LocalStack,
  owner: Address,
): Promise<Address> {
  const deployer = chainClients(stack, devAccount(19));
  const artifact = await readArtifact('contracts/test/ERC1271Wallet.sol', 'ERC1271Wallet');
  const { address } = await deployArtifact(deployer.walletClient, deployer.publicClient, {
    artifact,
    args: [owner],
  });
  const communityOwner = chainClients(stack, devAccount(0));
  const hash = await communityOwner.walletClient.writeContract({
    address: stack.deployment.communityAccess,
    abi: communityAccessAbi,
    functionName: 'addParticipantToCommunity',
    args: [stack.deployment.demoCommunityId, address],
  });
  const receipt = await communityOwner.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`adding ${address} to community 0 reverted`);
  return address;
}

/**
 * Gives `participant` a browser wallet ("Scripted Test Wallet") that is `account` (e.g. a
 * contract wallet's address) and answers `personal_sign` with `signer`'s key (the EIP-191
 * signature an ERC-1271 wallet owned by that key accepts); see `connectTestWallet`.
 *
 * @example
 * await connectScriptedWallet(world.stack, carol, { account: wallet, signer: owner });
 */
export async function connectScriptedWallet(
  stack: LocalStack,
  participant: Participant,
  { account, signer }: { account: Address; signer: LocalAccount },
): Promise<void> {
  await connectTestWallet(stack, participant, {
    info: {
      name: 'Scripted Test Wallet',
      uuid: '00000000-0000-4000-8000-000000000002',
      rdns: 'test.scripted',
    },
    account,
    signing: { signer },
  });
}
