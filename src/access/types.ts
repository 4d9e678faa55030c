import type { Address } from 'viem';
import type { Scope } from '../core/Scope.ts';

/** How a question is asked. */
export interface AccessCheckOptions {
  /**
   * Graph input asks (anyone can write it): a chain read it needs comes out of the read
   * budget, and the check may reject with `ChainReadBudgetError` when the budget is spent.
   */
  budgeted?: boolean;
}

/** "May address A enter community C now?" — answered from the contract, cached, fail closed. */
export interface AccessChecker {
  hasAccess(communityId: bigint, address: Address, options?: AccessCheckOptions): Promise<boolean>;
  /** Called whenever an address's access to the community may have changed (e.g. ParticipantRemoved). */
  onChange(listener: (communityId: bigint, address: Address) => void, scope: Scope): void;
}
