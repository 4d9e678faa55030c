import { AppError } from '../core/errors.ts';

/** Why a session certificate was refused. */
export type CertificateInvalidReason =
  | 'malformed'
  | 'expired'
  | 'not-yet-valid'
  | 'lifetime-too-long'
  /** Names another app, chain or access contract than the receiver's (see `appResource`). */
  | 'wrong-app'
  | 'wrong-chain'
  | 'bad-signature'
  | 'key-mismatch';

/**
 * A CERTIFICATE_INVALID AppError that says why, for counters and logs; the user sees the
 * message table's words for CERTIFICATE_INVALID.
 *
 * @example
 * try { await verify(certificate); }
 * catch (error) { if (error instanceof CertificateInvalidError) dropped[error.reason]++; }
 */
export class CertificateInvalidError extends AppError {
  readonly reason: CertificateInvalidReason;

  constructor(reason: CertificateInvalidReason, details: string, cause?: unknown) {
    super('CERTIFICATE_INVALID', `Session certificate refused: ${reason} (${details})`, {
      category: 'trust',
      details,
      ...(cause === undefined ? {} : { cause }),
    });
    this.reason = reason;
  }
}
