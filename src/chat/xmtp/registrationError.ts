import { AppError } from '../../core/errors.ts';
import { isInstallationLimit } from '../isInstallationLimit.ts';
import type { WalletKind } from '../walletKind.ts';

/**
 * How libxmtp (wasm-bindings 1.11) words a wallet signature that did not verify, EOA or
 * ERC-1271/6492: `[SignatureError::Invalid] Signature error Signature validation failed`.
 */
const SIGNATURE_REFUSED = /\[SignatureError::|signature validation failed/i;

/**
 * The error to show when registering a new XMTP installation failed: a signature the
 * network did not accept becomes CHAT_SIGNATURE_INVALID; anything else (a declined wallet
 * request, the installation limit, the network) is passed on unchanged.
 *
 * @example
 * throw registrationError(error, signer.type);
 */
export function registrationError(error: unknown, kind: WalletKind): unknown {
  if (error instanceof AppError || isInstallationLimit(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (!SIGNATURE_REFUSED.test(message)) return error;
  return new AppError('CHAT_SIGNATURE_INVALID', 'The chat registration signature did not verify', {
    category: 'trust',
    cause: error,
    details: `${kind} wallet: ${message}`,
  });
}
