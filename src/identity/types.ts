import type { Address, Hex } from 'viem';

/**
 * A session key pair made in the browser on sign-in. The public halves are in Gun SEA's
 * `x.y` base64url form (named in the certificate, read by every receiver); the private
 * halves are WebCrypto keys generated non-extractable, kept in IndexedDB, never serialised.
 */
export interface SessionKeyPair {
  /** Public ECDSA P-256 key that envelopes are verified with. */
  pub: string;
  /** Public ECDH P-256 key that peers seal signals to. */
  epub: string;
  /** Private half of `pub`: signs envelopes. */
  signingKey: CryptoKey;
  /** Private half of `epub`: derives the secret shared with each peer. */
  agreementKey: CryptoKey;
}

/** What travels on the graph: the SIWE (EIP-4361) message text and the wallet's signature of it. */
export interface SessionCertificate {
  message: string;
  signature: Hex;
}

/** The facts a verified certificate vouches for. */
export interface VerifiedCertificate {
  address: Address;
  chainId: number;
  /** SEA public signing key named in the certificate. */
  sessionPub: string;
  /** SEA public encryption key named in the certificate. */
  sessionEpub: string;
  issuedAt: number;
  expiresAt: number;
}

/** What the receiver knows about where a certificate is used. */
export interface CertificateCheckOptions {
  /**
   * Whether the certified address may be here (e.g. `hasAccess` of the room's community).
   * Asked before a contract-wallet signature costs a chain read (no: NOT_A_MEMBER, no read)
   * and after the signature holds: only an admitted address's certificate is kept for long.
   */
  admit?: (address: Address) => Promise<boolean>;
}

/** Verifies a certificate (SIWE fields, expiry, signature incl. ERC-1271/6492); throws AppError otherwise. */
export type CertificateVerifier = (
  certificate: SessionCertificate,
  options?: CertificateCheckOptions,
) => Promise<VerifiedCertificate>;
