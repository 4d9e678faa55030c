import type { Address } from 'viem';
import type { AppError } from '../core/errors.ts';

/**
 * How much the access answers can be trusted right now:
 * - `ok`: the chain answers;
 * - `degraded`: the chain does not answer; members seen allowed within the grace time are
 *   still let in, nobody else;
 * - `down`: the chain does not answer and no grace is left: everyone is refused.
 */
export type AccessStatus = 'ok' | 'degraded' | 'down';

/** Where an answer came from. */
export type AccessSource = 'chain' | 'cache' | 'grace' | 'unavailable';

export interface AccessAnswer {
  allowed: boolean;
  source: AccessSource;
}

export interface AccessServiceEvents extends Record<string, unknown> {
  /** The status changed; rooms should re-check their members. */
  status: { status: AccessStatus; error: AppError | null };
  /** Access of `address` to `communityId` may have changed; ask again. */
  changed: { communityId: bigint; address: Address };
  /** A change that concerns a whole community (deactivated, token gate) or an address everywhere. */
  invalidated: { communityId: bigint | null; address: Address | null };
}
