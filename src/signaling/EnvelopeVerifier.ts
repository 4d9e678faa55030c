import type { Address } from 'viem';
import type { AccessChecker } from '../access/types.ts';
import { ChainReadBudgetError } from '../chain/ChainReadBudget.ts';
import type { Clock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type {
  CertificateVerifier,
  SessionCertificate,
  VerifiedCertificate,
} from '../identity/types.ts';
import { certificateHash } from './certificateHash.ts';
import type { DropCounters, DropReason } from './dropCounters.ts';
import {
  type Envelope,
  type EnvelopeKind,
  envelopeSigningText,
  parseEnvelope,
} from './envelope.ts';
import { RateLimiter } from './rateLimiter.ts';
import { ReplayGuard } from './replayGuard.ts';
import { SignatureVerifier } from './sessionCrypto.ts';

/** Limits a receiver applies; every one is configurable, defaults suit audio rooms. */
export interface EnvelopeLimits {
  /** Largest envelope as stored on the graph, in characters. Default 16,384. */
  maxEnvelopeChars: number;
  /** Largest `body`, in characters. Default 8,192. */
  maxBodyChars: number;
  /** Oldest accepted timestamp, ms before now. Default 30 s. */
  maxAgeMs: number;
  /** Furthest accepted timestamp into the future (clock skew). Default 30 s. */
  maxFutureMs: number;
  /** Envelopes a sender may burst. Default 60. */
  rateBurst: number;
  /** Sustained envelopes per second per sender. Default 20. */
  ratePerSecond: number;
}

/** Limits used where {@link EnvelopeVerifierOptions.limits} says nothing. */
export const defaultEnvelopeLimits: EnvelopeLimits = {
  maxEnvelopeChars: 16_384,
  maxBodyChars: 8_192,
  maxAgeMs: 30_000,
  maxFutureMs: 30_000,
  rateBurst: 60,
  ratePerSecond: 20,
};

/** The room an {@link EnvelopeVerifier} guards and the collaborators it asks. */
export interface EnvelopeVerifierOptions {
  /** Graph namespace of the room; envelopes naming another room are dropped. */
  room: string;
  communityId: bigint;
  /** Chain the certificates must name. */
  chainId: number;
  verifyCertificate: CertificateVerifier;
  access: AccessChecker;
  counters: DropCounters;
  clock: Clock;
  limits?: Partial<EnvelopeLimits>;
}

/** Where an envelope was read, so the verifier can check it belongs there. */
export interface EnvelopeSource {
  /** Kinds allowed at this place. */
  kinds: readonly EnvelopeKind[];
  /** Sequence stream id (e.g. the node key); sequences are compared per sender and stream. */
  stream: string;
  /** How far behind the highest sequence an envelope may be (0: strictly increasing). */
  window: number;
  /** The only address allowed to write here (a beat slot, a mailbox), if any. */
  owner?: Address;
  /** The address `to` must name (mailboxes). */
  to?: Address;
}

/** An envelope that passed every check, with the facts its certificate vouches for. */
export interface VerifiedEnvelope {
  envelope: Envelope;
  certificate: VerifiedCertificate;
}

/**
 * The receive pipeline: parses, bounds, checks signature, rate, certificate, membership,
 * replay and order, cheapest first; counts every drop by reason in `counters`.
 *
 * @example
 * const verified = await verifier.verify(value, { kinds: ['beat', 'leave'], stream: key, window: 0 });
 * if (verified) roster.handle(verified);
 */
export class EnvelopeVerifier {
  readonly #options: EnvelopeVerifierOptions;
  readonly #limits: EnvelopeLimits;
  readonly #signatures = new SignatureVerifier();
  readonly #rate: RateLimiter;
  readonly #replay: ReplayGuard;
  /** Certificates seen in full, by hash, so later envelopes may carry only the hash. */
  readonly #certificates = new Map<string, SessionCertificate>();
  /** Hash of each certificate seen, by signature: heartbeats repeat it, keccak is not free. */
  readonly #hashes = new Map<string, { message: string; hash: string }>();

  constructor(options: EnvelopeVerifierOptions) {
    this.#options = options;
    this.#limits = { ...defaultEnvelopeLimits, ...options.limits };
    this.#rate = new RateLimiter({
      burst: this.#limits.rateBurst,
      perSecond: this.#limits.ratePerSecond,
    });
    this.#replay = new ReplayGuard({ maxAgeMs: this.#limits.maxAgeMs + this.#limits.maxFutureMs });
  }

  get limits(): Readonly<EnvelopeLimits> {
    return this.#limits;
  }

  /** Remembers a certificate (e.g. our own) so envelopes can refer to it by hash. */
  rememberCertificate(certificate: SessionCertificate): void {
    this.#remember(certificateHash(certificate), certificate);
  }

  /** Verifies a raw graph value; `undefined` (and one counted drop) when it fails. */
  async verify(value: unknown, source: EnvelopeSource): Promise<VerifiedEnvelope | undefined> {
    const outcome = await this.#check(value, source);
    if (typeof outcome === 'string') {
      this.#options.counters.count(outcome);
      return undefined;
    }
    return outcome;
  }

  async #check(value: unknown, source: EnvelopeSource): Promise<VerifiedEnvelope | DropReason> {
    if (typeof value === 'string' && value.length > this.#limits.maxEnvelopeChars) {
      return 'oversize';
    }
    const envelope = parseEnvelope(value);
    if (!envelope) return 'malformed';
    if (envelope.room !== this.#options.room || !source.kinds.includes(envelope.kind)) {
      return 'malformed';
    }
    if ((envelope.kind === 'signal') !== (envelope.to !== undefined)) return 'malformed';
    if (source.to !== undefined && envelope.to !== source.to.toLowerCase()) return 'malformed';
    if (this.#replay.seen(envelope.id)) return 'duplicate';
    const now = this.#options.clock.now();
    if (envelope.ts < now - this.#limits.maxAgeMs || envelope.ts > now + this.#limits.maxFutureMs) {
      return 'stale';
    }
    if (envelope.body.length > this.#limits.maxBodyChars) return 'oversize';

    const signed = await this.#signatures.verify(
      envelope.from,
      envelopeSigningText(envelope),
      envelope.sig,
    );
    if (!signed) return 'bad-signature';
    if (!this.#rate.take(envelope.from, now)) return 'rate-limited';

    const checked = await this.#certificate(envelope);
    if (typeof checked === 'string') return checked;
    const { certificate, full } = checked;
    if (certificate.sessionPub !== envelope.from) return 'certificate-mismatch';
    if (certificate.chainId !== this.#options.chainId) return 'certificate-invalid';
    if (certificate.expiresAt <= this.#options.clock.now()) return 'certificate-expired';
    if (source.owner !== undefined && !sameAddress(source.owner, certificate.address)) {
      return 'certificate-mismatch';
    }

    let allowed: boolean;
    try {
      allowed = await this.#admit(certificate.address);
    } catch (error) {
      if (error instanceof ChainReadBudgetError) return 'chain-budget';
      allowed = false;
    }
    if (!allowed) return 'not-allowed';
    // Only a member's certificate is kept for envelopes that carry just its hash.
    this.#remember(envelope.certHash, full);

    // Checked again after the awaits: a copy may have passed meanwhile.
    if (this.#replay.seen(envelope.id)) return 'duplicate';
    const stream = `${envelope.from}|${source.stream}`;
    if (!this.#replay.inOrder(stream, envelope.seq, source.window)) return 'sequence-regressed';
    this.#replay.accept(envelope.id, envelope.ts, stream, envelope.seq, this.#options.clock.now());
    return { envelope, certificate };
  }

  async #certificate(
    envelope: Envelope,
  ): Promise<{ certificate: VerifiedCertificate; full: SessionCertificate } | DropReason> {
    let certificate = this.#certificates.get(envelope.certHash);
    if (envelope.cert) {
      const full = {
        message: envelope.cert.message,
        signature: envelope.cert.signature as `0x${string}`,
      };
      if (this.#hashOf(full) !== envelope.certHash) return 'certificate-mismatch';
      certificate = full;
    }
    if (!certificate) return 'certificate-unknown';
    try {
      const verified = await this.#options.verifyCertificate(certificate, {
        admit: (address) => this.#admit(address),
      });
      return { certificate: verified, full: certificate };
    } catch (error) {
      if (error instanceof ChainReadBudgetError) return 'chain-budget';
      if (error instanceof AppError && error.code === 'NOT_A_MEMBER') return 'not-allowed';
      return isExpiry(error) ? 'certificate-expired' : 'certificate-invalid';
    }
  }

  /** Membership in the room's community; a read it needs comes out of the read budget. */
  #admit(address: Address): Promise<boolean> {
    return this.#options.access.hasAccess(this.#options.communityId, address, { budgeted: true });
  }

  #hashOf(certificate: SessionCertificate): string {
    const known = this.#hashes.get(certificate.signature);
    if (known?.message === certificate.message) return known.hash;
    const hash = certificateHash(certificate);
    if (this.#hashes.size >= 2_000) {
      const oldest = this.#hashes.keys().next();
      if (!oldest.done) this.#hashes.delete(oldest.value);
    }
    this.#hashes.set(certificate.signature, { message: certificate.message, hash });
    return hash;
  }

  #remember(hash: string, certificate: SessionCertificate): void {
    if (this.#certificates.has(hash)) return;
    if (this.#certificates.size >= 2_000) {
      const oldest = this.#certificates.keys().next();
      if (!oldest.done) this.#certificates.delete(oldest.value);
    }
    this.#certificates.set(hash, certificate);
  }
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The certificate verifier reports expiry as a reason; anything else counts as invalid. */
function isExpiry(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const reason = 'reason' in error ? error.reason : undefined;
  if (reason === 'expired') return true;
  return error instanceof AppError && /expired/i.test(error.details ?? error.message);
}
