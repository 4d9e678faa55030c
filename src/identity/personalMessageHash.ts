import { type Hex, hashMessage } from 'viem';

const MAX_ENTRIES = 256;
const hashes = new Map<string, Hex>();

/**
 * The EIP-191 hash of a personal message (viem's `hashMessage`), remembered for the last 256
 * messages: a certificate's hash and the recovery of its signer both need it, and keccak of a
 * ~900-character certificate costs about as much as the recovery itself.
 *
 * @example
 * const digest = personalMessageHash(certificate.message);
 */
export function personalMessageHash(message: string): Hex {
  const known = hashes.get(message);
  if (known) return known;
  const hash = hashMessage(message);
  const oldest = hashes.keys().next();
  if (hashes.size >= MAX_ENTRIES && !oldest.done) hashes.delete(oldest.value);
  hashes.set(message, hash);
  return hash;
}
