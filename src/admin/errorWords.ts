import { AppError, type ErrorCode } from '../core/errors.ts';
import { errorMessages } from '../core/messages.ts';

/**
 * Codes whose AppError message already says, in words, what was wrong with THIS request
 * (the contract's custom errors decoded by `toChainError`, an unknown ENS name); the others
 * are better told by the generic table in `messages.ts`.
 */
const specific: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CONTRACT_REVERTED',
  'NOT_AUTHORIZED',
  'COMMUNITY_INACTIVE',
  'COMMUNITY_NOT_FOUND',
  'ADDRESS_INVALID',
  'NAME_NOT_FOUND',
]);

/**
 * The sentence the console shows for a failed request: the specific words when the error
 * carries them ("0x7099…79C8 is already a member of this community."), else the table's.
 *
 * @example
 * errorWords(AppError.walletRejected()); // 'You declined the request in your wallet. Nothing was changed.'
 */
export function errorWords(error: unknown): string {
  const appError = AppError.from(error);
  return specific.has(appError.code) ? appError.message : errorMessages[appError.code];
}
