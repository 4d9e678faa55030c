import type { Address } from 'viem';
import type { Scope } from '../core/scope.ts';

/** "May address A enter community C now?" — answered from the contract, cached, fail closed. */
export interface AccessChecker {
  hasAccess(communityId: bigint, address: Address): Promise<boolean>;
  /** Called whenever an address's access to the community may have changed (e.g. ParticipantRemoved). */
  onChange(listener: (communityId: bigint, address: Address) => void, scope: Scope): void;
}
