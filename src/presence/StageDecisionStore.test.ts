import { getAddress } from 'viem';
import { describe, expect, test } from 'vitest';
import { MAX_DECISIONS } from '../signaling/moderation.ts';
import { DEFAULT_KEEP_MS, StageDecisionStore, stageDecisionKey } from './StageDecisionStore.ts';

const BOB = getAddress('0x0000000000000000000000000000000000000B0B');

function setup(now: { t: number }, storage = new Map<string, string>()) {
  const store = new StageDecisionStore({
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) },
    key: stageDecisionKey('room', '0xABC'),
    clock: { now: () => now.t },
  });
  return { store, storage };
}

describe('StageDecisionStore', () => {
  test('keeps decisions across instances until they expire', () => {
    const now = { t: 1_000_000 };
    const { store, storage } = setup(now);
    store.save([{ target: BOB, role: 'removed', at: now.t }]);
    expect(setup(now, storage).store.load()).toEqual([{ target: BOB, role: 'removed', at: now.t }]);
    now.t += DEFAULT_KEEP_MS + 1;
    expect(setup(now, storage).store.load()).toEqual([]);
  });

  test('is bounded like a published view', () => {
    const now = { t: 1_000_000 };
    const { store } = setup(now);
    const many = Array.from({ length: MAX_DECISIONS + 20 }, (_, i) => ({
      target: getAddress(`0x${(i + 1).toString(16).padStart(40, '0')}`),
      role: 'removed' as const,
      at: now.t - i,
    }));
    store.save(many);
    expect(store.load()).toHaveLength(MAX_DECISIONS);
  });

  test('garbage or failing storage reads as nothing', () => {
    const now = { t: 1 };
    const storage = new Map([[stageDecisionKey('room', '0xabc'), 'not json']]);
    expect(setup(now, storage).store.load()).toEqual([]);
    const broken = new StageDecisionStore({
      storage: {
        getItem: () => {
          throw new Error('denied');
        },
        setItem: () => {
          throw new Error('full');
        },
      },
      key: 'k',
      clock: { now: () => 1 },
    });
    broken.save([{ target: BOB, role: 'removed', at: 1 }]);
    expect(broken.load()).toEqual([]);
  });
});
