import { AppError, type ErrorCode } from './errors.ts';

/** The words a person sees for each error code: what happened and what to do next. */
export const errorMessages: Record<ErrorCode, string> = {
  CONFIG_INVALID: 'This copy of the app is misconfigured. Please tell the community admins.',
  WALLET_NOT_FOUND:
    'No wallet was found. Install a browser wallet, or use the burner wallet locally.',
  WALLET_REJECTED: 'You declined the request in your wallet. Nothing was changed.',
  WRONG_CHAIN: 'Your wallet is on a different network. Switch networks to continue.',
  RPC_UNAVAILABLE: 'The blockchain node is not answering. Check your connection and try again.',
  CONTRACT_REVERTED: 'The contract refused the transaction.',
  NOT_A_MEMBER: 'This address is not on the community allowlist.',
  COMMUNITY_NOT_FOUND: 'That community does not exist on this network.',
  COMMUNITY_INACTIVE: 'This community has been deactivated by its owner.',
  CERTIFICATE_INVALID: 'The session signature could not be verified.',
  RELAY_UNAVAILABLE: 'No relay is reachable, so nobody else can see you right now.',
  FEATURE_UNAVAILABLE: 'This part of the app is not available yet.',
  INTERNAL: 'Something went wrong inside the app.',
};

/** The user-facing sentence for any thrown value. */
export function describeError(error: unknown): string {
  return errorMessages[AppError.from(error).code];
}
