import { AppError } from '../core/errors.ts';

/**
 * The code of the innermost error that has one (the wallet's own: viem's wrappers carry codes
 * of their own, 4001 and 4902, whatever the wallet said) and every error name on the way.
 */
function walk(error: unknown): { code: unknown; names: Set<unknown> } {
  let code: unknown;
  const names = new Set<unknown>();
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Object; depth++) {
    const found = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (found.code !== undefined) code = found.code;
    names.add(found.name);
    current = found.cause;
  }
  return { code, names };
}

/** "This wallet cannot switch to that network": EIP-3326's 4902, 4200 unsupported method, -32601 method not found. */
const UNSUPPORTED_CODES: unknown[] = [4902, 4200, -32601];
const UNSUPPORTED_NAMES = ['SwitchChainNotSupportedError', 'ChainNotConfiguredError'];

/**
 * Why a network switch failed, as an AppError that puts it on the wallet, not on the app:
 * declined (4001), a wallet that cannot switch or add the network (4902, 4200), or any other
 * failure of the wallet. The wallet's own error stays the `cause`, for diagnostics.
 *
 * @example
 * try { await switchChain(wagmi, { chainId }); } catch (e) { throw switchChainError(e); }
 */
export function switchChainError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const { code, names } = walk(error);
  if (code === 4001 || code === 'ACTION_REJECTED') {
    return new AppError('CHAIN_SWITCH_REJECTED', 'The network switch was declined in the wallet', {
      category: 'user',
      cause: error,
    });
  }
  const unsupported =
    UNSUPPORTED_CODES.includes(code) || UNSUPPORTED_NAMES.some((name) => names.has(name));
  if (unsupported) {
    return new AppError('CHAIN_SWITCH_UNSUPPORTED', 'The wallet cannot switch to this network', {
      category: 'user',
      cause: error,
    });
  }
  return new AppError('CHAIN_SWITCH_FAILED', 'The wallet did not switch networks', {
    category: 'user',
    cause: error,
  });
}
