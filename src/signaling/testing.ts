import type { Address, Hex } from 'viem';
import type {
  CertificateVerifier,
  SessionCertificate,
  SessionKeyPair,
  VerifiedCertificate,
} from '../identity/types.ts';

/**
 * A fake session certificate for unit tests: the verified facts are the message itself,
 * read back by {@link readFakeCertificate}. Real certificates (SIWE, wallet signatures) are
 * exercised by the integration tests.
 *
 * @example
 * const certificate = fakeCertificate(ALICE, keys, { expiresAt: now + 60_000 });
 */
export function fakeCertificate(
  address: Address,
  keys: SessionKeyPair,
  times: { issuedAt?: number; expiresAt?: number } = {},
): SessionCertificate {
  const issuedAt = times.issuedAt ?? Date.now();
  const facts: VerifiedCertificate = {
    address,
    chainId: 31337,
    sessionPub: keys.pub,
    sessionEpub: keys.epub,
    issuedAt,
    expiresAt: times.expiresAt ?? issuedAt + 3_600_000,
  };
  return { message: JSON.stringify(facts), signature: '0x00' as Hex };
}

/** The verifier of {@link fakeCertificate}s: the facts are the message. */
export const readFakeCertificate: CertificateVerifier = async (certificate) =>
  JSON.parse(certificate.message) as VerifiedCertificate;
