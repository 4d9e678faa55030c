import { concat, type Hex, keccak256 } from 'viem';
import { personalMessageHash } from '../identity/personalMessageHash.ts';
import type { SessionCertificate } from '../identity/types.ts';

/**
 * The id by which envelopes point to a certificate already seen: keccak256 of the signature
 * and the EIP-191 hash of the message (which recovering the signer computes anyway, so the
 * ~900-character message is hashed once per certificate, not twice).
 *
 * @example
 * const certHash = certificateHash(session.certificate);
 */
export function certificateHash(certificate: SessionCertificate): Hex {
  return keccak256(
    concat([certificate.signature.toLowerCase() as Hex, personalMessageHash(certificate.message)]),
  );
}
