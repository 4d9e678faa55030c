import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type LocalAccount,
  numberToHex,
} from 'viem';
import { hardhat } from 'viem/chains';
import { deployArtifact } from '../../../scripts/chain/deployArtifact.ts';
import { readArtifact } from '../../../scripts/chain/readArtifact.ts';
import type { LocalStack } from '../../../scripts/local-stack/stack.ts';
import { communityAccessAbi } from '../../../src/chain/generated/communityAccessAbi.ts';
import { devAccount } from '../../../src/wallet/burner-provider.ts';
import type { Participant } from './participant.ts';

/** The binding a page's scripted wallet calls to have Node sign `personal_sign` text. */
const SIGN_BINDING = '__scriptedWalletSign';

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

/** What the scripted wallet announces and reads with (runs in the page). */
interface ScriptedWalletPage {
  account: Address;
  rpcUrl: string;
  chainId: Hex;
  binding: string;
}

/**
 * A wallet announced over EIP-6963 as "Scripted Test Wallet" (rdns `test.scripted`) that
 * is `account`; `personal_sign` goes to the Node binding, anything the app does not use for
 * entering rooms and chatting (transactions, typed data) is refused, reads go to the chain.
 */
function scriptedWalletScript({ account, rpcUrl, chainId, binding }: ScriptedWalletPage) {
  const sign = (window as unknown as Record<string, (message: string) => Promise<string>>)[binding];
  const provider = {
    async request({ method, params }: { method: string; params?: unknown[] }) {
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts':
          return [account];
        case 'eth_chainId':
          return chainId;
        case 'wallet_requestPermissions':
        case 'wallet_revokePermissions':
          return [];
        case 'personal_sign':
          return sign?.(String(params?.[0]));
        case 'eth_sendTransaction':
        case 'eth_signTypedData_v4':
          throw Object.assign(new Error(`${method} is not supported by this test wallet`), {
            code: 4200,
          });
        default: {
          const response = await fetch(rpcUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: params ?? [] }),
          });
          const body = await response.json();
          if (body.error) throw Object.assign(new Error(body.error.message), body.error);
          return body.result;
        }
      }
    },
    on() {},
    removeListener() {},
  };
  const announce = () =>
    window.dispatchEvent(
      new CustomEvent('eip6963:announceProvider', {
        detail: Object.freeze({
          info: {
            uuid: '00000000-0000-4000-8000-000000000002',
            name: 'Scripted Test Wallet',
            icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg"/%3E',
            rdns: 'test.scripted',
          },
          provider,
        }),
      }),
    );
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
}

/**
 * Gives `participant` a browser wallet that is `account` (e.g. a contract wallet's address)
 * and answers `personal_sign` with `signer`'s key (the EIP-191 signature an ERC-1271 wallet
 * owned by that key accepts), reloads the app, picks the wallet from the app's list by its
 * announced name and connects it. Call once per participant, after its other init scripts
 * (the reload runs them).
 *
 * @example
 * await connectScriptedWallet(world.stack, carol, { account: wallet, signer: owner });
 */
export async function connectScriptedWallet(
  stack: LocalStack,
  participant: Participant,
  { account, signer }: { account: Address; signer: LocalAccount },
): Promise<void> {
  await participant.context.exposeFunction(SIGN_BINDING, (message: Hex) =>
    signer.signMessage({ message: { raw: message } }),
  );
  await participant.context.addInitScript(scriptedWalletScript, {
    account,
    rpcUrl: stack.config.chain.rpcUrl,
    chainId: numberToHex(stack.config.chain.id),
    binding: SIGN_BINDING,
  });
  await participant.page.reload();
  await participant.page.getByRole('button', { name: 'Scripted Test Wallet' }).click();
  await participant.byTestId('wallet-address').waitFor();
}
