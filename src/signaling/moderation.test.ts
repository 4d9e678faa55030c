import { type Address, getAddress } from 'viem';
import { describe, expect, test } from 'vitest';
import {
  boundDecisions,
  decide,
  encodeStageView,
  isStageRoom,
  MAX_DECISIONS,
  mergeDecisions,
  moderationKey,
  parseStageView,
  type StageDecision,
} from './moderation.ts';
import { roomRef } from './roomPaths.ts';

const ME = getAddress('0x00000000000000000000000000000000000A11CE');
const PEER = getAddress('0x0000000000000000000000000000000000000B0B');

describe('stage rooms', () => {
  test('a stage is a room whose id starts with stage-', () => {
    expect(isStageRoom('stage-town-hall')).toBe(true);
    expect(isStageRoom('lobby')).toBe(false);
    expect(isStageRoom('backstage-')).toBe(false);
  });

  test('the moderation node is one flat key under the room', () => {
    const room = roomRef({
      appName: 'cc',
      chainId: 1,
      contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      communityId: 3n,
      roomId: 'stage-a',
    });
    expect(moderationKey(room)).toBe(`${room.namespace}/moderation`);
  });
});

describe('stage views', () => {
  test('a view survives encoding: decisions and a mute', () => {
    const view = {
      decisions: [
        { target: PEER, role: 'removed' as const, at: 1_700_000_000_123 },
        { target: ME, role: 'speaker' as const, at: 1_700_000_000_000 },
      ],
      mute: { target: PEER, at: 1_700_000_000_500 },
    };
    expect(parseStageView(encodeStageView(view))).toEqual(view);
    expect(parseStageView(encodeStageView({ decisions: [] }))).toEqual({ decisions: [] });
  });

  test('a full view stays well under the 8 KB body limit, even escaped in an envelope', () => {
    const decisions = Array.from({ length: MAX_DECISIONS }, (_, i) => ({
      target: address(i),
      role: 'removed' as const,
      at: Date.now() + i,
    }));
    const body = encodeStageView({ decisions, mute: { target: PEER, at: Date.now() } });
    expect(JSON.stringify(body).length).toBeLessThan(6_000);
  });

  test('anything else is not a view', () => {
    const valid = JSON.parse(
      encodeStageView({ decisions: [{ target: PEER, role: 'speaker', at: 5 }] }),
    );
    const bodies = [
      'not json',
      '{}',
      JSON.stringify({ ...valid, v: 2 }),
      JSON.stringify({ v: 1, d: ['zz'] }),
      JSON.stringify({ v: 1, d: [`${'0'.repeat(40)}x5`] }),
      JSON.stringify({ v: 1, d: [], m: 'nope' }),
      JSON.stringify({ v: 1, d: 'x' }),
      // One target twice: which one counts would depend on the reader.
      JSON.stringify({ v: 1, d: [valid.d[0], valid.d[0]] }),
      // Over the bound.
      JSON.stringify({
        v: 1,
        d: Array.from({ length: MAX_DECISIONS + 1 }, (_, i) => `${hexOf(i)}s1`),
      }),
    ];
    for (const body of bodies) expect(parseStageView(body), body.slice(0, 40)).toBeUndefined();
  });
});

describe('decision merge', () => {
  test('per target, the latest decision wins, whoever made it', () => {
    const merged = mergeDecisions(
      [decision(PEER, 'speaker', 10), decision(ME, 'removed', 5)],
      [decision(PEER, 'removed', 20), decision(ME, 'speaker', 1)],
    );
    expect(merged.get(PEER.toLowerCase())?.role).toBe('removed');
    expect(merged.get(ME.toLowerCase())?.role).toBe('removed');
    expect(merged.size).toBe(2);
  });

  test('a tie goes to the stricter role, in any order', () => {
    const a = [decision(PEER, 'speaker', 10)];
    const b = [decision(PEER, 'listener', 10)];
    expect(mergeDecisions(a, b).get(PEER.toLowerCase())?.role).toBe('listener');
    expect(mergeDecisions(b, a).get(PEER.toLowerCase())?.role).toBe('listener');
  });

  test('bounding drops the oldest listener entries first, then the oldest', () => {
    const listeners = Array.from({ length: 5 }, (_, i) => decision(address(i), 'listener', i));
    const removals = Array.from({ length: 5 }, (_, i) => decision(address(10 + i), 'removed', i));
    const kept = boundDecisions([...listeners, ...removals], 7);
    expect(kept).toHaveLength(7);
    expect(kept.filter((d) => d.role === 'removed')).toHaveLength(5);
    expect(kept.filter((d) => d.role === 'listener').map((d) => d.at)).toEqual([4, 3]);
    expect(boundDecisions(removals, 2).map((d) => d.at)).toEqual([4, 3]);
  });

  test('a click becomes a decision, a mute stays one-shot', () => {
    expect(decide('invite', PEER, 7)).toEqual({ decisions: [decision(PEER, 'speaker', 7)] });
    expect(decide('move-to-listener', PEER, 7).decisions[0]?.role).toBe('listener');
    expect(decide('remove', PEER, 7).decisions[0]?.role).toBe('removed');
    expect(decide('mute', PEER, 7)).toEqual({ decisions: [], mute: { target: PEER, at: 7 } });
  });
});

function decision(target: Address, role: StageDecision['role'], at: number): StageDecision {
  return { target, role, at };
}

function hexOf(i: number): string {
  return i.toString(16).padStart(40, '0');
}

function address(i: number): Address {
  return getAddress(`0x${hexOf(i + 1)}`);
}
