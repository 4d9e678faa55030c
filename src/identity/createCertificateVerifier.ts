import type { Address } from 'viem';
import { type ChainReadBudget, ChainReadBudgetError } from '../chain/ChainReadBudget.ts';
import type { Clock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { CertificateInvalidReason } from './errors.ts';
import { CertificateInvalidError } from './errors.ts';
import type {
  CertificateCheckOptions,
  CertificateVerifier,
  SessionCertificate,
  VerifiedCertificate,
} from './types.ts';
import {
  type CertificateExpectations,
  type SignatureVerifierClient,
  verifySessionCertificate,
} from './verifySessionCertificate.ts';

export interface CertificateVerifierOptions {
  client: SignatureVerifierClient;
  expectations: Omit<CertificateExpectations, 'now' | 'sessionPub'>;
  clock: Clock;
  /**
   * Pays for contract-wallet signature checks (`verifyHash`, one chain read each): a check
   * past it fails with {@link ChainReadBudgetError}, cached as nothing. Without it, unbounded.
   */
  readBudget?: ChainReadBudget;
  /** Most certificates remembered, in each of the two caches (admitted, others). Default 2,000. */
  maxEntries?: number;
  /** How long a refused certificate is remembered, so a flood costs no chain reads. Default 60 s. */
  refusalTtlMs?: number;
}

type Admit = CertificateCheckOptions['admit'];

type Other =
  | { ok: true; verified: VerifiedCertificate }
  | { ok: false; reason: CertificateInvalidReason; details: string; until: number };

/**
 * A {@link CertificateVerifier} for the graph: every envelope carrying the same certificate is
 * checked once. Two bounded caches: certificates of addresses the caller's `admit` allowed
 * (until they expire; only members get there), and the others (valid ones of outsiders, and
 * refusals for a minute), so that no flood of outsiders' certificates pushes a member's out.
 * A contract-wallet signature is only checked on chain for an admitted address, and within
 * the read budget. Errors are those of {@link verifySessionCertificate}, plus NOT_A_MEMBER
 * and {@link ChainReadBudgetError} (neither cached).
 *
 * @example
 * const verify = createCertificateVerifier({
 *   client: publicClient, clock: systemClock, readBudget,
 *   expectations: { appName: 'community-chats', chainId: 42161, contract },
 * });
 * const { address } = await verify(envelope.certificate, {
 *   admit: (address) => access.hasAccess(communityId, address, { budgeted: true }),
 * });
 */
export function createCertificateVerifier(
  options: CertificateVerifierOptions,
): CertificateVerifier {
  const admitted = new Map<string, VerifiedCertificate>();
  const others = new Map<string, Other>();
  const inFlight = new Map<string, Promise<VerifiedCertificate>>();
  const maxEntries = options.maxEntries ?? 2_000;
  const refusalTtl = options.refusalTtlMs ?? 60_000;

  /** The client as verification sees it: asks `admit`, then the budget, before each read. */
  const chainFor = (admit: Admit): SignatureVerifierClient => ({
    verifyHash: async (parameters) => {
      if (admit !== undefined && !(await admit(parameters.address))) {
        throw notAMember(parameters.address);
      }
      if (options.readBudget !== undefined && !options.readBudget.take()) {
        throw new ChainReadBudgetError();
      }
      return options.client.verifyHash(parameters);
    },
  });

  const verifyOnce = (key: string, certificate: SessionCertificate, admit: Admit) => {
    const pending = inFlight.get(key);
    if (pending) return pending;
    const now = options.clock.now();
    const running = verifySessionCertificate(chainFor(admit), certificate, {
      ...options.expectations,
      now,
    })
      .catch((error: unknown) => {
        if (error instanceof CertificateInvalidError && error.reason !== 'not-yet-valid') {
          const details = error.details ?? '';
          const refusal: Other = {
            ok: false,
            reason: error.reason,
            details,
            until: now + refusalTtl,
          };
          setBounded(others, key, refusal, maxEntries);
        }
        throw ownError(error);
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, running);
    return running;
  };

  return async (certificate, checkOptions = {}) => {
    const key = `${certificate.signature}\n${certificate.message}`;
    const now = options.clock.now();
    const trusted = admitted.get(key);
    if (trusted !== undefined && now < trusted.expiresAt) return trusted;
    const other = others.get(key);
    if (other?.ok === false && now < other.until) {
      throw new CertificateInvalidError(other.reason, other.details);
    }
    const { admit } = checkOptions;
    let verified: VerifiedCertificate;
    if (other?.ok === true && now < other.verified.expiresAt) {
      verified = other.verified;
    } else {
      verified = await verifyOnce(key, certificate, admit);
      setBounded(others, key, { ok: true, verified }, maxEntries);
    }
    if (admit !== undefined && (await admit(verified.address))) {
      others.delete(key);
      setBounded(admitted, key, verified, maxEntries);
    }
    return verified;
  };
}

function notAMember(address: Address): AppError {
  return new AppError('NOT_A_MEMBER', 'The certificate names an address that may not enter', {
    category: 'trust',
    details: `${address} is not allowed here; its contract-wallet signature was not checked`,
  });
}

/**
 * Verification words a failed chain read as RPC_UNAVAILABLE; a read this verifier chose not to
 * make (not a member, over budget) is told as what it is.
 */
function ownError(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'RPC_UNAVAILABLE') return error;
  const { cause } = error;
  if (cause instanceof ChainReadBudgetError) return cause;
  if (cause instanceof AppError && cause.code === 'NOT_A_MEMBER') return cause;
  return error;
}

/** Sets `key` as the newest entry, forgetting the oldest past `max`. */
function setBounded<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  if (map.size >= max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}
