import { describe, expect, it } from 'vitest';
import {
  BroadcastSettings,
  broadcastSettingsKey,
  type TargetStorage,
} from './BroadcastSettings.ts';

function memoryStorage(
  entries: [string, string][] = [],
): TargetStorage & { map: Map<string, string> } {
  const map = new Map(entries);
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

describe('BroadcastSettings', () => {
  it('keeps the URL and token per community, in this browser only', () => {
    const storage = memoryStorage();
    const one = new BroadcastSettings(storage, broadcastSettingsKey('app', 1n));
    const two = new BroadcastSettings(storage, broadcastSettingsKey('app', 2n));
    one.save({ url: 'https://livepeer.studio/webrtc/key-1', token: '' });
    expect(new BroadcastSettings(storage, broadcastSettingsKey('app', 1n)).load()).toEqual({
      url: 'https://livepeer.studio/webrtc/key-1',
      token: '',
    });
    expect(two.load()).toEqual({ url: '', token: '' });
    one.clear();
    expect(one.load()).toEqual({ url: '', token: '' });
  });

  it('reads garbage or an oversized value as an empty form', () => {
    const key = broadcastSettingsKey('app', 1n);
    for (const raw of ['not json', 'null', '{"url":5}', `"${'x'.repeat(9000)}"`]) {
      const settings = new BroadcastSettings(memoryStorage([[key, raw]]), key);
      expect(settings.load()).toEqual({ url: '', token: '' });
    }
  });
});
