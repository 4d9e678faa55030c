import { hashMessage } from 'viem';
import { describe, expect, it } from 'vitest';
import { personalMessageHash } from './personalMessageHash.ts';

describe('personalMessageHash', () => {
  it("is viem's hashMessage, also for messages seen again after many others", () => {
    const messages = Array.from({ length: 300 }, (_, i) => `certificate ${i}\n${'x'.repeat(i)}`);
    for (const message of [...messages, ...messages.slice(0, 10), ...messages.slice(-10)]) {
      expect(personalMessageHash(message)).toBe(hashMessage(message));
    }
  });
});
