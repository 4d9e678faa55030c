import { type Address, type Hex, isAddressEqual, recoverMessageAddress, size } from 'viem';
import { AppError } from '../core/errors.ts';

/**
 * How a wallet signs for XMTP: an externally owned account (ECDSA, checked offline) or a
 * smart-contract wallet (ERC-1271/6492, checked by calling it on its chain).
 */
export type WalletKind = 'EOA' | 'SCW';

/** The code at an address on the configured chain, e.g. `(a) => client.getCode({ address: a })`. */
export type ReadCode = (address: Address) => Promise<Hex | undefined>;

/**
 * What the configured chain says about the connected address, asked once when a signer is
 * built: code there means a smart-contract wallet (`SCW`); no code is `unknown`, an EOA or a
 * wallet not deployed on this chain yet, which its signature tells apart (`signatureKind`).
 * An unreachable RPC fails with RPC_UNAVAILABLE rather than guessing: a wrong guess costs the
 * user a wasted signature.
 *
 * @example
 * const kind = await chainWalletKind(address, (a) => chainClient.getCode({ address: a }));
 */
export async function chainWalletKind(
  address: Address,
  readCode: ReadCode,
): Promise<'SCW' | 'unknown'> {
  let code: Hex | undefined;
  try {
    code = await readCode(address);
  } catch (error) {
    throw AppError.rpcUnavailable(error);
  }
  return code !== undefined && code !== '0x' ? 'SCW' : 'unknown';
}

/**
 * The kind of an address with no code, from a signature it gave for `message`: a 65-byte
 * EIP-191 signature by the address itself is an EOA's; anything else (ERC-6492 wrapped for a
 * wallet not deployed yet, another length, another signer) is a smart-contract wallet's.
 *
 * @example
 * const kind = await signatureKind(address, 'XMTP : Authenticate to inbox ...', signature);
 */
export async function signatureKind(
  address: Address,
  message: string,
  signature: Hex,
): Promise<WalletKind> {
  if (size(signature) !== 65) return 'SCW';
  try {
    const signer = await recoverMessageAddress({ message, signature });
    return isAddressEqual(signer, address) ? 'EOA' : 'SCW';
  } catch {
    // Not a recoverable ECDSA signature (e.g. a bad recovery byte).
    return 'SCW';
  }
}
