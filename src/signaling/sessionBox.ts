import { AppError } from '../core/errors.ts';
import { seaPublicKeyJwk } from '../identity/sessionKeys.ts';
import type { SessionKeyPair } from '../identity/types.ts';
import { fromBase64, toBase64 } from './sessionCrypto.ts';

/** Marks the sealing scheme below, so a later one can be told apart. */
const PREFIX = 'cc1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ecdh = { name: 'ECDH', namedCurve: 'P-256' } as const;
const encoder = new TextEncoder();
/** Separates these keys from any other use of the same ECDH secret. */
const hkdfInfo = encoder.encode('community-chats session box v1');

/** Options of a {@link SessionBox}. */
export interface SessionBoxOptions {
  /** Most peer secrets kept; the least recently used goes first. Default 256. */
  maxSecrets?: number;
}

/**
 * Encrypts text between two session keys with WebCrypto: ECDH P-256 of our private
 * `agreementKey` and the peer's `epub` (the same secret on both sides), HKDF-SHA-256 to an
 * AES-256-GCM key, a random 96-bit IV per message. Sealed text reads `cc1.<iv>.<ciphertext>`
 * (base64). Each peer's key is derived once and kept, non-extractable, in a bounded LRU: a
 * long-lived room sees sessions come and go, and the cache must not grow with them.
 *
 * @example
 * const box = new SessionBox(keys);
 * const sealed = await box.seal(peer.sessionEpub, JSON.stringify(offer));
 * const text = await box.open(peer.sessionEpub, sealed); // on the other side
 */
export class SessionBox {
  readonly #keys: Pick<SessionKeyPair, 'agreementKey'>;
  readonly #maxSecrets: number;
  readonly #secrets = new Map<string, Promise<CryptoKey | undefined>>();

  constructor(keys: Pick<SessionKeyPair, 'agreementKey'>, options: SessionBoxOptions = {}) {
    this.#keys = keys;
    this.#maxSecrets = options.maxSecrets ?? 256;
  }

  /** How many peer secrets are held now (never more than `maxSecrets`). */
  get size(): number {
    return this.#secrets.size;
  }

  /** Ciphertext of `text` that only the holder of `epub`'s private half (and we) can read. */
  async seal(epub: string, text: string): Promise<string> {
    const key = await this.#secret(epub);
    if (key === undefined)
      throw AppError.internal('signaling: cannot seal for a key that is not a P-256 point');
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoder.encode(text));
    return `${PREFIX}${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
  }

  /** The text sealed for us by the holder of `epub`, or `undefined` if it does not open. */
  async open(epub: string, sealed: string): Promise<string | undefined> {
    if (!sealed.startsWith(PREFIX)) return undefined;
    const [ivText, ciphertextText, extra] = sealed.slice(PREFIX.length).split('.');
    if (ivText === undefined || ciphertextText === undefined || extra !== undefined) {
      return undefined;
    }
    const iv = fromBase64(ivText);
    const ciphertext = fromBase64(ciphertextText);
    if (iv?.length !== IV_BYTES || ciphertext === undefined || ciphertext.length < TAG_BYTES) {
      return undefined;
    }
    const key = await this.#secret(epub);
    if (key === undefined) return undefined;
    try {
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, ciphertext);
      return new TextDecoder('utf-8', { fatal: true }).decode(plain);
    } catch {
      // Not sealed for us, altered on the way, or not text: all the same to the caller.
      return undefined;
    }
  }

  #secret(epub: string): Promise<CryptoKey | undefined> {
    const known = this.#secrets.get(epub);
    if (known) {
      // Refresh recency.
      this.#secrets.delete(epub);
      this.#secrets.set(epub, known);
      return known;
    }
    const secret = deriveBoxKey(this.#keys.agreementKey, epub).catch(() => undefined);
    if (this.#secrets.size >= this.#maxSecrets) {
      const oldest = this.#secrets.keys().next();
      if (!oldest.done) this.#secrets.delete(oldest.value);
    }
    this.#secrets.set(epub, secret);
    return secret;
  }
}

async function deriveBoxKey(agreementKey: CryptoKey, epub: string): Promise<CryptoKey> {
  const peer = await crypto.subtle.importKey('jwk', seaPublicKeyJwk(epub), ecdh, false, []);
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, agreementKey, 256);
  const material = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: hkdfInfo },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}
