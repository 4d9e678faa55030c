import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { creatorRank, planMembership } from './membership-plan.ts';

const a = '0x000000000000000000000000000000000000000a' as Address;
const b = '0x000000000000000000000000000000000000000b' as Address;
const c = '0x000000000000000000000000000000000000000c' as Address;
const d = '0x000000000000000000000000000000000000000d' as Address;

describe('planMembership', () => {
  it('lets the lowest online group member add the missing, the rest wait their turn', () => {
    const input = {
      groupMembers: [b, c],
      online: [a, b, c],
      reachable: new Set([a]),
      allowed: new Set([b, c]),
    };
    expect(planMembership({ ...input, self: b })).toEqual({ add: [a], remove: [], rank: 0 });
    expect(planMembership({ ...input, self: c })).toEqual({ add: [a], remove: [], rank: 1 });
    // The newcomer is lowest but not in the group: it cannot act.
    expect(planMembership({ ...input, self: a }).rank).toBe(-1);
  });

  it('skips members without an inbox and offline group members when electing', () => {
    const plan = planMembership({
      self: c,
      groupMembers: [b, c],
      online: [c, d],
      reachable: new Set(),
      allowed: new Set([b]),
    });
    expect(plan).toEqual({ add: [], remove: [], rank: 0 });
  });

  it('removes members off the allowlist, never itself, and nobody when unknown', () => {
    const base = { self: a, groupMembers: [a, b, c], online: [a], reachable: new Set<Address>() };
    expect(planMembership({ ...base, allowed: new Set([c]) }).remove).toEqual([b]);
    expect(planMembership({ ...base, allowed: null }).remove).toEqual([]);
  });
});

describe('creatorRank', () => {
  it('ranks by lowest address, counting this member once', () => {
    expect(creatorRank(a, [b, a])).toBe(0);
    expect(creatorRank(c, [a, b])).toBe(2);
    expect(creatorRank(a.toUpperCase().replace('0X', '0x') as Address, [])).toBe(0);
  });
});
