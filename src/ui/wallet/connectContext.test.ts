import { describe, expect, it } from 'vitest';
import { connectReason, rememberBurner, rememberedBurner } from './connectContext.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

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

describe('rememberedBurner', () => {
  it('offers the dev account this tab connected with before', () => {
    const storage = memoryStorage();
    expect(rememberedBurner(storage)).toBe(0);
    rememberBurner(storage, 3);
    expect(rememberedBurner(storage)).toBe(3);
  });

  it('falls back to #0 for anything that is not a dev account', () => {
    const storage = memoryStorage();
    for (const stored of ['42', '-1', '1.5', 'bob']) {
      storage.setItem('community-chats:burner-account', stored);
      expect(rememberedBurner(storage)).toBe(0);
    }
  });
});
