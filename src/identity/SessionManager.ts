import type { Address, Hex } from 'viem';
import { isAddressEqual } from 'viem';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/Emitter.ts';
import { AppError } from '../core/errors.ts';
import { isUserRejection } from '../wallet/walletErrors.ts';
import { createSessionCertificateMessage } from './certificateMessage.ts';
import { type SessionStore, type StoredSession, sessionStoreId } from './SessionStore.ts';
import { createSessionKeyPair, isSessionKeyPair } from './sessionKeys.ts';
import type { SessionCertificate, SessionKeyPair, VerifiedCertificate } from './types.ts';
import {
  type SignatureVerifierClient,
  verifySessionCertificate,
} from './verifySessionCertificate.ts';

/** Asks the wallet for an EIP-191 personal signature of `message`. */
export type SignMessage = (message: string) => Promise<Hex>;

/** A signed-in session: the key pair and the certificate that vouches for it. */
export interface Session {
  keys: SessionKeyPair;
  certificate: SessionCertificate;
  verified: VerifiedCertificate;
}

export interface SessionManagerEvents extends Record<string, unknown> {
  /** A session began (signed or restored) or ended (`session: null`). */
  changed: { session: Session | null };
}

export interface SessionManagerOptions {
  /** Where sessions outlive the page: IndexedDB in the browser, never `localStorage`. */
  store: SessionStore;
  clock: Clock;
  /** Checks the wallet's signature before anything is stored (contract wallets need the chain). */
  client: SignatureVerifierClient;
  /**
   * The app as certificates name it (`appName`, chain, contract: what receivers check), and
   * the page's host and address, which the wallet shows.
   */
  app: { appName: string; chainId: number; contract: Address; domain: string; uri: string };
  /** How long a certificate lasts. Default 24 h. */
  lifetimeMs?: number;
  /** A stored certificate with less than this left is not reused. Default 10 min. */
  renewBeforeMs?: number;
  /** Key pair factory; non-extractable WebCrypto keys by default. */
  createKeyPair?: () => Promise<SessionKeyPair>;
}

/** A stored record's parts, if it has the shape of one; its contents are verified after. */
function storedParts(record: unknown): StoredSession | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const { keys, certificate } = record as Record<string, unknown>;
  if (!isSessionKeyPair(keys) || typeof certificate !== 'object' || certificate === null) {
    return undefined;
  }
  const { message, signature } = certificate as Record<string, unknown>;
  if (typeof message !== 'string' || typeof signature !== 'string') return undefined;
  if (!/^0x[0-9a-fA-F]+$/.test(signature)) return undefined;
  return { keys, certificate: { message, signature: signature as Hex } };
}

/**
 * Owns the session key and its certificate: signs in with ONE wallet signature, reuses the
 * stored certificate until it nears expiry, forgets it on sign-out.
 *
 * @example
 * const sessions = new SessionManager({ store: new IndexedDbSessionStore(indexedDB), clock: systemClock, client, app });
 * const session = await sessions.signIn(address, (message) => wallet.signMessage({ message }));
 * await sessions.signOut();
 */
export class SessionManager {
  readonly events = new Emitter<SessionManagerEvents>();
  readonly #options: SessionManagerOptions;
  readonly #lifetimeMs: number;
  readonly #renewBeforeMs: number;
  #current: Session | null = null;
  readonly #signing = new Map<string, Promise<Session>>();

  constructor(options: SessionManagerOptions) {
    this.#options = options;
    this.#lifetimeMs = options.lifetimeMs ?? 86_400_000;
    this.#renewBeforeMs = options.renewBeforeMs ?? 600_000;
  }

  /** How long a new certificate lasts, for the explanation the UI shows. */
  get lifetimeMs(): number {
    return this.#lifetimeMs;
  }

  /** The active session, if it has not expired. */
  get current(): Session | null {
    const session = this.#current;
    if (session && this.#options.clock.now() >= session.verified.expiresAt) return null;
    return session;
  }

  /**
   * Returns a usable session for `address`: the current one, a stored one, or a new one
   * signed by the wallet. A rejected signature throws WALLET_REJECTED and stores nothing.
   */
  async signIn(address: Address, signMessage: SignMessage): Promise<Session> {
    const key = address.toLowerCase();
    const pending = this.#signing.get(key);
    if (pending) return pending;
    const attempt = this.#signIn(address, signMessage).finally(() => this.#signing.delete(key));
    this.#signing.set(key, attempt);
    return attempt;
  }

  /** The stored session for `address`, if still usable; never asks the wallet. */
  async restore(address: Address): Promise<Session | null> {
    const current = this.#current;
    if (current && isAddressEqual(current.verified.address, address) && this.#usable(current)) {
      return current;
    }
    const stored = await this.#readStored(address);
    if (!stored) return null;
    this.#setCurrent(stored);
    return stored;
  }

  /**
   * Forgets the session of `address` (default: the current one): at once on this page, and in
   * the store once the returned promise settles.
   */
  async signOut(address?: Address): Promise<void> {
    const target = address ?? this.#current?.verified.address;
    if (target === undefined) return;
    if (this.#current && isAddressEqual(this.#current.verified.address, target)) {
      this.#current = null;
      this.events.emit('changed', { session: null });
    }
    await this.#options.store.delete(this.#storageKey(target));
  }

  async #signIn(address: Address, signMessage: SignMessage): Promise<Session> {
    const restored = await this.restore(address);
    if (restored) return restored;

    const { app, clock } = this.#options;
    const keys = await (this.#options.createKeyPair ?? createSessionKeyPair)();
    const issuedAt = clock.now();
    const message = createSessionCertificateMessage({
      address,
      appName: app.appName,
      chainId: app.chainId,
      contract: app.contract,
      domain: app.domain,
      uri: app.uri,
      sessionPub: keys.pub,
      sessionEpub: keys.epub,
      issuedAt: new Date(issuedAt),
      expiresAt: new Date(issuedAt + this.#lifetimeMs),
    });
    let signature: Hex;
    try {
      signature = await signMessage(message);
    } catch (error) {
      if (isUserRejection(error)) throw AppError.walletRejected(error);
      throw AppError.from(error);
    }
    const certificate = { message, signature };
    const verified = await this.#verify(certificate, keys);
    if (!isAddressEqual(verified.address, address)) {
      throw AppError.internal('The wallet signed for another address');
    }
    const session = { keys, certificate, verified };
    await this.#options.store.put(this.#storageKey(address), { keys, certificate });
    this.#setCurrent(session);
    return session;
  }

  #verify(certificate: SessionCertificate, keys: SessionKeyPair): Promise<VerifiedCertificate> {
    const { app, client, clock } = this.#options;
    return verifySessionCertificate(client, certificate, {
      appName: app.appName,
      chainId: app.chainId,
      contract: app.contract,
      sessionPub: keys.pub,
      now: clock.now(),
      maxLifetimeMs: this.#lifetimeMs,
    });
  }

  async #readStored(address: Address): Promise<Session | null> {
    const { store } = this.#options;
    const storageKey = this.#storageKey(address);
    const record = await store.get(storageKey);
    if (record === undefined) return null;
    try {
      const parts = storedParts(record);
      if (!parts) throw new Error('stored session has the wrong shape');
      const { keys, certificate } = parts;
      const verified = await this.#verify(certificate, keys);
      const session = { keys, certificate, verified };
      if (
        verified.sessionEpub !== keys.epub ||
        !isAddressEqual(verified.address, address) ||
        !this.#usable(session)
      ) {
        throw new Error('stored session is for other keys or address, or about to expire');
      }
      return session;
    } catch (error) {
      if (error instanceof AppError && error.code === 'RPC_UNAVAILABLE') throw error;
      // Expired, tampered or from another app version: forget it and ask again.
      await store.delete(storageKey);
      return null;
    }
  }

  #usable(session: Session): boolean {
    return this.#options.clock.now() < session.verified.expiresAt - this.#renewBeforeMs;
  }

  #setCurrent(session: Session): void {
    this.#current = session;
    this.events.emit('changed', { session });
  }

  #storageKey(address: Address): string {
    return sessionStoreId(this.#options.app, address);
  }
}
