import { describe, expect, it } from 'vitest';
import { useE2eWorld } from './harness/index.ts';

const world = useE2eWorld();

describe('picking a community', () => {
  it('shows members their community and lets them into its rooms', async () => {
    const alice = await world.joinAs('alice', 0);
    const demo = alice.byTestId('my-communities').getByTestId('community-0');
    await expect(demo.getByTestId('member-count').textContent()).resolves.toMatch(/5\s+members/);
    await demo.getByRole('link', { name: 'Demo Community' }).click();
    await expect(alice.byTestId('community-name').textContent()).resolves.toBe('Demo Community');
    await alice.byTestId('manage-link').waitFor();
    // The one naming rule with a consequence is told where rooms are named.
    await expect(alice.byTestId('stage-hint').textContent()).resolves.toContain('“stage-”');
    await alice.byTestId('room-lobby').click();
    await alice.byTestId('session-signature').waitFor();
  });

  it('keeps a non-member out of the rooms, even by direct link', async () => {
    const outsider = await world.joinAs('outsider', 7);
    const demo = outsider.byTestId('other-communities').getByTestId('community-0');
    await expect(demo.textContent()).resolves.toContain('Members only');
    await expect(demo.getByRole('link').count()).resolves.toBe(0);
    await outsider.page.evaluate(() => {
      location.hash = '#/c/0/r/lobby';
    });
    await outsider.byTestId('room-refused').waitFor();
    await expect(outsider.byTestId('session-signature').count()).resolves.toBe(0);
    await expect(outsider.byTestId('room-screen').count()).resolves.toBe(0);
  });
});
