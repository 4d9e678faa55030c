import { type Address, getAddress, type Hex, isAddress, isAddressEqual, isHex } from 'viem';
import { parseSiweMessage } from 'viem/siwe';
import { AppError } from '../core/errors.ts';
import { appResource, type CertificateApp, RESOURCE_PREFIX } from './certificateMessage.ts';
import { CertificateInvalidError } from './errors.ts';
import { personalMessageHash } from './personalMessageHash.ts';
import { recoverMessageSigner } from './recoverMessageSigner.ts';
import { isSeaPublicKey } from './sessionKeys.ts';
import type { SessionCertificate, VerifiedCertificate } from './types.ts';

/**
 * The one chain read certificate checks need: ERC-1271 / ERC-6492 signature validation.
 * A viem `PublicClient` satisfies it (`publicClient.verifyHash`).
 */
export interface SignatureVerifierClient {
  verifyHash(parameters: { address: Address; hash: Hex; signature: Hex }): Promise<boolean>;
}

/**
 * What a receiver requires of a certificate: that it names the receiver's own app (name,
 * chain, access contract), not the host either page was served from.
 */
export interface CertificateExpectations extends CertificateApp {
  /** When given, the certificate must name this SEA signing key (the envelope's signer). */
  sessionPub?: string;
  /** Milliseconds since the epoch. */
  now: number;
  /** Longest accepted lifetime, issuedAt to expiry. Default: 7 days. */
  maxLifetimeMs?: number;
  /** Tolerated clock difference for `notBefore` / `issuedAt`. Default: 2 minutes. */
  clockSkewMs?: number;
}

export type VerifySessionCertificateErrorType = CertificateInvalidError | AppError;

const DAY = 86_400_000;
const MAX_MESSAGE_LENGTH = 4_096;
/** Room for ERC-6492 wrappers (factory call + inner signature), not for junk. */
const MAX_SIGNATURE_LENGTH = 8_192;

/**
 * Verifies a session certificate as any peer would: the SIWE fields (chain, the app resource
 * naming app, chain and contract, validity window) and the signature — recovered locally for wallets that are plain keys (EOAs),
 * else checked on chain through `client` (ERC-1271 contract wallets, ERC-6492 undeployed ones).
 * Throws a {@link CertificateInvalidError} saying why, or an RPC_UNAVAILABLE AppError when a
 * contract wallet's signature could not be checked because the chain did not answer.
 *
 * @example
 * const verified = await verifySessionCertificate(publicClient, certificate, {
 *   appName: 'community-chats', chainId: 42161, contract, now: Date.now(),
 * });
 * verified.address; // checksummed wallet address
 */
export async function verifySessionCertificate(
  client: SignatureVerifierClient,
  certificate: SessionCertificate,
  expectations: CertificateExpectations,
): Promise<VerifiedCertificate> {
  const { message, signature } = certificate;
  if (typeof message !== 'string' || message.length > MAX_MESSAGE_LENGTH) {
    throw new CertificateInvalidError('malformed', 'message missing or too long');
  }
  if (
    typeof signature !== 'string' ||
    signature.length < 132 ||
    signature.length > MAX_SIGNATURE_LENGTH ||
    !isHex(signature)
  ) {
    throw new CertificateInvalidError('malformed', 'signature is not hex of a sane length');
  }
  const fields = parseSiweMessage(message);
  if (
    fields.address === undefined ||
    !isAddress(fields.address, { strict: false }) ||
    fields.domain === undefined ||
    fields.chainId === undefined ||
    fields.version !== '1' ||
    fields.nonce === undefined ||
    !/^[a-zA-Z0-9]{8,}$/.test(fields.nonce)
  ) {
    throw new CertificateInvalidError('malformed', 'not an EIP-4361 message');
  }
  const address = getAddress(fields.address);
  const issuedAt = validTime(fields.issuedAt, 'issuedAt');
  const expiresAt = validTime(fields.expirationTime, 'expirationTime');
  const notBefore =
    fields.notBefore === undefined ? issuedAt : validTime(fields.notBefore, 'notBefore');

  const resources = fields.resources ?? [];
  const sessionPub = singleResource(resources, RESOURCE_PREFIX.sessionPub);
  const sessionEpub = singleResource(resources, RESOURCE_PREFIX.sessionEpub);
  if (!isSeaPublicKey(sessionPub) || !isSeaPublicKey(sessionEpub)) {
    throw new CertificateInvalidError('malformed', 'session key is not a SEA public key');
  }

  // The SIWE domain is the host the wallet saw (a gateway, a subdomain, localhost): the same
  // app is served from many, so the app resource is what binds, not the domain.
  if (fields.chainId !== expectations.chainId) {
    throw new CertificateInvalidError(
      'wrong-chain',
      `signed for chain ${fields.chainId}, expected ${expectations.chainId}`,
    );
  }
  const app = singleResource(resources, RESOURCE_PREFIX.app);
  const expected = appResource(expectations);
  if (app.toLowerCase() !== expected.toLowerCase()) {
    throw new CertificateInvalidError('wrong-app', `signed for ${app}, expected ${expected}`);
  }

  const now = expectations.now;
  const skew = expectations.clockSkewMs ?? 120_000;
  if (now >= expiresAt) {
    throw new CertificateInvalidError('expired', `expired at ${new Date(expiresAt).toISOString()}`);
  }
  if (now + skew < notBefore || now + skew < issuedAt) {
    throw new CertificateInvalidError(
      'not-yet-valid',
      `valid from ${new Date(notBefore).toISOString()}`,
    );
  }
  const maxLifetime = expectations.maxLifetimeMs ?? 7 * DAY;
  if (expiresAt - issuedAt > maxLifetime) {
    throw new CertificateInvalidError(
      'lifetime-too-long',
      `lifetime ${Math.round((expiresAt - issuedAt) / 60_000)} min exceeds the limit`,
    );
  }
  if (expectations.sessionPub !== undefined && expectations.sessionPub !== sessionPub) {
    throw new CertificateInvalidError('key-mismatch', 'signed by another session key');
  }

  if (!(await signatureMatches(client, address, message, signature))) {
    throw new CertificateInvalidError('bad-signature', `not signed by ${address}`);
  }
  return { address, chainId: fields.chainId, sessionPub, sessionEpub, issuedAt, expiresAt };
}

/** EOAs are checked without I/O; anything else (or a mismatch) asks the chain. */
async function signatureMatches(
  client: SignatureVerifierClient,
  address: Address,
  message: string,
  signature: Hex,
): Promise<boolean> {
  if (signature.length === 132) {
    try {
      const recovered = await recoverMessageSigner(message, signature);
      if (isAddressEqual(recovered, address)) return true;
    } catch {
      // Not a recoverable ECDSA signature: let the chain decide (ERC-1271).
    }
  }
  try {
    return await client.verifyHash({ address, hash: personalMessageHash(message), signature });
  } catch (error) {
    // The chain did not answer: not a verdict on the certificate, so the caller may retry.
    throw AppError.rpcUnavailable(error);
  }
}

function validTime(value: Date | undefined, field: string): number {
  const time = value?.getTime();
  if (time === undefined || Number.isNaN(time)) {
    throw new CertificateInvalidError('malformed', `${field} missing or invalid`);
  }
  return time;
}

function singleResource(resources: readonly string[], prefix: string): string {
  const matches = resources.filter((resource) => resource.startsWith(prefix));
  const only = matches[0];
  if (matches.length !== 1 || only === undefined) {
    throw new CertificateInvalidError('malformed', `expected one ${prefix} resource`);
  }
  return only.slice(prefix.length);
}
