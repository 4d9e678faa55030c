import {
  type Chain,
  createWalletClient,
  type EIP1193Parameters,
  type EIP1193Provider,
  type EIP1193RequestFn,
  type Hex,
  http,
  type LocalAccount,
  numberToHex,
  ProviderRpcError,
  type RpcTransactionRequest,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';

/** The well-known Hardhat development mnemonic: its keys are public, so funds on them are not. */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/** The dev account at `index`, the same one Hardhat funds on the local chain. */
export function devAccount(index: number): LocalAccount {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
}

type Listener = (...args: unknown[]) => void;

/**
 * An EIP-1193 provider that signs with a dev account's key in the page and forwards
 * reads to the local chain's RPC. Only ever built for the local chain (see parseAppConfig).
 *
 * @example
 * const provider = createBurnerProvider({ account: devAccount(1), chain: localChain });
 */
export function createBurnerProvider(params: {
  account: LocalAccount;
  chain: Chain;
}): EIP1193Provider {
  const { account, chain } = params;
  const wallet = createWalletClient({ account, chain, transport: http() });
  const listeners = new Map<string, Set<Listener>>();

  const handle = async ({ method, params: args }: EIP1193Parameters): Promise<unknown> => {
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return [account.address];
      case 'eth_chainId':
        return numberToHex(chain.id);
      case 'personal_sign': {
        const [message] = args as [Hex, string];
        return account.signMessage({ message: { raw: message } });
      }
      case 'eth_signTypedData_v4': {
        const [, json] = args as [string, string];
        return account.signTypedData(JSON.parse(json));
      }
      case 'eth_sendTransaction': {
        const [tx] = args as [RpcTransactionRequest];
        return wallet.sendTransaction({
          to: tx.to ?? null,
          data: tx.data,
          value: tx.value === undefined ? undefined : BigInt(tx.value),
          gas: tx.gas === undefined ? undefined : BigInt(tx.gas),
        });
      }
      case 'wallet_switchEthereumChain': {
        const [{ chainId }] = args as [{ chainId: Hex }];
        if (Number(chainId) === chain.id) return null;
        throw new ProviderRpcError(new Error('The burner wallet only knows the local chain'), {
          code: 4902,
          shortMessage: 'Unrecognized chain',
        });
      }
      case 'wallet_requestPermissions':
      case 'wallet_revokePermissions':
        return [];
      default:
        return wallet.request({ method, params: args } as never);
    }
  };

  return {
    request: handle as EIP1193RequestFn,
    on(event: string, listener: Listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener);
    },
  } as EIP1193Provider;
}
