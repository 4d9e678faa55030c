import { describe, expect, it } from 'vitest';
import { connectReason } from './connectContext.ts';

describe('connectReason', () => {
  it('says where a link leads once the wallet is connected', () => {
    expect(connectReason({ name: 'room', communityId: 0n, roomId: 'stage-town-hall' })).toBe(
      'Connect to enter the room “stage-town-hall”.',
    );
    expect(connectReason({ name: 'community', communityId: 3n })).toBe(
      'Connect to open this community.',
    );
  });

  it('says nothing extra on the home page', () => {
    expect(connectReason({ name: 'home' })).toBeNull();
  });
});
