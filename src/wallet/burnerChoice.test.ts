import { describe, expect, it } from 'vitest';
import { rememberBurner, rememberedBurner } from './burnerChoice.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('rememberedBurner', () => {
  it("prefers the tab's dev account, then the browser's", () => {
    const tab = memoryStorage();
    const browser = memoryStorage();
    expect(rememberedBurner(tab, browser)).toBeNull();
    rememberBurner(3, tab, browser);
    expect(rememberedBurner(tab, browser)).toBe(3);
    // Another tab chose #5 later: a new tab comes back as #5, this one stays #3.
    rememberBurner(5, browser);
    expect(rememberedBurner(tab, browser)).toBe(3);
    expect(rememberedBurner(memoryStorage(), browser)).toBe(5);
  });

  it('ignores anything that is not a dev account', () => {
    const storage = memoryStorage();
    for (const stored of ['42', '-1', '1.5', 'bob', '']) {
      storage.setItem('community-chats:burner-account', stored);
      expect(rememberedBurner(storage)).toBeNull();
    }
  });
});
