/**
 * Every screen under axe-core (no serious or critical violations), and the room's icons as
 * SVG with names instead of emoji, which a system without an emoji font (Debian's Chromium)
 * draws as empty boxes: the landing page, a community (a typed room name's address shown), the
 * admin console and its create form, a room with its chat, and a stage.
 */
import { describe, expect, it } from 'vitest';
import { emojiIn, seriousViolations } from './harness/axe.ts';
import { type Participant, useE2eWorld } from './harness/index.ts';

const world = useE2eWorld();
const ALICE = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const BOB = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';

async function go(participant: Participant, hash: string, testId: string): Promise<void> {
  await participant.page.evaluate((to) => {
    location.hash = to;
  }, hash);
  await participant.byTestId(testId).first().waitFor({ timeout: 30_000 });
}

/** The accessible name of the `svg` inside `testId`'s element. */
function iconName(participant: Participant, testId: string): Promise<string | null> {
  return participant.byTestId(testId).locator('svg[role="img"]').getAttribute('aria-label');
}

describe('accessibility', () => {
  it('the landing page, a community and the admin console pass axe', async () => {
    const visitor = await world.join('visitor');
    await visitor.byTestId('connect-burner').waitFor();
    expect(await seriousViolations(visitor.page)).toEqual([]);
    // One h1 says what the app is (axe rates a missing one "moderate", so it is asked here).
    await expect(visitor.page.locator('h1').textContent()).resolves.toMatch(
      /audio rooms and chat/i,
    );

    const alice = await world.joinAs('alice-screens', 0);
    await alice.byTestId('community-0').waitFor({ timeout: 30_000 });
    expect(await seriousViolations(alice.page)).toEqual([]);
    await go(alice, '#/c/0', 'room-lobby');
    // With the address a typed room name becomes shown under the field.
    await alice.byTestId('room-name').fill('My Room!! ☕');
    await alice.byTestId('room-address').getByText('my-room').waitFor();
    expect(await seriousViolations(alice.page)).toEqual([]);
    await go(alice, '#/admin/0', 'member-controls');
    expect(await seriousViolations(alice.page)).toEqual([]);
    // Creating a community, with what letting Livepeer orchestrators in means opened.
    await go(alice, '#/admin', 'create-livepeer');
    await alice.byTestId('livepeer-hint').locator('summary').click();
    expect(await seriousViolations(alice.page)).toEqual([]);
  });

  it('a room and its chat: named SVG icons, no emoji, axe passes', async () => {
    const [alice, bob] = await Promise.all([world.joinAs('alice', 0), world.joinAs('bob', 1)]);
    await Promise.all([alice.enterRoom(0, 'lobby'), bob.enterRoom(0, 'lobby')]);
    await alice.byTestId(`participant-${BOB}`).waitFor({ timeout: 30_000 });
    await bob.byTestId('mute-button').click();
    await expect(iconName(alice, `muted-${BOB}`)).resolves.toBe('Muted');
    for (const control of ['mute-button', 'listen-button', 'devices-button']) {
      await expect(bob.byTestId(control).locator('svg').count()).resolves.toBe(1);
    }
    await expect(bob.byTestId('mute-button').textContent()).resolves.toContain('Unmute');

    const chat = (p: Participant) => p.byTestId('chat-panel');
    // Chat starts with the room, or on a click where it asks first.
    for (const p of [alice, bob]) {
      const start = chat(p).getByTestId('chat-start');
      await start.or(chat(p).getByTestId('chat-input')).first().waitFor({ timeout: 60_000 });
      if (await start.isVisible()) await start.click();
    }
    await chat(alice).getByTestId('chat-input').waitFor({ timeout: 60_000 });
    await chat(alice).getByTestId('chat-input').fill('icons please');
    await chat(alice).getByTestId('chat-send').click();
    const message = chat(bob).getByTestId('chat-message').filter({ hasText: 'icons please' });
    await message.waitFor({ timeout: 60_000 });
    const thumbs = message.getByRole('button', { name: 'React with thumbs up' });
    await expect(thumbs.locator('svg').count()).resolves.toBe(1);
    await thumbs.click();
    const reaction = message.getByTestId('message-reactions').getByRole('button');
    await expect(reaction.getByRole('img').getAttribute('aria-label')).resolves.toBe('thumbs up');

    expect(
      await emojiIn(bob.page, '[data-testid="room-screen"], [data-testid="chat-panel"]'),
    ).toEqual([]);
    expect(await seriousViolations(bob.page)).toEqual([]);
    // The owner's moderation panel: "Move to listeners" for bob, the speaker.
    await alice.byTestId(`move-to-listener-${BOB}`).waitFor();
    expect(await seriousViolations(alice.page)).toEqual([]);
  });

  it('a stage: listen and raise-hand icons, the hand on the moderator’s screen, axe passes', async () => {
    const [alice, bob] = await Promise.all([
      world.joinAs('alice-stage', 0),
      world.joinAs('bob-stage', 1),
    ]);
    await Promise.all([
      alice.enterRoom(0, 'stage-a11y', { chat: false }),
      bob.enterRoom(0, 'stage-a11y', { chat: false }),
    ]);
    await alice.byTestId(`participant-${BOB}`).waitFor({ timeout: 30_000 });
    await expect(iconName(alice, `listener-${BOB}`)).resolves.toBe('Listening');
    await bob.byTestId('hand-button').click();
    await expect(bob.byTestId('hand-button').locator('svg').count()).resolves.toBe(1);
    await expect(iconName(alice, `hand-${BOB}`)).resolves.toBe('Hand raised');
    await expect(iconName(alice, `raised-hand-${BOB}`)).resolves.toBe('Hand raised');
    await expect(iconName(bob, `hand-${BOB}`)).resolves.toBe('Hand raised');
    await expect(iconName(bob, `listener-${ALICE}`)).resolves.toBe('Listening');

    expect(await emojiIn(alice.page, '[data-testid="room-screen"], .moderation')).toEqual([]);
    expect(await seriousViolations(alice.page)).toEqual([]);
    expect(await seriousViolations(bob.page)).toEqual([]);
  });
});
