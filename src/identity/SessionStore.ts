import type { Address } from 'viem';
import type { CertificateApp } from './certificateMessage.ts';
import type { SessionCertificate, SessionKeyPair } from './types.ts';

/** One signed-in session as kept between visits: the key pair and its certificate. */
export interface StoredSession {
  keys: SessionKeyPair;
  certificate: SessionCertificate;
}

/**
 * Where sessions are kept between visits, by id. Records go in and come out by structured
 * clone (IndexedDB in the browser), so the private keys stay CryptoKeys and are never turned
 * into text. What comes out is `unknown`: storage is outside input and is checked again.
 *
 * @example
 * await store.put(id, { keys, certificate });
 * const record = await store.get(id); // unknown until checked
 */
export interface SessionStore {
  get(id: string): Promise<unknown>;
  put(id: string, session: StoredSession): Promise<void>;
  delete(id: string): Promise<void>;
}

/**
 * The id under which the session of `address` for `app` is kept: one per app, chain,
 * contract and wallet address.
 *
 * @example
 * sessionStoreId({ appName: 'community-chats', chainId: 42161, contract }, address);
 * // 'community-chats/42161/0xabc…/0xdef…'
 */
export function sessionStoreId(app: CertificateApp, address: Address): string {
  return `${app.appName}/${app.chainId}/${app.contract.toLowerCase()}/${address.toLowerCase()}`;
}
