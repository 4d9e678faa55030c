/**
 * Whether a wallet error means "the user said no" (EIP-1193 code 4001, viem's
 * UserRejectedRequestError), looking through `cause` chains.
 *
 * @example
 * try { await signMessage(text); } catch (e) { if (isUserRejection(e)) throw AppError.walletRejected(e); }
 */
export function isUserRejection(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Object; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (code === 4001 || code === 'ACTION_REJECTED' || name === 'UserRejectedRequestError') {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
