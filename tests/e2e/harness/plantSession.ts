import type { Page } from 'playwright-core';
import type { LocalAccount } from 'viem';
import { createSessionCertificateMessage } from '../../../src/identity/certificateMessage.ts';
import { SESSION_DATABASE } from '../../../src/identity/IndexedDbSessionStore.ts';
import { sessionStoreId } from '../../../src/identity/SessionStore.ts';
import type { SessionCertificate, SessionKeyPair } from '../../../src/identity/types.ts';

/** The app a planted session is for: config values of the stack under test. */
export interface PlantedApp {
  appName: string;
  chainId: number;
  contract: `0x${string}`;
  /** The page's URL, which the certificate says it was signed on. */
  appUrl: string;
}

/** What a page keeps, as the page sees it: its public keys and whether it can read out the private ones. */
export interface SessionInPage {
  pub: string;
  epub: string;
  /** Whether `crypto.subtle.exportKey` gave away either private key. */
  exportable: boolean;
  /** localStorage entries holding a private key as text (should be none). */
  leakedToLocalStorage: string[];
}

/**
 * Gives a page a session this test holds too, as a hostile member controlling her own
 * browser could: keys made here (the app's own keys cannot be read out of the page), a
 * certificate signed with the member's wallet key, put where the app keeps sessions. The
 * page imports the private keys non-extractable, so the app accepts and restores the session
 * on its next entry, and the test signs envelopes with the same key.
 *
 * @example
 * const session = await plantSession(carol.page, devAccount(2), { ...config, appUrl });
 * await reenter(carol, 2); // the app now speaks with `session.keys`
 */
export async function plantSession(
  page: Page,
  account: LocalAccount,
  app: PlantedApp,
): Promise<{ keys: SessionKeyPair; certificate: SessionCertificate }> {
  const [signing, agreement] = await Promise.all([
    crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']),
    crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']),
  ]);
  const [signingPublic, agreementPublic, signingJwk, agreementJwk] = await Promise.all([
    crypto.subtle.exportKey('jwk', signing.publicKey),
    crypto.subtle.exportKey('jwk', agreement.publicKey),
    crypto.subtle.exportKey('jwk', signing.privateKey),
    crypto.subtle.exportKey('jwk', agreement.privateKey),
  ]);
  const pub = `${signingPublic.x}.${signingPublic.y}`;
  const epub = `${agreementPublic.x}.${agreementPublic.y}`;
  const url = new URL(app.appUrl);
  const now = Date.now();
  const message = createSessionCertificateMessage({
    address: account.address,
    appName: app.appName,
    chainId: app.chainId,
    contract: app.contract,
    domain: url.host,
    uri: url.origin,
    sessionPub: pub,
    sessionEpub: epub,
    issuedAt: new Date(now - 60_000),
    expiresAt: new Date(now + 3_600_000),
  });
  const certificate = { message, signature: await account.signMessage({ message }) };
  await page.evaluate(
    async (planted) => {
      const [signingKey, agreementKey] = await Promise.all([
        crypto.subtle.importKey(
          'jwk',
          planted.signingJwk,
          { name: 'ECDSA', namedCurve: 'P-256' },
          false,
          ['sign'],
        ),
        crypto.subtle.importKey(
          'jwk',
          planted.agreementJwk,
          { name: 'ECDH', namedCurve: 'P-256' },
          false,
          ['deriveBits'],
        ),
      ]);
      const record = {
        keys: { pub: planted.pub, epub: planted.epub, signingKey, agreementKey },
        certificate: planted.certificate,
      };
      const { name, version, store } = planted.database;
      await new Promise<void>((resolve, reject) => {
        const opening = indexedDB.open(name, version);
        opening.onupgradeneeded = () => opening.result.createObjectStore(store);
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const transaction = opening.result.transaction(store, 'readwrite');
          transaction.objectStore(store).put(record, planted.id);
          transaction.oncomplete = () => resolve();
          transaction.onerror = () => reject(transaction.error);
        };
      });
    },
    {
      signingJwk,
      agreementJwk,
      pub,
      epub,
      certificate,
      database: SESSION_DATABASE,
      id: sessionStoreId(app, account.address),
    },
  );
  return {
    keys: { pub, epub, signingKey: signing.privateKey, agreementKey: agreement.privateKey },
    certificate,
  };
}

/**
 * The session a page keeps for `address`, read from inside the page as any script of its
 * origin could: its public keys, whether the private keys can be exported, and whether any
 * of it was written to localStorage.
 *
 * @example
 * expect((await sessionInPage(page, address, app)).exportable).toBe(false);
 */
export async function sessionInPage(
  page: Page,
  address: `0x${string}`,
  app: Omit<PlantedApp, 'appUrl'>,
): Promise<SessionInPage | null> {
  return page.evaluate(
    async ({ database, id }) => {
      const record = await new Promise<unknown>((resolve, reject) => {
        const opening = indexedDB.open(database.name, database.version);
        opening.onupgradeneeded = () => opening.result.createObjectStore(database.store);
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const request = opening.result
            .transaction(database.store, 'readonly')
            .objectStore(database.store)
            .get(id);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        };
      });
      if (typeof record !== 'object' || record === null) return null;
      const { keys } = record as {
        keys: { pub: string; epub: string; signingKey: CryptoKey; agreementKey: CryptoKey };
      };
      const exported = await Promise.all(
        [keys.signingKey, keys.agreementKey].map((key) =>
          crypto.subtle.exportKey('jwk', key).then(
            () => true,
            () => false,
          ),
        ),
      );
      // A P-256 private key written out as text: SEA's `priv`/`epriv`, or a JWK's `d`.
      const leakedToLocalStorage: string[] = [];
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i) ?? '';
        if (/"(e?priv|d)"\s*:\s*"[\w-]{43}"/.test(localStorage.getItem(key) ?? '')) {
          leakedToLocalStorage.push(key);
        }
      }
      return {
        pub: keys.pub,
        epub: keys.epub,
        exportable: exported.some(Boolean),
        leakedToLocalStorage,
      };
    },
    { database: SESSION_DATABASE, id: sessionStoreId(app, address) },
  );
}
