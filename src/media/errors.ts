import { AppError } from '../core/errors.ts';

/**
 * The media room's AppErrors, built in one place; `details` says what failed, in the
 * server's words where it gave any.
 *
 * @example
 * throw mediaErrors.refused('join', 'Unauthorized (not in the allowed list)');
 */
export const mediaErrors = {
  unreachable: (server: string, cause?: unknown) =>
    new AppError('MEDIA_UNAVAILABLE', `Media server unreachable: ${server}`, {
      category: 'network',
      details: `${server} did not answer`,
      cause,
    }),
  /** The server answered a request with an error. */
  refused: (request: string, reason: string) =>
    new AppError('MEDIA_UNAVAILABLE', `Media server refused ${request}: ${reason}`, {
      category: 'network',
      details: `${request}: ${reason}`,
    }),
  /** The server went quiet, the socket closed, or the audio connection failed. */
  lost: (details: string) =>
    new AppError('MEDIA_UNAVAILABLE', `Media server connection lost: ${details}`, {
      category: 'network',
      details,
    }),
  timeout: (request: string) =>
    new AppError('MEDIA_UNAVAILABLE', `Media server did not answer ${request}`, {
      category: 'network',
      details: `${request}: no answer`,
    }),
};
