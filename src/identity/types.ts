import type { Address, Hex } from 'viem';

/**
 * A session key pair made in the browser on sign-in (Gun SEA format):
 * `pub`/`priv` sign envelopes, `epub`/`epriv` derive ECDH secrets.
 */
export interface SessionKeyPair {
  pub: string;
  priv: string;
  epub: string;
  epriv: string;
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

/** Verifies a certificate (SIWE fields, expiry, signature incl. ERC-1271/6492); throws AppError otherwise. */
export type CertificateVerifier = (certificate: SessionCertificate) => Promise<VerifiedCertificate>;
