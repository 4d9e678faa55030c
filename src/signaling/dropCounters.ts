import { Emitter } from '../core/Emitter.ts';
import type { Scope } from '../core/Scope.ts';

/** Why a receiver dropped something it read from the graph. */
export const dropReasons = [
  /** Not JSON, wrong shape, wrong version, wrong room, or a payload that does not decrypt. */
  'malformed',
  /** Envelope or payload over the size bound. */
  'oversize',
  /** The SEA signature does not verify against the sender key. */
  'bad-signature',
  /** The certificate does not verify (signature, domain, chain, contract...). */
  'certificate-invalid',
  /** The certificate has expired. */
  'certificate-expired',
  /** Only a certificate hash was sent, for a certificate this receiver has not seen. */
  'certificate-unknown',
  /** The certificate names another session key, or the envelope sits in another member's slot. */
  'certificate-mismatch',
  /** The certified address is not allowed in the community. */
  'not-allowed',
  /** An envelope id seen before: a replay. */
  'duplicate',
  /** Timestamp too old or too far in the future. */
  'stale',
  /** Sequence number not after the last one from the same sender and stream. */
  'sequence-regressed',
  /** The sender is over its rate limit. */
  'rate-limited',
  /** A new field of a graph node already at its bound (a flood of junk fields), not read. */
  'node-full',
  /**
   * Checking it needed a chain read (membership, a contract-wallet signature) past the read
   * budget of the page's rooms; not cached, the sender's next envelope is checked again.
   */
  'chain-budget',
  /** A moderator action from a member the contract does not name owner or admin. */
  'not-moderator',
  /**
   * Audio or a speaker claim from a stage member neither a moderator nor invited by one:
   * its audio is not played and it is shown listening.
   */
  'not-invited',
] as const;

/** One reason for a drop (see {@link dropReasons}). */
export type DropReason = (typeof dropReasons)[number];

/** Drops so far, by reason. */
export type DropCounts = Readonly<Record<DropReason, number>>;

/** Events of {@link DropCounters}. */
export interface DropCounterEvents {
  dropped: { reason: DropReason; total: number };
}

/**
 * Counts everything dropped, by reason, for the diagnostics panel. One instance is shared
 * by the roster, the signaling and moderation channels and the meeting of a room.
 *
 * @example
 * const drops = new DropCounters();
 * drops.on('dropped', ({ reason, total }) => panel.set(reason, total), scope);
 */
export class DropCounters {
  readonly #counts = Object.fromEntries(dropReasons.map((reason) => [reason, 0])) as Record<
    DropReason,
    number
  >;
  readonly #events = new Emitter<DropCounterEvents>();

  count(reason: DropReason): void {
    this.#counts[reason] += 1;
    this.#events.emit('dropped', { reason, total: this.#counts[reason] });
  }

  /** A snapshot of all counters. */
  counts(): DropCounts {
    return { ...this.#counts };
  }

  /** Sum over all reasons. */
  total(): number {
    return dropReasons.reduce((sum, reason) => sum + this.#counts[reason], 0);
  }

  on<K extends keyof DropCounterEvents>(
    event: K,
    listener: (payload: DropCounterEvents[K]) => void,
    scope: Scope,
  ): void {
    this.#events.on(event, listener, scope);
  }
}
