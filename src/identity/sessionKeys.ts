import type { SessionKeyPair } from './types.ts';

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ecdh = { name: 'ECDH', namedCurve: 'P-256' } as const;

/**
 * Makes a fresh key pair for one session with WebCrypto: ECDSA P-256 signs envelopes, ECDH
 * P-256 derives the secrets signals are sealed with. Both private halves are generated
 * non-extractable, so no script (ours or another site's on a shared gateway origin) can read
 * them out; they can only be used while a page holds them. The public halves are written the
 * way Gun SEA writes keys (`x.y`, base64url), which certificates and receivers expect.
 *
 * @example
 * const keys = await createSessionKeyPair();
 * keys.pub; // 'x.y' base64url P-256 public key
 * await crypto.subtle.exportKey('jwk', keys.signingKey); // rejects: not extractable
 */
export async function createSessionKeyPair(): Promise<SessionKeyPair> {
  const [signing, agreement] = await Promise.all([
    crypto.subtle.generateKey(ecdsa, false, ['sign', 'verify']),
    crypto.subtle.generateKey(ecdh, false, ['deriveBits']),
  ]);
  const [pub, epub] = await Promise.all([
    seaPublicKey(signing.publicKey),
    seaPublicKey(agreement.publicKey),
  ]);
  return { pub, epub, signingKey: signing.privateKey, agreementKey: agreement.privateKey };
}

/** Public keys stay extractable in WebCrypto whatever the pair was generated with. */
async function seaPublicKey(key: CryptoKey): Promise<string> {
  const { x, y } = await crypto.subtle.exportKey('jwk', key);
  return `${x}.${y}`;
}

/**
 * The JWK of a SEA-style public key (`x.y`), for `crypto.subtle.importKey`.
 *
 * @example
 * await crypto.subtle.importKey('jwk', seaPublicKeyJwk(pub), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
 */
export function seaPublicKeyJwk(pub: string): JsonWebKey {
  const [x, y] = pub.split('.');
  return { kty: 'EC', crv: 'P-256', x: x ?? '', y: y ?? '', ext: true };
}

/** SEA public keys are two base64url halves joined by a dot. */
const seaPublicKeyShape = /^[A-Za-z0-9_-]{20,64}\.[A-Za-z0-9_-]{20,64}$/;

/**
 * Whether `value` looks like a SEA public key (shape only, not a curve check).
 *
 * @example
 * isSeaPublicKey(keys.pub); // true
 */
export function isSeaPublicKey(value: string): boolean {
  return seaPublicKeyShape.test(value);
}

/**
 * Whether `value` is a usable session key pair: SEA-style public keys and non-extractable
 * P-256 private keys for signing and for ECDH. Checks what comes back from storage, where an
 * extractable key (planted or from an older version) must not be used.
 *
 * @example
 * if (!isSessionKeyPair(record.keys)) await store.delete(id);
 */
export function isSessionKeyPair(value: unknown): value is SessionKeyPair {
  if (typeof value !== 'object' || value === null) return false;
  const { pub, epub, signingKey, agreementKey } = value as Record<string, unknown>;
  return (
    typeof pub === 'string' &&
    isSeaPublicKey(pub) &&
    typeof epub === 'string' &&
    isSeaPublicKey(epub) &&
    isPrivateKey(signingKey, 'ECDSA', 'sign') &&
    isPrivateKey(agreementKey, 'ECDH', 'deriveBits')
  );
}

function isPrivateKey(value: unknown, algorithm: string, usage: KeyUsage): value is CryptoKey {
  return (
    value instanceof CryptoKey &&
    value.type === 'private' &&
    !value.extractable &&
    value.algorithm.name === algorithm &&
    (value.algorithm as EcKeyAlgorithm).namedCurve === 'P-256' &&
    value.usages.includes(usage)
  );
}
