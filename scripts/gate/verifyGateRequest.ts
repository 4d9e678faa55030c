import type { Address } from 'viem';
import type { AccessAnswer } from '../../src/access/events.ts';
import { ChainReadBudgetError } from '../../src/chain/ChainReadBudget.ts';
import type { Clock } from '../../src/core/clock.ts';
import { AppError } from '../../src/core/errors.ts';
import { CertificateInvalidError } from '../../src/identity/errors.ts';
import type { CertificateVerifier, VerifiedCertificate } from '../../src/identity/types.ts';
import type { SignatureVerifier } from '../../src/signaling/sessionCrypto.ts';
import {
  GATE_REQUEST_WINDOW_MS,
  type GateRequest,
  gateRequestText,
  parseGateRequest,
} from '../../src/turn/gateRequest.ts';
import { GateRefusal } from './GateRefusal.ts';
import type { NonceLedger } from './NonceLedger.ts';

/** What {@link verifyGateRequest} checks a request against: the same parts peers use. */
export interface GateChecks {
  /** The gate's own origins; a request addressed to another is refused (WRONG_GATE). */
  origins: readonly string[];
  /** Communities served; `undefined` serves every community of the contract. */
  communities: ReadonlySet<bigint> | undefined;
  /** The app's certificate verifier (`createCertificateVerifier`). */
  verifyCertificate: CertificateVerifier;
  /** The app's access policy (`AccessService`), failing closed when the chain is down. */
  access: { check(communityId: bigint, address: Address): Promise<AccessAnswer> };
  signatures: SignatureVerifier;
  nonces: NonceLedger;
  /** Per-address rate limit: false refuses (RATE_LIMITED). */
  takeAddress(address: Address): boolean;
  clock: Clock;
}

/** A request that passed every check: who asked, for which community, and what. */
export interface VerifiedGateRequest<R extends GateRequest = GateRequest> {
  address: Address;
  communityId: bigint;
  certificate: VerifiedCertificate;
  request: R;
}

/** How one path's requests are read and which text their session-key signature covers. */
export interface GateRequestFormat<R extends GateRequest> {
  parse(raw: unknown): R | undefined;
  text(request: R): string;
}

/** `/turn`'s requests (src/turn/gateRequest.ts). */
export const turnRequestFormat: GateRequestFormat<GateRequest> = {
  parse: parseGateRequest,
  text: gateRequestText,
};

/**
 * Checks a gate request (TURN credentials, or media with `format`) from untrusted JSON: shape, the gate it was addressed to,
 * its timestamp, the session certificate (the app's verifier: SIWE fields, expiry, wallet
 * signature incl. ERC-1271/6492), the session key's signature of the request, its nonce (once
 * only), then `hasAccess` on the contract. Throws a {@link GateRefusal} saying which check
 * failed; a chain that does not answer is a refusal (RPC_UNAVAILABLE), never a pass.
 *
 * @example
 * const { address } = await verifyGateRequest(JSON.parse(body), checks, turnRequestFormat);
 */
export async function verifyGateRequest<R extends GateRequest = GateRequest>(
  raw: unknown,
  checks: GateChecks,
  format: GateRequestFormat<R>,
): Promise<VerifiedGateRequest<R>> {
  const request = format.parse(raw);
  if (!request)
    throw new GateRefusal(
      'BAD_REQUEST',
      'not a gate request (see src/turn/gateRequest.ts, src/media/mediaGrant.ts)',
    );
  if (!checks.origins.includes(request.gate)) {
    throw new GateRefusal(
      'WRONG_GATE',
      `this gate is ${checks.origins.join(' or ')}, not ${request.gate}`,
    );
  }
  const now = checks.clock.now();
  if (Math.abs(now - request.ts) > GATE_REQUEST_WINDOW_MS) {
    throw new GateRefusal('STALE', `request stamped ${request.ts}, gate clock ${now}`);
  }
  const communityId = BigInt(request.communityId);
  if (checks.communities !== undefined && !checks.communities.has(communityId)) {
    throw new GateRefusal(
      'COMMUNITY_NOT_SERVED',
      `this gate does not serve community ${communityId}`,
    );
  }
  // The certificate's check asks the chain about its address; the membership check below takes
  // that same answer rather than a second read (a join waits for this gate).
  const asked = new Map<string, Promise<AccessAnswer>>();
  const access = (address: Address) => {
    const key = address.toLowerCase();
    const answer = asked.get(key) ?? checks.access.check(communityId, address);
    asked.set(key, answer);
    return answer;
  };
  const certificate = await verifyCertificate(request, checks, access);
  const signed = await checks.signatures.verify(
    certificate.sessionPub,
    format.text(request),
    request.sig,
  );
  if (!signed)
    throw new GateRefusal('FORGED', 'the request is not signed by the certified session key');
  if (!checks.nonces.admit(request.nonce, now)) {
    throw new GateRefusal('REPLAYED', 'this request was answered already');
  }
  if (!checks.takeAddress(certificate.address)) {
    throw new GateRefusal('RATE_LIMITED', `too many requests for ${certificate.address}`);
  }
  const answer = await access(certificate.address);
  if (answer.source === 'unavailable') {
    throw new GateRefusal(
      'RPC_UNAVAILABLE',
      'the chain did not answer; nobody is let in meanwhile',
    );
  }
  if (!answer.allowed) {
    throw new GateRefusal(
      'NOT_A_MEMBER',
      `${certificate.address} may not enter community ${communityId}`,
    );
  }
  return { address: certificate.address, communityId, certificate, request };
}

async function verifyCertificate(
  request: GateRequest,
  checks: GateChecks,
  access: (address: Address) => Promise<AccessAnswer>,
): Promise<VerifiedCertificate> {
  try {
    // A contract wallet's signature costs a chain read: only for an address the room allows.
    return await checks.verifyCertificate(request.certificate, {
      admit: async (address) => (await access(address)).allowed,
    });
  } catch (error) {
    throw refusalOf(error);
  }
}

/** The refusal a verification error means; anything else (a bug) goes on as it is. */
function refusalOf(error: unknown): unknown {
  if (error instanceof CertificateInvalidError) {
    return error.reason === 'expired'
      ? new GateRefusal(
          'CERTIFICATE_EXPIRED',
          'the session certificate has expired: sign in again',
          { cause: error },
        )
      : new GateRefusal('FORGED', `session certificate refused: ${error.reason}`, { cause: error });
  }
  if (error instanceof ChainReadBudgetError) {
    return new GateRefusal('RATE_LIMITED', 'too many contract-wallet checks right now', {
      cause: error,
    });
  }
  if (error instanceof AppError && error.code === 'NOT_A_MEMBER') {
    return new GateRefusal('NOT_A_MEMBER', error.details ?? error.message, { cause: error });
  }
  if (error instanceof AppError && error.code === 'RPC_UNAVAILABLE') {
    return new GateRefusal('RPC_UNAVAILABLE', 'the chain did not answer', { cause: error });
  }
  return error;
}
