import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { creatorRank, planRoomGroup, type Verdict } from './planRoomGroup.ts';
import type { ChatGroupMember, ChatRole } from './types.ts';

const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => `0x${x.repeat(40)}` as Address) as [
  Address,
  Address,
  Address,
  Address,
];
const member = (address: Address | null, role: ChatRole = 'member'): ChatGroupMember => ({
  inboxId: `inbox-${address ?? 'none'}`,
  addresses: address === null ? [] : [address],
  role,
});
const answers = (yes: Address[], no: Address[] = []) =>
  new Map<Address, Verdict>([
    ...yes.map((x) => [x, 'yes'] as const),
    ...no.map((x) => [x, 'no'] as const),
  ]);

describe('planRoomGroup', () => {
  const base = {
    members: [member(a, 'super-admin'), member(b)],
    online: [a, b, c],
    reachable: new Set([c]),
    access: answers([a, b, c]),
    moderators: answers([a], [b, c]),
  };

  it('lets the super admin add newcomers; plain members may not act', () => {
    expect(planRoomGroup({ ...base, self: a })).toMatchObject({ add: [c], rank: 0 });
    expect(planRoomGroup({ ...base, self: b }).rank).toBe(-1);
  });

  it('removes outsiders: off the allowlist, or an inbox with no Ethereum identity', () => {
    const members = [...base.members, member(null), member(d)];
    const plan = planRoomGroup({
      ...base,
      self: a,
      members,
      access: answers([a, b, c], [d]),
    });
    expect(plan.remove).toEqual(['inbox-none', `inbox-${d}`]);
    expect(plan.abandoned).toBe(false);
  });

  it('removes nobody the chain has not refused (RPC down)', () => {
    const members = [...base.members, member(d)];
    const unknown = new Map<Address, Verdict>([[a, 'yes']]);
    const plan = planRoomGroup({ ...base, self: a, members, access: unknown });
    expect(plan.remove).toEqual([]);
    expect(plan.abandoned).toBe(false);
  });

  it('promotes fellow community admins and demotes those who lost the role', () => {
    const members = [member(a, 'super-admin'), member(b), member(c, 'admin')];
    const plan = planRoomGroup({ ...base, self: a, members, moderators: answers([a, b], [c]) });
    expect(plan.promote).toEqual([`inbox-${b}`]);
    expect(plan.demote).toEqual([`inbox-${c}`]);
    expect(plan.abandoned).toBe(false);
  });

  it('abandons a group whose super admin lost the role, for an admin here to replace', () => {
    const members = [member(a, 'super-admin'), member(b, 'admin'), member(c)];
    const moderators = answers([b], [a, c]);
    const plan = planRoomGroup({ ...base, self: b, members, moderators, reachable: new Set() });
    expect(plan).toMatchObject({ abandoned: true, rank: 0, keep: [a, c] });
    expect(planRoomGroup({ ...base, self: c, members, moderators }).rank).toBe(-1);
    const offList = planRoomGroup({
      ...base,
      self: b,
      members,
      access: answers([b, c], [a]),
      moderators: answers([a, b], [c]),
    });
    expect(offList).toMatchObject({ abandoned: true, keep: [c] });
  });

  it('abandons a group with an ex-admin when no super admin is here to demote it', () => {
    const members = [member(a, 'super-admin'), member(b, 'admin'), member(c, 'admin')];
    const input = { ...base, self: b, members, moderators: answers([a, b], [c]) };
    expect(planRoomGroup(input).abandoned).toBe(false);
    expect(planRoomGroup({ ...input, online: [b, c] }).abandoned).toBe(true);
  });
});

describe('creatorRank', () => {
  it('ranks only community admins here, lowest address first', () => {
    expect(creatorRank(b, [a, b, c], answers([a, b]))).toBe(1);
    expect(creatorRank(a, [a, b], answers([a, b]))).toBe(0);
    expect(creatorRank(c, [a, c], answers([a]))).toBe(-1);
    expect(creatorRank(c, [a, c], new Map())).toBe(-1);
  });
});
