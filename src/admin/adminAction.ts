import type { Address } from 'viem';
import type { GetCommunityServersReturnType } from '../chain/getCommunityServers.ts';
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
  | { kind: 'transferCommunityOwnership'; communityId: bigint; newOwner: Address }
  | { kind: 'cancelCommunityOwnershipTransfer'; communityId: bigint }
  | { kind: 'acceptCommunityOwnership'; communityId: bigint }
  | { kind: 'addParticipantToCommunity'; communityId: bigint; participant: Address }
  | { kind: 'addParticipantsToCommunity'; communityId: bigint; participants: readonly Address[] }
  | { kind: 'removeParticipantFromCommunity'; communityId: bigint; participant: Address }
  | { kind: 'setCommunityTokenGate'; communityId: bigint; gate: TokenGate | null }
  | { kind: 'setCommunityServers'; communityId: bigint; servers: GetCommunityServersReturnType }
  | { kind: 'addToGlobalAllowlist'; participant: Address }
  | { kind: 'removeFromGlobalAllowlist'; participant: Address };

/** How an address is named in a sentence: an ENS name, or a short address. */
export type AddressLabel = (address: Address) => string;

/**
 * What a transaction does, in the words the transaction list shows. `label` names the
 * addresses (default: short checksummed addresses).
 *
 * @example
 * describeAdminAction({ kind: 'deactivateCommunity', communityId: 3n }); // 'Deactivate community 3'
 * describeAdminAction(remove, (a) => names.peek(a).label); // 'Remove bob.eth'
 */
export function describeAdminAction(
  action: AdminAction,
  label: AddressLabel = shortAddress,
): string {
  switch (action.kind) {
    case 'createCommunity':
      return `Create community “${action.name}”`;
    case 'updateCommunity':
      return `Rename community ${action.communityId} to “${action.name}”`;
    case 'deactivateCommunity':
      return `Deactivate community ${action.communityId}`;
    case 'addCommunityAdmin':
      return `Appoint ${label(action.admin)} as admin`;
    case 'removeCommunityAdmin':
      return `Remove ${label(action.admin)} as admin`;
    case 'transferCommunityOwnership':
      return `Offer community ${action.communityId} to ${label(action.newOwner)}`;
    case 'cancelCommunityOwnershipTransfer':
      return `Withdraw the offer of community ${action.communityId}`;
    case 'acceptCommunityOwnership':
      return `Accept ownership of community ${action.communityId}`;
    case 'addParticipantToCommunity':
      return `Add ${label(action.participant)}`;
    case 'addParticipantsToCommunity': {
      const n = action.participants.length;
      return `Add ${n} ${n === 1 ? 'member' : 'members'}`;
    }
    case 'removeParticipantFromCommunity':
      return `Remove ${label(action.participant)}`;
    case 'setCommunityTokenGate':
      return action.gate === null ? 'Clear the token gate' : 'Set the token gate';
    case 'setCommunityServers':
      return "Set the community's servers";
    case 'addToGlobalAllowlist':
      return `Add ${label(action.participant)} to the global allowlist`;
    case 'removeFromGlobalAllowlist':
      return `Remove ${label(action.participant)} from the global allowlist`;
  }
}
