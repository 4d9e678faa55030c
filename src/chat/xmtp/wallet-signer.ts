import type { Signer } from '@xmtp/browser-sdk';
import { type Address, hexToBytes } from 'viem';
import type { SignText } from '../types.ts';
import { identifierOf } from './identities.ts';

/** The connected wallet as XMTP sees it. */
export type WalletSignerParameters = { address: Address; sign: SignText } & (
  | { kind: 'EOA' }
  /** `chainId`: where the XMTP network checks a smart-contract wallet's signature. */
  | { kind: 'SCW'; chainId: number }
);

/**
 * The XMTP signer of the connected wallet: identifier = lower-cased address; an `SCW` signer
 * also names the chain on which the node calls the wallet's `isValidSignature` (at the
 * latest block, which the network records).
 *
 * @example
 * const signer = walletSigner({ address, kind: 'SCW', chainId: 31337, sign });
 */
export function walletSigner(wallet: WalletSignerParameters): Signer {
  const getIdentifier = () => identifierOf(wallet.address);
  const signMessage = async (message: string) => hexToBytes(await wallet.sign(message));
  if (wallet.kind === 'EOA') return { type: 'EOA', getIdentifier, signMessage };
  const chainId = BigInt(wallet.chainId);
  return { type: 'SCW', getIdentifier, signMessage, getChainId: () => chainId };
}
