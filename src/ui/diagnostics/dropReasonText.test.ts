import { describe, expect, it } from 'vitest';
import { dropReasons } from '../../signaling/dropCounters.ts';
import { dropReasonText } from './dropReasonText.ts';

describe('dropReasonText', () => {
  it('explains every drop reason in words, not in its code', () => {
    for (const reason of dropReasons) {
      expect(dropReasonText[reason]).toMatch(/^[A-Z][a-z]/);
      expect(dropReasonText[reason]).not.toContain(reason);
    }
  });
});
