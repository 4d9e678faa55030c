import { describe, expect, it } from 'vitest';
import { textLimits } from './communityText.ts';

describe('textLimits', () => {
  it('accepts a name and a description that fit', () => {
    expect(textLimits('Builders', 'Weekly calls')).toBeNull();
  });

  it('asks for a name', () => {
    expect(textLimits('   ', '')).toBe('Give the community a name.');
  });

  it('counts bytes, not characters, as the contract does', () => {
    expect(textLimits('é'.repeat(32), '')).toBeNull();
    expect(textLimits('é'.repeat(33), '')).toMatch(/66 bytes/);
    expect(textLimits('ok', 'x'.repeat(1025))).toMatch(/1025 bytes/);
  });
});
