import type { Address, Hex } from 'viem';
import { AppError } from '../core/errors.ts';

/**
 * How a wallet signs for XMTP: an externally owned account (ECDSA, checked offline) or a
 * smart-contract wallet (ERC-1271/6492, checked by calling it on its chain).
 */
export type WalletKind = 'EOA' | 'SCW';

/** The code at an address on the configured chain, e.g. `(a) => client.getCode({ address: a })`. */
export type ReadCode = (address: Address) => Promise<Hex | undefined>;

/**
 * Decides once, when a chat client is created, whether the connected address is a contract
 * (code on the configured chain) and so signs as a smart-contract wallet. A wallet that is
 * not deployed yet has no code and is taken for an EOA. An unreachable RPC fails with
 * RPC_UNAVAILABLE rather than guessing: a wrong guess costs the user a wasted signature.
 *
 * @example
 * const kind = await walletKindOf(address, (a) => chainClient.getCode({ address: a }));
 */
export async function walletKindOf(address: Address, readCode: ReadCode): Promise<WalletKind> {
  let code: Hex | undefined;
  try {
    code = await readCode(address);
  } catch (error) {
    throw AppError.rpcUnavailable(error);
  }
  return code !== undefined && code !== '0x' ? 'SCW' : 'EOA';
}
