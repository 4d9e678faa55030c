import { loadSea } from '../graph/loadSea.ts';
import type { SessionKeyPair } from './types.ts';

/** The part of Gun SEA this app uses for session keys. */
interface SeaKeys {
  pair(): Promise<SessionKeyPair>;
}

/**
 * Makes a fresh Gun SEA key pair for one session: `pub`/`priv` sign envelopes,
 * `epub`/`epriv` derive ECDH secrets. The private halves never leave this browser.
 *
 * @example
 * const keys = await createSessionKeyPair();
 * keys.pub; // 'x.y' base64url P-256 public key
 */
export async function createSessionKeyPair(): Promise<SessionKeyPair> {
  const sea = (await loadSea()) as SeaKeys;
  const { pub, priv, epub, epriv } = await sea.pair();
  return { pub, priv, epub, epriv };
}

/** SEA public keys are two base64url halves joined by a dot. */
const seaPublicKey = /^[A-Za-z0-9_-]{20,64}\.[A-Za-z0-9_-]{20,64}$/;

/**
 * Whether `value` looks like a SEA public key (shape only, not a curve check).
 *
 * @example
 * isSeaPublicKey(keys.pub); // true
 */
export function isSeaPublicKey(value: string): boolean {
  return seaPublicKey.test(value);
}
