import type { Clock } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';

/** What a {@link ChainReadBudget} allows. */
export interface ChainReadBudgetOptions {
  /** Reads that may start at once (at least 1). */
  burst: number;
  /** Reads regained per second. */
  perSecond: number;
  clock: Clock;
}

/** Defaults for a page's rooms: see docs/decisions-trust.md ("Chain reads an outsider can cause"). */
export const defaultChainReadBudget = { burst: 10, perSecond: 1 } as const;

/**
 * The chain reads that graph input may cause (`hasAccess` batches, `verifyHash`), as a token
 * bucket shared by everything that input reaches: anyone may write to the graph and pick as
 * many session keys and wallets as they like, so the bound is on reads, never per key.
 *
 * @example
 * const budget = new ChainReadBudget({ ...defaultChainReadBudget, clock: systemClock });
 * if (!budget.take()) throw new ChainReadBudgetError();
 */
export class ChainReadBudget {
  readonly #burst: number;
  readonly #perMs: number;
  readonly #clock: Clock;
  #tokens: number;
  #at: number;

  constructor(options: ChainReadBudgetOptions) {
    this.#burst = options.burst;
    this.#perMs = options.perSecond / 1_000;
    this.#clock = options.clock;
    this.#tokens = options.burst;
    this.#at = options.clock.now();
  }

  /** Takes one read; false when none is left. */
  take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until {@link take} can succeed (0 when it can now). */
  msUntilNext(): number {
    this.#refill();
    if (this.#tokens >= 1) return 0;
    return Math.ceil((1 - this.#tokens) / this.#perMs);
  }

  #refill(): void {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + Math.max(0, now - this.#at) * this.#perMs);
    this.#at = now;
  }
}

/**
 * A chain read that graph input asked for was not made: the budget is spent. Not a verdict:
 * nothing is cached, the sender's next heartbeat asks again.
 */
export class ChainReadBudgetError extends AppError {
  constructor() {
    super('RPC_UNAVAILABLE', 'Chain reads for room traffic are over budget', {
      category: 'network',
      details: 'read budget spent; asked again on the next envelope',
    });
  }
}
