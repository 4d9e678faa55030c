import { type Address, getAddress } from 'viem';
import { createSiweMessage, generateSiweNonce } from 'viem/siwe';

/** URN prefixes of the SIWE resources that bind a certificate to its session and contract. */
export const RESOURCE_PREFIX = {
  sessionPub: 'urn:community-chats:session-pub:',
  sessionEpub: 'urn:community-chats:session-epub:',
  contract: 'urn:community-chats:access-contract:eip155:',
} as const;

/**
 * The sentence the wallet shows (SIWE `statement`). Plain words: no newline allowed by EIP-4361.
 */
export const SESSION_STATEMENT =
  'Let this browser speak for me in Community Chats rooms with the session key listed below, ' +
  'until the expiration time. This is not a transaction and costs no gas.';

export interface SessionCertificateFields {
  /** The wallet address that signs. */
  address: Address;
  chainId: number;
  /** RFC 3986 authority of the app, e.g. `localhost:5173` or `arweave.net` (`location.host`). */
  domain: string;
  /** The app's address, e.g. `location.origin + location.pathname`. */
  uri: string;
  /** The CommunityAccess contract the session is for. */
  contract: Address;
  sessionPub: string;
  sessionEpub: string;
  issuedAt: Date;
  expiresAt: Date;
  /** Random, at least 8 letters or digits; generated when omitted. */
  nonce?: string;
}

/**
 * Builds the EIP-4361 text the wallet signs. The session keys and the contract travel as
 * URN resources, so any peer can read them back with `parseSiweMessage`.
 *
 * @example
 * const message = createSessionCertificateMessage({
 *   address, chainId: 42161, domain: location.host, uri: location.origin,
 *   contract, sessionPub: keys.pub, sessionEpub: keys.epub,
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
      `${RESOURCE_PREFIX.contract}${fields.chainId}:${getAddress(fields.contract)}`,
    ],
  });
}
