import type { Signer } from '@xmtp/browser-sdk';
import { type Address, hexToBytes } from 'viem';
import type { SignText } from '../types.ts';
import { signatureKind, type WalletKind } from '../walletKind.ts';
import { identifierOf } from './identities.ts';

/** The connected wallet as XMTP sees it. */
export type WalletSignerParameters = { address: Address; sign: SignText } & (
  | { kind: 'EOA' }
  /**
   * `chainId`: where the XMTP network checks a smart-contract wallet's signature. `unknown`
   * (no code on that chain): each signature decides, see `signatureKind`.
   */
  | { kind: 'SCW' | 'unknown'; chainId: number }
);

/**
 * The XMTP signer of the connected wallet: identifier = lower-cased address; an `SCW` signer
 * also names the chain on which the node calls the wallet's `isValidSignature` (at the
 * latest block, which the network records). An `unknown` signer is an EOA or an SCW on that
 * chain depending on the signature the wallet gives.
 *
 * @example
 * const signer = walletSigner({ address, kind: 'SCW', chainId: 31337, sign });
 */
export function walletSigner(wallet: WalletSignerParameters): Signer {
  const getIdentifier = () => identifierOf(wallet.address);
  const signMessage = async (message: string) => hexToBytes(await wallet.sign(message));
  if (wallet.kind === 'EOA') return { type: 'EOA', getIdentifier, signMessage };
  const chainId = BigInt(wallet.chainId);
  if (wallet.kind === 'SCW') {
    return { type: 'SCW', getIdentifier, signMessage, getChainId: () => chainId };
  }
  // Adapter whose `type` is a getter, set by the last signature. It relies on the SDK reading
  // `type` only after `signMessage` returned (7.1.0: `c = await signer.signMessage(text);
  // switch (signer.type) ...` in register, revoke and account changes); the scw.test.ts case
  // "registers a wallet not deployed yet through the app's factory" guards that across SDK
  // upgrades. Before any signature it says `EOA`, so an SDK that read `type` first would still
  // serve plain keys. TypeScript checks `{ type: WalletKind, ... }` against each member of the
  // `Signer` union, so no cast is needed.
  let type: WalletKind = 'EOA';
  return {
    get type() {
      return type;
    },
    getIdentifier,
    signMessage: async (message: string) => {
      const signature = await wallet.sign(message);
      type = await signatureKind(wallet.address, message, signature);
      return hexToBytes(signature);
    },
    getChainId: () => chainId,
  };
}
