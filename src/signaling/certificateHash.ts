import { type Hex, keccak256, stringToBytes } from 'viem';
import type { SessionCertificate } from '../identity/types.ts';

/**
 * The id by which envelopes point to a certificate already seen: keccak256 of the
 * signature and the message.
 *
 * @example
 * const certHash = certificateHash(session.certificate);
 */
export function certificateHash(certificate: SessionCertificate): Hex {
  return keccak256(stringToBytes(`${certificate.signature.toLowerCase()}\n${certificate.message}`));
}
