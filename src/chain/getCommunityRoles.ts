import { type Address, type Client, isAddressEqual, zeroAddress } from 'viem';
import { multicall } from 'viem/actions';
import { communityAccessAbi } from './generated/communityAccessAbi.ts';
import { multicallTarget } from './multicallTarget.ts';
import { toChainError } from './toChainError.ts';
import type { CommunityAccessTarget, TokenGate, TokenKind } from './types.ts';

export interface GetCommunityRolesParameters extends CommunityAccessTarget {
  communityId: bigint;
  account: Address;
}

/** What `account` may manage in the community, plus what the admin console shows. */
export interface GetCommunityRolesReturnType {
  isOwner: boolean;
  isAdmin: boolean;
  isContractOwner: boolean;
  /** May add and remove members (owner or admin). */
  canManageMembers: boolean;
  /** May edit, appoint admins, set the token gate (owner only). */
  canManageCommunity: boolean;
  /** May deactivate (owner or contract owner). */
  canDeactivate: boolean;
  /** The account the owner offered the community to, until it accepts; else null. */
  pendingOwner: Address | null;
  /** Whether `account` was offered the community and may accept it. */
  canAcceptOwnership: boolean;
  admins: readonly Address[];
  tokenGate: TokenGate;
}

/**
 * Reads the account's roles in a community, the admin list, the token gate and a pending
 * ownership offer in one multicall, so the admin console shows only controls the contract
 * would accept.
 *
 * @example
 * const roles = await getCommunityRoles(client, { contract, communityId: 0n, account });
 * if (roles.canManageMembers) showMemberControls();
 */
export async function getCommunityRoles(
  client: Client,
  { contract, communityId, account }: GetCommunityRolesParameters,
): Promise<GetCommunityRolesReturnType> {
  const base = { address: contract, abi: communityAccessAbi } as const;
  try {
    const [info, admins, gate, contractOwner, pending] = await multicall(client, {
      allowFailure: false,
      ...multicallTarget(client),
      contracts: [
        { ...base, functionName: 'getCommunityInfo', args: [communityId] },
        { ...base, functionName: 'getCommunityAdmins', args: [communityId] },
        { ...base, functionName: 'getCommunityTokenGate', args: [communityId] },
        { ...base, functionName: 'owner' },
        { ...base, functionName: 'pendingCommunityOwner', args: [communityId] },
      ],
    });
    const isOwner = isAddressEqual(info[2], account);
    const isAdmin = admins.some((admin) => isAddressEqual(admin, account));
    const isContractOwner = isAddressEqual(contractOwner, account);
    const active = info[4];
    const pendingOwner = isAddressEqual(pending, zeroAddress) ? null : pending;
    return {
      isOwner,
      isAdmin,
      isContractOwner,
      canManageMembers: active && (isOwner || isAdmin),
      canManageCommunity: active && isOwner,
      canDeactivate: active && (isOwner || isContractOwner),
      pendingOwner,
      canAcceptOwnership: active && pendingOwner !== null && isAddressEqual(pendingOwner, account),
      admins,
      tokenGate: {
        kind: gate[0] as TokenKind,
        token: gate[1],
        tokenId: gate[2],
        minBalance: gate[3],
      },
    };
  } catch (error) {
    throw toChainError(error);
  }
}
