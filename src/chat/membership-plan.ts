import type { Address } from 'viem';

/** What one member knows when deciding who joins or leaves a room's group. */
export interface MembershipInput {
  self: Address;
  /** Current members of the group (lower-cased). */
  groupMembers: readonly Address[];
  /** Verified members online in the room now (the roster), lower-cased. */
  online: readonly Address[];
  /** Addresses with an XMTP inbox, among those missing from the group. */
  reachable: ReadonlySet<Address>;
  /** Group members still on the allowlist; null when that could not be checked. */
  allowed: ReadonlySet<Address> | null;
}

/** The changes the group needs, and this member's turn to make them. */
export interface MembershipPlan {
  add: Address[];
  remove: Address[];
  /**
   * This member's place among the online group members, lowest address first: 0 acts at
   * once, rank k only after k grace periods (a backup if those before it are gone);
   * -1 when this member cannot act (not in the group).
   */
  rank: number;
}

/**
 * Decides, the same way on every member, who adds online verified members missing from
 * the group and removes members no longer allowlisted: the lowest address among online
 * group members acts, the next ones only if it has not after their grace period.
 *
 * @example
 * planMembership({ self, groupMembers, online, reachable, allowed }) // { add: [carol], remove: [], rank: 0 }
 */
export function planMembership(input: MembershipInput): MembershipPlan {
  const self = input.self.toLowerCase() as Address;
  const inGroup = new Set(input.groupMembers.map((a) => a.toLowerCase() as Address));
  const online = new Set(input.online.map((a) => a.toLowerCase() as Address));
  const actors = [...inGroup].filter((a) => a === self || online.has(a)).sort();
  const rank = inGroup.has(self) ? actors.indexOf(self) : -1;
  const add = [...online]
    .filter((a) => a !== self && !inGroup.has(a) && input.reachable.has(a))
    .sort();
  const allowed = input.allowed;
  const remove =
    allowed === null ? [] : [...inGroup].filter((a) => a !== self && !allowed.has(a)).sort();
  return { add, remove, rank };
}

/**
 * Who creates a room's group when none is published: the lowest online address creates at
 * once, the next ones only after their grace periods. Returns this member's rank.
 *
 * @example
 * creatorRank('0xa…', ['0xb…', '0xa…']) // 0
 */
export function creatorRank(self: Address, online: readonly Address[]): number {
  const lower = self.toLowerCase() as Address;
  const everyone = [...new Set([lower, ...online.map((a) => a.toLowerCase() as Address)])].sort();
  return everyone.indexOf(lower);
}
