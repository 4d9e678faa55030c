import { describe, expect, it } from 'vitest';
import { outgrowsMesh } from './outgrowsMesh.ts';

describe('outgrowsMesh', () => {
  it('keeps a room under the cap on the mesh and moves it when the roster reaches the cap', () => {
    expect(outgrowsMesh({ members: 5, cap: 6 })).toBe(false);
    expect(outgrowsMesh({ members: 6, cap: 6 })).toBe(true);
    expect(outgrowsMesh({ members: 40, cap: 6 })).toBe(true);
  });

  it('never moves a room whose cap is not set', () => {
    expect(outgrowsMesh({ members: 40, cap: 0 })).toBe(false);
  });
});
