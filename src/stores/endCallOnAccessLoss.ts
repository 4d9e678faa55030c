import type { Address } from 'viem';
import type { AccessService } from '../access/AccessService.ts';
import { AppError } from '../core/errors.ts';
import type { Scope } from '../core/Scope.ts';

/** What {@link endCallOnAccessLoss} needs. */
export interface EndCallOnAccessLossParameters {
  /** The page's access service: the allowlist events every member's client follows. */
  access: Pick<AccessService, 'check' | 'onChange' | 'events'>;
  communityId: bigint;
  /** This member. */
  self: Address;
  /** Ends the call for the reason the room screen shows. */
  end: (reason: AppError) => void;
}

/** The reason a call ends when this member's access went: shown as "access lost". */
function accessRevoked(): AppError {
  return new AppError('ACCESS_REVOKED', 'The chain no longer lets this member enter', {
    category: 'user',
  });
}

/**
 * Ends the call once the chain says this member may no longer enter the community (removed
 * from the allowlist or the global one, the community deactivated, the gate token gone). The
 * member's own client follows the same allowlist events the others use to drop them, so it
 * learns as fast as they do instead of sitting in a call nobody answers. Only the chain's word
 * ends it: a refusal because the chain did not answer keeps the call.
 *
 * @example
 * endCallOnAccessLoss({ access, communityId, self: address, end: (r) => meeting.end(r) }, scope);
 */
export function endCallOnAccessLoss(
  { access, communityId, self, end }: EndCallOnAccessLossParameters,
  scope: Scope,
): void {
  const me = self.toLowerCase();
  const recheck = async () => {
    const answer = await access.check(communityId, self);
    if (scope.ended || answer.allowed || answer.source === 'unavailable') return;
    end(accessRevoked());
  };
  access.onChange((changed, address) => {
    if (changed === communityId && address.toLowerCase() === me) void recheck();
  }, scope);
  // Changes to a whole community or to an address everywhere reach `onChange` only for pairs
  // the service has asked about; follow them here too.
  access.events.on(
    'invalidated',
    ({ communityId: changed, address }) => {
      const ours = changed === null || changed === communityId;
      if (ours && (address === null || address.toLowerCase() === me)) void recheck();
    },
    scope,
  );
  // Asked once on entry: the answer may already be no (removed while the room opened).
  void recheck();
}
