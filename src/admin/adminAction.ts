import type { Address } from 'viem';
import type { TokenGate } from '../chain/types.ts';
import { shortAddress } from '../names/generatedAvatar.ts';

/**
 * One transaction the admin console can send, named after the CommunityAccess function it
 * calls. Plain data, so it can be shown, tracked and retried.
 */
export type AdminAction =
  | {
      kind: 'createCommunity';
      name: string;
      description: string;
      requireLivepeerRegistration: boolean;
    }
  | { kind: 'updateCommunity'; communityId: bigint; name: string; description: string }
  | { kind: 'deactivateCommunity'; communityId: bigint }
  | { kind: 'addCommunityAdmin'; communityId: bigint; admin: Address }
  | { kind: 'removeCommunityAdmin'; communityId: bigint; admin: Address }
  | { kind: 'addParticipantToCommunity'; communityId: bigint; participant: Address }
  | { kind: 'addParticipantsToCommunity'; communityId: bigint; participants: readonly Address[] }
  | { kind: 'removeParticipantFromCommunity'; communityId: bigint; participant: Address }
  | { kind: 'setCommunityTokenGate'; communityId: bigint; gate: TokenGate | null }
  | { kind: 'addToGlobalAllowlist'; participant: Address }
  | { kind: 'removeFromGlobalAllowlist'; participant: Address };

/**
 * What a transaction does, in the words the transaction list shows.
 *
 * @example
 * describeAdminAction({ kind: 'deactivateCommunity', communityId: 3n }); // 'Deactivate community 3'
 */
export function describeAdminAction(action: AdminAction): string {
  switch (action.kind) {
    case 'createCommunity':
      return `Create community “${action.name}”`;
    case 'updateCommunity':
      return `Rename community ${action.communityId} to “${action.name}”`;
    case 'deactivateCommunity':
      return `Deactivate community ${action.communityId}`;
    case 'addCommunityAdmin':
      return `Appoint ${shortAddress(action.admin)} as admin`;
    case 'removeCommunityAdmin':
      return `Remove ${shortAddress(action.admin)} as admin`;
    case 'addParticipantToCommunity':
      return `Add ${shortAddress(action.participant)}`;
    case 'addParticipantsToCommunity': {
      const n = action.participants.length;
      return `Add ${n} ${n === 1 ? 'member' : 'members'}`;
    }
    case 'removeParticipantFromCommunity':
      return `Remove ${shortAddress(action.participant)}`;
    case 'setCommunityTokenGate':
      return action.gate === null ? 'Clear the token gate' : 'Set the token gate';
    case 'addToGlobalAllowlist':
      return `Add ${shortAddress(action.participant)} to the global allowlist`;
    case 'removeFromGlobalAllowlist':
      return `Remove ${shortAddress(action.participant)} from the global allowlist`;
  }
}
