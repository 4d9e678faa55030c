import type { Clock } from '../core/clock.ts';
import type { CertificateInvalidReason } from './errors.ts';
import { CertificateInvalidError } from './errors.ts';
import type { CertificateVerifier, SessionCertificate, VerifiedCertificate } from './types.ts';
import {
  type CertificateExpectations,
  type SignatureVerifierClient,
  verifySessionCertificate,
} from './verifySessionCertificate.ts';

export interface CertificateVerifierOptions {
  client: SignatureVerifierClient;
  expectations: Omit<CertificateExpectations, 'now' | 'sessionPub'>;
  clock: Clock;
  /** Most certificates remembered (verified and refused). Default 2,000. */
  maxEntries?: number;
  /** How long a refused certificate is remembered, so a flood costs no chain reads. Default 60 s. */
  refusalTtlMs?: number;
}

type Entry =
  | { ok: true; verified: VerifiedCertificate }
  | { ok: false; reason: CertificateInvalidReason; details: string; until: number };

/**
 * A {@link CertificateVerifier} for the graph: remembers each verified certificate until it
 * expires, and each refused one for a minute, so every envelope carrying the same
 * certificate is checked once. Errors are those of {@link verifySessionCertificate}.
 *
 * @example
 * const verify = createCertificateVerifier({
 *   client: publicClient, clock: systemClock,
 *   expectations: { domain: location.host, chainId: 42161, contract },
 * });
 * const { address, sessionPub } = await verify(envelope.certificate);
 */
export function createCertificateVerifier(
  options: CertificateVerifierOptions,
): CertificateVerifier {
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<VerifiedCertificate>>();
  const maxEntries = options.maxEntries ?? 2_000;
  const refusalTtl = options.refusalTtlMs ?? 60_000;

  const remember = (key: string, entry: Entry) => {
    if (entries.size >= maxEntries) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    entries.set(key, entry);
  };

  return (certificate: SessionCertificate) => {
    const key = `${certificate.signature}\n${certificate.message}`;
    const now = options.clock.now();
    const known = entries.get(key);
    if (known?.ok === true && now < known.verified.expiresAt) {
      return Promise.resolve(known.verified);
    }
    if (known?.ok === false && now < known.until) {
      return Promise.reject(new CertificateInvalidError(known.reason, known.details));
    }
    const pending = inFlight.get(key);
    if (pending) return pending;
    const check = verifySessionCertificate(options.client, certificate, {
      ...options.expectations,
      now,
    })
      .then(
        (verified) => {
          remember(key, { ok: true, verified });
          return verified;
        },
        (error: unknown) => {
          if (error instanceof CertificateInvalidError && error.reason !== 'not-yet-valid') {
            const details = error.details ?? '';
            remember(key, { ok: false, reason: error.reason, details, until: now + refusalTtl });
          }
          throw error;
        },
      )
      .finally(() => inFlight.delete(key));
    inFlight.set(key, check);
    return check;
  };
}
