import { type Address, type Hex, type LocalAccount, numberToHex } from 'viem';
import type { LocalStack } from '../../../scripts/local-stack/stack.ts';
import type { Participant } from './participant.ts';

/** The binding a page's test wallet calls to have Node sign `personal_sign` text. */
const SIGN_BINDING = '__testWalletSign';

/** What a test wallet announces over EIP-6963 (the app lists it by `name`). */
export interface TestWalletInfo {
  name: string;
  uuid: string;
  rdns: string;
}

/** A browser wallet for one participant, answered by the test instead of a person. */
export interface TestWalletOptions {
  info: TestWalletInfo;
  /** The address the wallet is (an EOA or a contract wallet). */
  account: Address;
  /** The chain the wallet says it is on; the stack's chain unless given. */
  chainId?: number;
  /**
   * How signing requests are answered: `personal_sign` signed in Node by `signer`
   * (transactions and typed data unsupported, 4200), or every signature and transaction
   * refused with 4001, as a person pressing "Reject" would.
   */
  signing: { signer: LocalAccount } | 'refuse';
}

/** What the wallet script gets in the page (serialisable). */
interface TestWalletPage {
  info: TestWalletInfo;
  account: Address;
  rpcUrl: string;
  chainId: Hex;
  /** The Node binding that signs, or null to refuse every signature and transaction. */
  binding: string | null;
}

/** Runs in the page: announces the wallet; reads go to the chain, signing as configured. */
function testWalletScript({ info, account, rpcUrl, chainId, binding }: TestWalletPage) {
  const sign =
    binding === null
      ? undefined
      : (window as unknown as Record<string, (message: string) => Promise<string>>)[binding];
  const fail = (code: number, message: string) =>
    Promise.reject(Object.assign(new Error(message), { code }));
  const refuse = () => fail(4001, 'User rejected the request.');
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
        // A refusing wallet declines the network switch; a signing one does not know the chain.
        case 'wallet_switchEthereumChain':
          return binding === null ? refuse() : fail(4902, 'Unrecognized chain ID');
        case 'wallet_addEthereumChain':
          return fail(4200, `${method} is not supported by this test wallet`);
        case 'personal_sign':
          return binding === null ? refuse() : sign?.(String(params?.[0]));
        case 'eth_sendTransaction':
        case 'eth_signTypedData_v4':
          return binding === null
            ? refuse()
            : fail(4200, `${method} is not supported by this test wallet`);
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
  const icon = 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg"/%3E';
  const announce = () =>
    window.dispatchEvent(
      new CustomEvent('eip6963:announceProvider', {
        detail: Object.freeze({ info: { ...info, icon }, provider }),
      }),
    );
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
}

/**
 * Gives `participant` a browser wallet announced over EIP-6963 that is `account` and answers
 * signing requests as `signing` says, reloads the app, picks the wallet from the app's list
 * by its announced name and connects it. Call once per participant, after its other init
 * scripts (the reload runs them).
 *
 * @example
 * await connectTestWallet(world.stack, alice, {
 *   info: { name: 'Refusing Test Wallet', uuid: crypto.randomUUID(), rdns: 'test.refusing' },
 *   account: devAccount(0).address,
 *   signing: 'refuse',
 * });
 */
export async function connectTestWallet(
  stack: LocalStack,
  participant: Participant,
  { info, account, chainId = stack.config.chain.id, signing }: TestWalletOptions,
): Promise<void> {
  if (signing !== 'refuse') {
    const { signer } = signing;
    await participant.context.exposeFunction(SIGN_BINDING, (message: Hex) =>
      signer.signMessage({ message: { raw: message } }),
    );
  }
  await participant.context.addInitScript(testWalletScript, {
    info,
    account,
    rpcUrl: stack.config.chain.rpcUrl,
    chainId: numberToHex(chainId),
    binding: signing === 'refuse' ? null : SIGN_BINDING,
  });
  await participant.page.reload();
  await participant.page.getByRole('button', { name: info.name }).click();
  await participant.byTestId('wallet-address').waitFor();
}
