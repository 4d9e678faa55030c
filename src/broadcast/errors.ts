import { AppError } from '../core/errors.ts';

/**
 * The broadcast's AppErrors, built in one place. An endpoint's HTTP status goes into
 * `details`, so the host reads "HTTP 401" beside the sentence.
 *
 * @example
 * throw broadcastErrors.fromStatus(404);
 */
export const broadcastErrors = {
  urlInvalid: (details: string) =>
    new AppError('BROADCAST_URL_INVALID', `Not a WHIP URL: ${details}`, {
      category: 'user',
      details,
    }),
  hostNotAllowed: (origin: string) =>
    new AppError('BROADCAST_HOST_NOT_ALLOWED', `Broadcast host not allowed: ${origin}`, {
      category: 'config',
      details: origin,
    }),
  /** The endpoint's refusal, by HTTP status. */
  fromStatus: (status: number) => {
    const details = `HTTP ${status}`;
    if (status === 401 || status === 403) {
      return new AppError('BROADCAST_UNAUTHORIZED', `WHIP endpoint refused: ${details}`, {
        category: 'user',
        details,
      });
    }
    if (status === 404) {
      return new AppError('BROADCAST_NOT_FOUND', `WHIP endpoint refused: ${details}`, {
        category: 'user',
        details,
      });
    }
    return new AppError('BROADCAST_REFUSED', `WHIP endpoint refused: ${details}`, {
      category: 'network',
      details,
    });
  },
  /** A 2xx that is not a WHIP answer (no Location, no SDP). */
  badAnswer: (details: string) =>
    new AppError('BROADCAST_REFUSED', `WHIP endpoint answered wrongly: ${details}`, {
      category: 'network',
      details,
    }),
  unreachable: (cause?: unknown) =>
    new AppError('BROADCAST_UNREACHABLE', 'WHIP endpoint unreachable', {
      category: 'network',
      cause,
    }),
  connectionFailed: (details: string) =>
    new AppError('BROADCAST_CONNECTION_FAILED', `Broadcast media connection: ${details}`, {
      category: 'network',
      details,
    }),
};

/** Refusals that another try will not change: the host must fix the URL or the key. */
export function isFinalRefusal(error: AppError): boolean {
  return error.code === 'BROADCAST_UNAUTHORIZED' || error.code === 'BROADCAST_NOT_FOUND';
}
