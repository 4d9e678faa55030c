/** What went wrong while building or publishing the site; tests and the CLI branch on it. */
export type DeployErrorCode =
  | 'WALLET_MISSING'
  | 'WALLET_INVALID'
  | 'WALLET_EXISTS'
  | 'DIST_MISSING'
  | 'CONFIG_MISSING'
  | 'CONFIG_NOT_DEPLOYABLE'
  | 'GATEWAY_UNREACHABLE'
  | 'INSUFFICIENT_FUNDS'
  | 'UPLOAD_FAILED'
  | 'CANCELLED'
  | 'USAGE';

/**
 * The one error type of the Arweave tooling: a code for programs and a message that
 * tells the person at the terminal what to do next.
 *
 * @example
 * throw new DeployError('DIST_MISSING', 'dist/index.html not found: run npm run build:arweave');
 */
export class DeployError extends Error {
  override readonly name = 'DeployError';
  readonly code: DeployErrorCode;

  constructor(code: DeployErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
