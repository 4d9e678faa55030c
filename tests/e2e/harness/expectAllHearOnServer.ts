import { expect } from 'vitest';
import { HEARD, inboundBytes, loudestLevel, openConnections } from './audioProbe.ts';
import type { Participant } from './participant.ts';

// What a member on the media server notices, for pages that run the audio probe (PROBE).

/** Waits until the person's room runs live on the media server. */
export function liveOnServer(person: Participant, timeout = 30_000): Promise<void> {
  return person.page
    .locator('[data-testid="media-notice"][data-state="live"]')
    .waitFor({ timeout });
}

/**
 * Each person holds one connection (to the media server) and hears it: bytes keep arriving and
 * the loudest level in 2.5 s is above silence.
 */
export async function expectAllHearOnServer(people: readonly Participant[]): Promise<void> {
  for (const person of people) {
    await expect.poll(() => openConnections(person.page), { timeout: 20_000 }).toBe(1);
  }
  const before = await Promise.all(people.map((person) => inboundBytes(person.page)));
  const levels = await Promise.all(people.map((person) => loudestLevel(person.page, 2_500)));
  const after = await Promise.all(people.map((person) => inboundBytes(person.page)));
  const heard = after.map((bytes, i) =>
    bytes > (before[i] ?? 0) && (levels[i] ?? 0) > HEARD ? 'hears' : 'does not hear',
  );
  expect(heard).toEqual(people.map(() => 'hears'));
}
