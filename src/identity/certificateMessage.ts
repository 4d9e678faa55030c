import { type Address, getAddress } from 'viem';
import { createSiweMessage, generateSiweNonce } from 'viem/siwe';

/**
 * URN prefixes of the SIWE resources that bind a certificate to its session keys and to the
 * app: `urn:community-chats:app:<appName>:eip155:<chainId>:<contract>` (see {@link appResource}).
 */
export const RESOURCE_PREFIX = {
  sessionPub: 'urn:community-chats:session-pub:',
  sessionEpub: 'urn:community-chats:session-epub:',
  app: 'urn:community-chats:app:',
} as const;

/** The app a certificate is for: its name in config, the chain and the access contract. */
export interface CertificateApp {
  /** `config.appName`, the first segment of every graph path of the app. */
  appName: string;
  chainId: number;
  contract: Address;
}

/**
 * What follows {@link RESOURCE_PREFIX.app} in a certificate for `app`. Receivers compare it
 * with their own, instead of the host the page was served from: the same app on two gateways
 * (or a gateway and a subdomain) is one app.
 *
 * @example
 * appResource({ appName: 'community-chats', chainId: 42161, contract }); // 'community-chats:eip155:42161:0xAbC…'
 */
export function appResource(app: CertificateApp): string {
  return `${app.appName}:eip155:${app.chainId}:${getAddress(app.contract)}`;
}

/**
 * The sentence the wallet shows (SIWE `statement`). Plain words: no newline allowed by EIP-4361.
 */
export const SESSION_STATEMENT =
  'Let this browser speak for me in Community Chats rooms with the session key listed below, ' +
  'until the expiration time. This is not a transaction and costs no gas.';

export interface SessionCertificateFields extends CertificateApp {
  /** The wallet address that signs. */
  address: Address;
  /**
   * RFC 3986 authority the page was served from (`location.host`), which wallets compare with
   * the page asking; receivers do not check it (see {@link appResource}).
   */
  domain: string;
  /** The page's address, e.g. `location.origin + location.pathname`. */
  uri: string;
  sessionPub: string;
  sessionEpub: string;
  issuedAt: Date;
  expiresAt: Date;
  /** Random, at least 8 letters or digits; generated when omitted. */
  nonce?: string;
}

/**
 * Builds the EIP-4361 text the wallet signs. The session keys and the app (name, chain,
 * contract) travel as URN resources, so any peer can read them back with `parseSiweMessage`.
 *
 * @example
 * const message = createSessionCertificateMessage({
 *   address, appName: 'community-chats', chainId: 42161, contract,
 *   domain: location.host, uri: location.origin, sessionPub: keys.pub, sessionEpub: keys.epub,
 *   issuedAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000),
 * });
 */
export function createSessionCertificateMessage(fields: SessionCertificateFields): string {
  const scheme = fields.uri.startsWith('https:')
    ? 'https'
    : fields.uri.startsWith('http:')
      ? 'http'
      : undefined;
  return createSiweMessage({
    address: getAddress(fields.address),
    chainId: fields.chainId,
    domain: fields.domain,
    uri: fields.uri,
    version: '1',
    nonce: fields.nonce ?? generateSiweNonce(),
    issuedAt: fields.issuedAt,
    notBefore: fields.issuedAt,
    expirationTime: fields.expiresAt,
    statement: SESSION_STATEMENT,
    ...(scheme === undefined ? {} : { scheme }),
    resources: [
      `${RESOURCE_PREFIX.sessionPub}${fields.sessionPub}`,
      `${RESOURCE_PREFIX.sessionEpub}${fields.sessionEpub}`,
      `${RESOURCE_PREFIX.app}${appResource(fields)}`,
    ],
  });
}
