import { seaPublicKeyJwk } from '../identity/sessionKeys.ts';
import type { SessionKeyPair } from '../identity/types.ts';

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ecdsaSha256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const encoder = new TextEncoder();

/**
 * Standard base64 of `bytes`.
 *
 * @example
 * toBase64(new Uint8Array([1, 2, 3])); // 'AQID'
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The bytes of standard base64 `text`, or `undefined` when it is not base64.
 *
 * @example
 * fromBase64('AQID'); // Uint8Array [1, 2, 3]
 */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

/**
 * Signs `text` with a session's private ECDSA key (P-256, SHA-256), returning the 64-byte
 * r||s signature in base64. WebCrypto directly, not SEA: SEA's sign/verify wrap the text in
 * JSON and print to the console on every mismatch, which a flood of forgeries would turn into
 * a denial of service; and SEA needs the private key as a string, which ours never is.
 *
 * @example
 * const sig = await signText(keys, envelopeSigningText(envelope));
 */
export async function signText(
  keys: Pick<SessionKeyPair, 'signingKey'>,
  text: string,
): Promise<string> {
  const signature = await crypto.subtle.sign(ecdsaSha256, keys.signingKey, encoder.encode(text));
  return toBase64(new Uint8Array(signature));
}

/**
 * Verifies public keys once and reuses them; bounded so a flood of fresh keys cannot grow it.
 *
 * @example
 * const verifier = new SignatureVerifier();
 * if (!(await verifier.verify(envelope.from, text, envelope.sig))) drop('bad-signature');
 */
export class SignatureVerifier {
  readonly #keys = new Map<string, Promise<CryptoKey | undefined>>();
  readonly #maxKeys: number;

  constructor(maxKeys = 2_000) {
    this.#maxKeys = maxKeys;
  }

  /** Whether `signature` (base64) is `pub`'s signature of `text`; false for any bad input. */
  async verify(pub: string, text: string, signature: string): Promise<boolean> {
    const bytes = fromBase64(signature);
    if (bytes?.length !== 64) return false;
    const key = await this.#key(pub);
    if (!key) return false;
    try {
      return await crypto.subtle.verify(ecdsaSha256, key, bytes, encoder.encode(text));
    } catch {
      return false;
    }
  }

  #key(pub: string): Promise<CryptoKey | undefined> {
    let key = this.#keys.get(pub);
    if (key) {
      // Refresh recency.
      this.#keys.delete(pub);
      this.#keys.set(pub, key);
      return key;
    }
    key = crypto.subtle.importKey('jwk', seaPublicKeyJwk(pub), ecdsa, false, ['verify']).then(
      (imported) => imported,
      () => undefined,
    );
    if (this.#keys.size >= this.#maxKeys) {
      const oldest = this.#keys.keys().next();
      if (!oldest.done) this.#keys.delete(oldest.value);
    }
    this.#keys.set(pub, key);
    return key;
  }
}

/**
 * A random envelope id: 16 bytes as base64url (22 characters).
 *
 * @example
 * randomId(); // 'q3Jx0v5m0p1rTqk3o8b9Aw'
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return toBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
