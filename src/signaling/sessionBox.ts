import { loadSea } from '../graph/loadSea.ts';
import type { SessionKeyPair } from '../identity/types.ts';

/** The part of Gun SEA used for encryption between two session keys. */
interface SeaBox {
  secret(epub: string, pair: SessionKeyPair): Promise<string | undefined>;
  encrypt(data: string, secret: string): Promise<string | undefined>;
  decrypt(data: string, secret: string): Promise<unknown>;
}

function isSeaBox(value: unknown): value is SeaBox {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    'secret' in value &&
    'encrypt' in value &&
    'decrypt' in value
  );
}

async function loadSeaBox(): Promise<SeaBox> {
  const sea = await loadSea();
  if (!isSeaBox(sea)) throw new Error('gun/sea.js did not export SEA');
  return sea;
}

/**
 * Encrypts text between two session keys with SEA: an ECDH secret of our `epriv` and the
 * peer's `epub` (the same on both sides), then AES-GCM. Secrets are derived once per peer.
 *
 * @example
 * const box = new SessionBox(keys);
 * const sealed = await box.seal(peer.sessionEpub, JSON.stringify(offer));
 * const text = await box.open(peer.sessionEpub, sealed); // on the other side
 */
export class SessionBox {
  readonly #keys: SessionKeyPair;
  readonly #secrets = new Map<string, Promise<string | undefined>>();

  constructor(keys: SessionKeyPair) {
    this.#keys = keys;
  }

  /** Ciphertext of `text` that only the holder of `epub`'s private half (and we) can read. */
  async seal(epub: string, text: string): Promise<string> {
    const sea = await loadSeaBox();
    const secret = await this.#secret(epub);
    // SEA parses what it decrypts as JSON, with Gun's own parser where Gun loaded one (yson,
    // on Node), which garbles arrays of objects: sealed as a JSON string, the text comes back
    // exactly as it went in.
    const sealed =
      secret === undefined ? undefined : await sea.encrypt(JSON.stringify(text), secret);
    if (typeof sealed !== 'string') throw new Error('SEA could not encrypt for this key');
    return sealed;
  }

  /** The text sealed for us by the holder of `epub`, or `undefined` if it does not open. */
  async open(epub: string, sealed: string): Promise<string | undefined> {
    if (!sealed.startsWith('SEA{')) return undefined;
    const sea = await loadSeaBox();
    const secret = await this.#secret(epub);
    if (secret === undefined) return undefined;
    let opened: unknown;
    try {
      opened = await sea.decrypt(sealed, secret);
    } catch {
      return undefined;
    }
    // Sealed text comes back as the string it was; anything else SEA parsed, so serialise it.
    if (opened === undefined || opened === null) return undefined;
    return typeof opened === 'string' ? opened : JSON.stringify(opened);
  }

  #secret(epub: string): Promise<string | undefined> {
    let secret = this.#secrets.get(epub);
    if (!secret) {
      secret = loadSeaBox().then((sea) => sea.secret(epub, this.#keys).catch(() => undefined));
      this.#secrets.set(epub, secret);
    }
    return secret;
  }
}
