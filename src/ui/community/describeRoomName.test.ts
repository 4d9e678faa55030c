import { describe, expect, it } from 'vitest';
import { describeRoomName } from './describeRoomName.ts';

describe('describeRoomName', () => {
  it('tells the address a rewritten name becomes, and why', () => {
    const described = describeRoomName('My Room!! ☕');
    expect(described.roomId).toBe('my-room');
    expect(described.rewritten).toMatch(/letters, digits and dashes only, up to 32/);
    expect(described.stage).toBe(false);
  });

  it('says nothing more when the name is already the address', () => {
    expect(describeRoomName('  weekly-call ')).toEqual({
      roomId: 'weekly-call',
      rewritten: null,
      stage: false,
    });
  });

  it('tells that a long name is cut to 32 characters', () => {
    const described = describeRoomName('a'.repeat(40));
    expect(described.roomId).toBe('a'.repeat(32));
    expect(described.rewritten).toMatch(/up to 32 characters/);
  });

  it('says a name of only symbols leads nowhere, and an empty one says nothing', () => {
    expect(describeRoomName('☕!!')).toMatchObject({ roomId: null });
    expect(describeRoomName('☕!!').rewritten).toMatch(/has none of them/);
    expect(describeRoomName('   ')).toEqual({ roomId: null, rewritten: null, stage: false });
  });

  it('marks a stage by its address, however it was typed', () => {
    expect(describeRoomName('Stage Town Hall')).toMatchObject({
      roomId: 'stage-town-hall',
      stage: true,
    });
  });
});
