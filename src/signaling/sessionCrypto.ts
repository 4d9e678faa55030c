import type { SessionKeyPair } from '../identity/types.ts';

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ecdsaSha256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

/** SEA writes a P-256 public key as base64url `x.y`; WebCrypto wants a JWK. */
function publicJwk(pub: string): JsonWebKey {
  const [x, y] = pub.split('.');
  return { kty: 'EC', crv: 'P-256', x: x ?? '', y: y ?? '', ext: true };
}

/**
 * Signs `text` with a SEA session key (ECDSA P-256, SHA-256), returning base64. Done with
 * WebCrypto directly: SEA's own sign/verify wrap the text in JSON and print to the console
 * on every mismatch, which a flood of forgeries would turn into a denial of service.
 *
 * @example
 * const sig = await signText(keys, envelopeSigningText(envelope));
 */
export async function signText(keys: SessionKeyPair, text: string): Promise<string> {
  const key = await signingKey(keys);
  const signature = await crypto.subtle.sign(ecdsaSha256, key, encoder.encode(text));
  return toBase64(new Uint8Array(signature));
}

const signingKeys = new WeakMap<SessionKeyPair, Promise<CryptoKey>>();
function signingKey(keys: SessionKeyPair): Promise<CryptoKey> {
  let key = signingKeys.get(keys);
  if (!key) {
    key = crypto.subtle.importKey('jwk', { ...publicJwk(keys.pub), d: keys.priv }, ecdsa, false, [
      'sign',
    ]);
    signingKeys.set(keys, key);
  }
  return key;
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
    key = crypto.subtle.importKey('jwk', publicJwk(pub), ecdsa, false, ['verify']).then(
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
