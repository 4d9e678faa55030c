import type { Address } from 'viem';
import type { ChatGroupMember } from './types.ts';

/**
 * An answer from the chain: 'no' only when the chain said so; 'unknown' when it could not
 * be asked (RPC down, or only a grace answer). Nothing is ever removed on 'unknown'.
 */
export type Verdict = 'yes' | 'no' | 'unknown';

/** What one member knows when deciding what a room's group needs. */
export interface GroupPlanInput {
  self: Address;
  members: readonly ChatGroupMember[];
  /** Verified members online in the room now (the roster), lower-cased. */
  online: readonly Address[];
  /** Addresses with an XMTP inbox, among the online ones missing from the group. */
  reachable: ReadonlySet<Address>;
  /** Allowlist answers for the members' addresses. */
  access: ReadonlyMap<Address, Verdict>;
  /** "Owner or admin of the community" answers for the members' addresses and `self`. */
  moderators: ReadonlyMap<Address, Verdict>;
}

/** What the group needs, and this member's turn to do it. */
export interface GroupPlan {
  /**
   * The group's super admin is no longer an owner or admin of the community (or no longer
   * allowed), or an admin lost that role and no super admin is here to take it back: the
   * group is left for a new one, created and published by an owner or admin.
   */
  abandoned: boolean;
  /** Online members missing from the group. */
  add: Address[];
  /** Inboxes that are outsiders: no Ethereum identity, or none of them allowed. */
  remove: string[];
  /** Members who are owners or admins of the community but not admins of the group. */
  promote: string[];
  /** Admins of the group who are no longer owners or admins of the community. */
  demote: string[];
  /** Who a replacement group starts with (besides its creator): one allowed address each. */
  keep: Address[];
  /**
   * This member's place among those who may do the work: 0 acts at once, k only after k
   * grace periods (a backup when those before it are gone); -1 when it may not act.
   */
  rank: number;
}

/**
 * Decides, the same way on every member, what a room's group needs. Membership follows
 * the allowlist and only owners and admins of the community (the contract's word) act:
 * the group's super admin first, its other admins after their grace periods. On the
 * chain's silence ('unknown') nobody is removed, demoted or replaced.
 *
 * @example
 * planRoomGroup({ self, members, online, reachable, access, moderators }).add // [carol]
 */
export function planRoomGroup(input: GroupPlanInput): GroupPlan {
  const self = lower(input.self);
  const online = new Set(input.online.map(lower));
  const inGroup = new Set(input.members.flatMap((m) => m.addresses));
  const allowed = (m: ChatGroupMember) => verdictOf(m.addresses, input.access);
  const moderator = (m: ChatGroupMember) => verdictOf(m.addresses, input.moderators);
  const isSelf = (m: ChatGroupMember) => m.addresses.includes(self);
  const here = (m: ChatGroupMember) => isSelf(m) || m.addresses.some((a) => online.has(a));

  const lost = (m: ChatGroupMember) => allowed(m) === 'no' || moderator(m) === 'no';
  const superAdmins = input.members.filter((m) => m.role === 'super-admin');
  const demote = input.members.filter((m) => m.role === 'admin' && lost(m)).map((m) => m.inboxId);
  const acting = (m: ChatGroupMember) => here(m) && moderator(m) === 'yes' && allowed(m) !== 'no';
  const superHere = superAdmins.some(acting);
  const abandoned = superAdmins.some(lost) || (demote.length > 0 && !superHere);

  const add = [...online]
    .filter((a) => a !== self && !inGroup.has(a) && input.reachable.has(a))
    .sort();
  const remove = input.members
    .filter((m) => !isSelf(m) && m.role === 'member' && allowed(m) === 'no')
    .map((m) => m.inboxId);
  const promote = input.members
    .filter((m) => m.role === 'member' && moderator(m) === 'yes' && allowed(m) === 'yes')
    .map((m) => m.inboxId);
  const keep = input.members
    .filter((m) => !isSelf(m))
    .flatMap((m) => m.addresses.find((a) => input.access.get(a) === 'yes') ?? [])
    .concat(add)
    .sort();

  const selfModerator = input.moderators.get(self) === 'yes';
  let rank = -1;
  if (abandoned) {
    // Any owner or admin of the community here may replace the group, lowest address first.
    const candidates = [...new Set([...online, self])]
      .filter((a) => input.moderators.get(a) === 'yes')
      .sort();
    rank = selfModerator ? candidates.indexOf(self) : -1;
  } else {
    // The group's super admin first, then its other admins (both owners or admins now).
    const actors = input.members
      .filter((m) => m.role !== 'member' && acting(m))
      .sort(
        (x, y) => roleOrder(x) - roleOrder(y) || firstAddress(x).localeCompare(firstAddress(y)),
      );
    rank = actors.findIndex(isSelf);
  }
  return { abandoned, add, remove, promote, demote, keep, rank };
}

/**
 * Who creates a room's group when none is published: the owners and admins of the
 * community who are here, lowest address first; -1 for anyone else.
 *
 * @example
 * creatorRank('0xa…', ['0xb…', '0xa…'], moderators) // 0 when both are admins
 */
export function creatorRank(
  self: Address,
  online: readonly Address[],
  moderators: ReadonlyMap<Address, Verdict>,
): number {
  const me = lower(self);
  if (moderators.get(me) !== 'yes') return -1;
  const candidates = [...new Set([me, ...online.map(lower)])]
    .filter((a) => moderators.get(a) === 'yes')
    .sort();
  return candidates.indexOf(me);
}

/** One verdict for an inbox from those of its addresses: no address at all is a 'no'. */
function verdictOf(addresses: readonly Address[], answers: ReadonlyMap<Address, Verdict>): Verdict {
  const verdicts = addresses.map((a) => answers.get(a) ?? 'unknown');
  if (verdicts.includes('yes')) return 'yes';
  return verdicts.every((v) => v === 'no') ? 'no' : 'unknown';
}

function roleOrder(member: ChatGroupMember): number {
  return member.role === 'super-admin' ? 0 : 1;
}

function firstAddress(member: ChatGroupMember): string {
  return [...member.addresses].sort()[0] ?? '';
}

function lower(address: Address): Address {
  return address.toLowerCase() as Address;
}
