import { describe, expect, it } from 'vitest';
import { rovingIndex } from './rovingIndex.ts';

describe('rovingIndex', () => {
  it('moves with the arrows, wrapping around, and jumps with Home and End', () => {
    expect(rovingIndex('ArrowRight', 0, 3)).toBe(1);
    expect(rovingIndex('ArrowRight', 2, 3)).toBe(0);
    expect(rovingIndex('ArrowLeft', 0, 3)).toBe(2);
    expect(rovingIndex('Home', 2, 3)).toBe(0);
    expect(rovingIndex('End', 0, 3)).toBe(2);
  });

  it('leaves other keys, and an empty toolbar, alone', () => {
    expect(rovingIndex('Enter', 0, 3)).toBeUndefined();
    expect(rovingIndex('Tab', 0, 3)).toBeUndefined();
    expect(rovingIndex('ArrowDown', 0, 3)).toBeUndefined();
    expect(rovingIndex('ArrowRight', 0, 0)).toBeUndefined();
  });
});
