import type { Address, Hex } from 'viem';
import { isAddressEqual } from 'viem';
import * as z from 'zod/mini';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/emitter.ts';
import { AppError } from '../core/errors.ts';
import { createSessionCertificateMessage } from './certificateMessage.ts';
import { createSessionKeyPair } from './sessionKeys.ts';
import type { SessionCertificate, SessionKeyPair, VerifiedCertificate } from './types.ts';
import {
  type SignatureVerifierClient,
  verifySessionCertificate,
} from './verifySessionCertificate.ts';
import { isUserRejection } from './walletErrors.ts';

/** Asks the wallet for an EIP-191 personal signature of `message`. */
export type SignMessage = (message: string) => Promise<Hex>;

/** The part of the Web Storage API a session needs; `localStorage` is one. */
export type SessionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

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
  storage: SessionStorage;
  clock: Clock;
  /** Checks the wallet's signature before anything is stored (contract wallets need the chain). */
  client: SignatureVerifierClient;
  /** The app as certificates name it. */
  app: { domain: string; uri: string; chainId: number; contract: Address };
  /** How long a certificate lasts. Default 24 h. */
  lifetimeMs?: number;
  /** A stored certificate with less than this left is not reused. Default 10 min. */
  renewBeforeMs?: number;
  /** Key pair factory; Gun SEA by default. */
  createKeyPair?: () => Promise<SessionKeyPair>;
}

const storedSchema = z.object({
  keys: z.object({ pub: z.string(), priv: z.string(), epub: z.string(), epriv: z.string() }),
  certificate: z.object({
    message: z.string(),
    signature: z.string().check(z.regex(/^0x[0-9a-fA-F]+$/)),
  }),
});

/**
 * Owns the session key and its certificate: signs in with ONE wallet signature, reuses the
 * stored certificate until it nears expiry, forgets it on sign-out.
 *
 * @example
 * const sessions = new SessionManager({ storage: localStorage, clock: systemClock, client, app });
 * const session = await sessions.signIn(address, (message) => wallet.signMessage({ message }));
 * sessions.signOut();
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

  /** Forgets the session of `address` (default: the current one) here and in storage. */
  signOut(address?: Address): void {
    const target = address ?? this.#current?.verified.address;
    if (target === undefined) return;
    this.#options.storage.removeItem(this.#storageKey(target));
    if (this.#current && isAddressEqual(this.#current.verified.address, target)) {
      this.#current = null;
      this.events.emit('changed', { session: null });
    }
  }

  async #signIn(address: Address, signMessage: SignMessage): Promise<Session> {
    const restored = await this.restore(address);
    if (restored) return restored;

    const { app, clock } = this.#options;
    const keys = await (this.#options.createKeyPair ?? createSessionKeyPair)();
    const issuedAt = clock.now();
    const message = createSessionCertificateMessage({
      address,
      chainId: app.chainId,
      domain: app.domain,
      uri: app.uri,
      contract: app.contract,
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
    this.#options.storage.setItem(this.#storageKey(address), JSON.stringify({ keys, certificate }));
    this.#setCurrent(session);
    return session;
  }

  #verify(certificate: SessionCertificate, keys: SessionKeyPair): Promise<VerifiedCertificate> {
    const { app, client, clock } = this.#options;
    return verifySessionCertificate(client, certificate, {
      domain: app.domain,
      chainId: app.chainId,
      contract: app.contract,
      sessionPub: keys.pub,
      now: clock.now(),
      maxLifetimeMs: this.#lifetimeMs,
    });
  }

  async #readStored(address: Address): Promise<Session | null> {
    const storageKey = this.#storageKey(address);
    const raw = this.#options.storage.getItem(storageKey);
    if (raw === null) return null;
    try {
      const parsed = storedSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) throw new Error('stored session has the wrong shape');
      const { keys, certificate } = parsed.data;
      const typed = { message: certificate.message, signature: certificate.signature as Hex };
      const verified = await this.#verify(typed, keys);
      const session = { keys, certificate: typed, verified };
      if (!isAddressEqual(verified.address, address) || !this.#usable(session)) {
        throw new Error('stored session is for another address or about to expire');
      }
      return session;
    } catch (error) {
      if (error instanceof AppError && error.code === 'RPC_UNAVAILABLE') throw error;
      // Expired, tampered or from another app version: forget it and ask again.
      this.#options.storage.removeItem(storageKey);
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
    const { chainId, contract, domain } = this.#options.app;
    return `community-chats/session/${domain}/${chainId}/${contract.toLowerCase()}/${address.toLowerCase()}`;
  }
}
