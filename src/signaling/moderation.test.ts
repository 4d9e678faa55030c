import { type Address, getAddress } from 'viem';
import { describe, expect, test } from 'vitest';
import {
  encodeModerationCommand,
  isStageRoom,
  moderationEffect,
  moderationKey,
  parseModerationCommand,
} from './moderation.ts';
import { roomRef } from './roomPaths.ts';

const ME = getAddress('0x00000000000000000000000000000000000A11CE');
const PEER = getAddress('0x0000000000000000000000000000000000000B0B');
const MOD = getAddress('0x000000000000000000000000000000000000D00D');

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

describe('moderation commands', () => {
  test('round-trip with a checksummed target', () => {
    const body = encodeModerationCommand({ action: 'invite', target: PEER });
    expect(parseModerationCommand(body)).toEqual({ action: 'invite', target: PEER });
  });

  test.each([
    'not json',
    '{"action":"ban","target":"0x0000000000000000000000000000000000000b0b"}',
    '{"action":"mute","target":"bob"}',
    '{"action":"mute"}',
    '[]',
  ])('rejects %s', (body) => {
    expect(parseModerationCommand(body)).toBeUndefined();
  });
});

describe('moderationEffect', () => {
  const order = (action: 'invite' | 'move-to-listener' | 'mute' | 'remove', target: Address) => ({
    action,
    target,
    from: MOD,
  });

  test('only the target obeys invite, move and mute', () => {
    expect(moderationEffect(order('invite', ME), ME)).toEqual({
      kind: 'set-role',
      role: 'speaker',
    });
    expect(moderationEffect(order('move-to-listener', ME), ME)).toEqual({
      kind: 'set-role',
      role: 'listener',
    });
    expect(moderationEffect(order('mute', ME), ME)).toEqual({ kind: 'mute' });
    for (const action of ['invite', 'move-to-listener', 'mute'] as const) {
      expect(moderationEffect(order(action, PEER), ME)).toEqual({ kind: 'none' });
    }
  });

  test('everyone acts on remove: the target leaves, others drop it', () => {
    expect(moderationEffect(order('remove', ME), ME)).toEqual({ kind: 'leave' });
    expect(moderationEffect(order('remove', PEER), ME)).toEqual({ kind: 'drop', address: PEER });
  });

  test('addresses compare without case', () => {
    const lower = ME.toLowerCase() as Address;
    expect(moderationEffect(order('mute', lower), ME)).toEqual({ kind: 'mute' });
  });
});
