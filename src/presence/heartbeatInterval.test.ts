import { describe, expect, it } from 'vitest';
import { heartbeatInterval } from './heartbeatInterval.ts';

describe('heartbeatInterval', () => {
  it('keeps the base interval in a room of up to 50 and grows it past that', () => {
    expect(heartbeatInterval(5_000, 1)).toBe(5_000);
    expect(heartbeatInterval(5_000, 50)).toBe(5_000);
    expect(heartbeatInterval(5_000, 51)).toBe(5_050);
    expect(heartbeatInterval(5_000, 200)).toBe(12_500);
  });

  it('keeps the beats each member verifies per second nearly flat as the room grows', () => {
    const perSecond = (members: number) =>
      ((members - 1) / heartbeatInterval(5_000, members)) * 1000;
    expect(perSecond(200)).toBeLessThan(perSecond(50) * 1.7);
    expect(perSecond(500)).toBeLessThan(perSecond(200) * 1.3);
  });
});
